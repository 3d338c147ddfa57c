"""Treatment consents: record one per session (append-only), with a guardian for minors; list them for inspectors."""

from __future__ import annotations

from datetime import date, timedelta

from app.core.clock import Clock
from app.core.i18n import _
from app.db.engine import Database
from app.db.repos.audit import AuditRepository
from app.db.repos.clients import ClientRepository
from app.db.repos.consents import ConsentRepository
from app.db.repos.settings import SettingsRepository
from app.domain.bounds import FIRST_DAY, LAST_DAY
from app.domain.client_rules import age_on, local_date, local_midnight
from app.domain.clients import Consent, ConsentEntry
from app.domain.errors import ConflictError, NotFoundError, ValidationError
from app.domain.records import StudioSettings, User
from app.reports.images import check_png
from app.services.authz import require_user

PNG_MAGIC = b"\x89PNG\r\n\x1a\n"
MAX_SIGNATURE_BYTES = 512 * 1024
YOUNGEST_EVER = 16  # below this age no consent is taken, guardian or not
ADULT_AGE = 18


def check_signature(png: bytes) -> bytes:
    """Return the signature image if it is a readable PNG of at most 512 KiB within the pixel bounds,
    else say what is wrong."""
    if not png:
        raise ValidationError(_("The consent has no signature. Ask the client to sign, then save again."))
    if not png.startswith(PNG_MAGIC):
        raise ValidationError(_("The signature is not a PNG image. Send the signature pad's PNG."))
    if len(png) > MAX_SIGNATURE_BYTES:
        raise ValidationError(_("The signature image is %(size)s KiB; the limit is 512 KiB. "
                                "Save it smaller (fewer pixels or colours) and send it again.", size=len(png) // 1024))
    check_png(png)
    return png


def _guardian(age: int, settings: StudioSettings, name: str | None,
              relation: str | None) -> tuple[str | None, str | None]:
    if age < YOUNGEST_EVER:
        raise ValidationError(_("The client is %(age)s on the session date. The studio does not tattoo anyone "
                                "under %(youngest)s, even with a guardian's consent.", age=age, youngest=YOUNGEST_EVER))
    name, relation = (name or "").strip()[:200] or None, (relation or "").strip()[:80] or None
    of_age = max(ADULT_AGE, settings.minimum_age)
    if age < of_age and not (name and relation):
        raise ValidationError(_("The client is %(age)s on the session date, under %(of_age)s: a parent or guardian "
                                "must sign too. Enter the guardian's name and their relation to the client.",
                                age=age, of_age=of_age))
    return name, relation


class ConsentService:
    """Consents are signed records: they are added, read and listed, never changed."""

    def __init__(self, db: Database, clock: Clock | None = None, consents: ConsentRepository | None = None,
                 clients: ClientRepository | None = None, settings: SettingsRepository | None = None,
                 audit: AuditRepository | None = None):
        self.db, self.clock = db, clock or Clock()
        self.consents, self.clients = consents or ConsentRepository(), clients or ClientRepository()
        self.settings, self.audit = settings or SettingsRepository(), audit or AuditRepository()

    def record(self, actor: User | None, session_id: str, *, form_version: str, signature_png: bytes,
               guardian_name: str | None = None, guardian_relation: str | None = None) -> Consent:
        """Record the signed consent form for a session; a minor needs a guardian, under 16 is refused."""
        me = require_user(actor)
        form = (form_version or "").strip()
        if not form or len(form) > 40:
            raise ValidationError(_("Say which version of the consent form was signed, in at most 40 characters."))
        png = check_signature(signature_png)
        with self.db.write() as conn:
            target = self.consents.target(conn, session_id)
            if target is None:
                raise NotFoundError(_("There is no such session."))
            if target.status == "cancelled":
                raise ConflictError(_("This session was cancelled. Book it again before taking consent."))
            client = self.clients.get(conn, target.client_id)
            if client is None:  # the session's client is a foreign key: only a damaged database gets here
                raise NotFoundError(_("There is no such client."))
            if client.anonymised_at is not None:
                raise ConflictError(_("This client was anonymised; no new consent can be recorded for them."))
            if client.birth_date is None:
                raise ValidationError(_("Record the client's date of birth first: it decides whether "
                                        "a guardian must sign."))
            settings = self.settings.load(conn)
            age = age_on(client.birth_date, local_date(target.starts_at, settings.timezone))
            name, relation = _guardian(age, settings, guardian_name, guardian_relation)
            consent = self.consents.add(conn, session_id=session_id, client_id=client.id, form_version=form,
                                        signed_at=self.clock.now(), signature_png=png, guardian_name=name,
                                        guardian_relation=relation, recorded_by=me.id)
            self.audit.record(conn, at=self.clock.now(), actor_id=me.id, action="create", entity="consent",
                              entity_id=consent.id,
                              summary=_("Consent recorded for session %(session)s", session=session_id))
        return consent

    def of_client(self, actor: User | None, client_id: str) -> list[Consent]:
        """The client's consents, newest first."""
        require_user(actor)
        with self.db.read() as conn:
            if self.clients.get(conn, client_id) is None:
                raise NotFoundError(_("There is no such client."))
            return self.consents.of_client(conn, client_id)

    def listing(self, actor: User | None, *, date_from: date | None = None, date_to: date | None = None,
                artist_id: str | None = None) -> list[ConsentEntry]:
        """Consents of sessions held between two studio-local dates (inclusive), for one artist or all."""
        require_user(actor)
        for day in (date_from, date_to):
            if day is not None and not FIRST_DAY <= day <= LAST_DAY:
                raise ValidationError(_("The day %(day)s is out of range: give days between %(first)s and %(last)s.",
                                        day=day.isoformat(), first=FIRST_DAY.isoformat(), last=LAST_DAY.isoformat()))
        if date_from and date_to and date_from > date_to:
            raise ValidationError(_("The period starts (%(start)s) after it ends (%(end)s). Swap the dates.",
                                    start=date_from.isoformat(), end=date_to.isoformat()))
        with self.db.read() as conn:
            tz = self.settings.load(conn).timezone
            starts_from = local_midnight(date_from, tz) if date_from else None
            starts_before = local_midnight(date_to + timedelta(days=1), tz) if date_to else None
            return self.consents.listing(conn, starts_from=starts_from, starts_before=starts_before,
                                         artist_id=artist_id)
