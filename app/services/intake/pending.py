"""What phones send: a new client's form waits as a pending entry until staff accept or reject it; a check-in
(a code staff opened for one booked session) is recorded at once on that session.

Any signed-in user (staff included) may list, view, accept and reject: the front desk checks the client's ID
in person, which is the point of accepting (STUDIO-PRACTICE.md), and staff already work with clients' records
and must see the health alerts before they start work. Every action leaves an audit event with who and when,
never the form's content."""

from __future__ import annotations

from collections.abc import Mapping

from app.core import i18n
from app.core.clock import Clock
from app.core.i18n import _
from app.db.engine import Connection, Database
from app.db.repos.medical import MedicalRepository
from app.domain.client_rules import age_on, clean_client_fields, local_date
from app.domain.clients import Client
from app.domain.errors import ConflictError, NotFoundError
from app.domain.intake import (
    CONSENT_FORM_VERSION,
    HEALTH_FIELDS,
    FormTicket,
    PendingDetail,
    PendingRow,
    PendingSummary,
)
from app.domain.intake_rules import check_form, parse_birth_date, safety_flags, ticked
from app.domain.records import User
from app.plugins.spec import PluginCalls, no_plugins
from app.services.authz import require_user
from app.services.clients.consents import check_signature
from app.services.clients.medical_alerts import blood_thinners_in, fold
from app.services.intake.codes import CodeGoneError, IntakeBase, IntakeCodes

CONTACT_FIELDS = ("phone", "email", "address", "emergency_contact")


def default_consent_text() -> str:
    """The treatment consent shown when the studio wrote none of its own (Admin → settings)."""
    return _("I agree to be tattooed by this studio. I have answered the health questions truthfully, I know "
             "a tattoo is permanent, and I will follow the aftercare instructions I am given.")


class PendingRegistrations(IntakeBase):
    """Receive forms from phones; list, show, accept and reject the pending entries."""

    def __init__(self, db: Database, clock: Clock | None = None, codes: IntakeCodes | None = None,
                 plugins: PluginCalls = no_plugins):
        super().__init__(db, clock)
        self.codes = codes or IntakeCodes(db, self.clock)
        self.plugins = plugins
        self.medical = MedicalRepository()

    def form_setup(self) -> tuple[str, str, str]:
        """What the phone form shows of the studio: its name, its language, and the treatment consent text
        (the studio's own, else the standard one in that language)."""
        with self.db.read() as conn:
            settings = self.settings.load(conn)
        with i18n.speaking(settings.locale):
            return settings.studio_name, settings.locale, settings.consent_text or default_consent_text()

    def submit(self, ticket: FormTicket, raw: Mapping[str, str], signature_png: bytes, *, remote_addr: str,
               user_agent: str, guardian_signature_png: bytes = b"") -> str:
        """Check and keep what a phone sent (FormError lists every mistake); return the pending entry's id,
        or for a check-in the consent's id (recorded at once on the session)."""
        code = self.codes.still_good(ticket)
        now = self.clock.now()
        with self.db.write() as conn:
            settings = self.settings.load(conn)
            today = local_date(now, settings.timezone)
            age = None
            target = self.consents.target(conn, ticket.session_id) if ticket.session_id else None
            client = self.clients.get(conn, target.client_id) if target else None
            if ticket.kind == "check_in":
                if target is None or client is None or client.birth_date is None:
                    raise CodeGoneError(_("This check-in is no longer possible. Ask the staff."), "revoked")
                age = age_on(client.birth_date, local_date(target.starts_at, settings.timezone))
            fields = check_form(raw, kind=ticket.kind, today=today, minimum_age=settings.minimum_age,
                                signature=signature_png, check_png=check_signature, age_at_session=age,
                                guardian_signature=guardian_signature_png)
            guardian_png = guardian_signature_png if fields["guardian_name"] else None
            if ticket.kind == "check_in" and client is not None:
                return self._check_in(conn, code.created_by, client, ticket.session_id, fields,
                                      (signature_png, guardian_png), settings.consent_text or default_consent_text(),
                                      remote_addr, user_agent)
            fields["consent_text_shown"] = settings.consent_text or default_consent_text()
            pending_id = self.intake.add_pending(
                conn, code_id=ticket.code_id, kind=ticket.kind, session_id=None, fields=fields,
                signature_png=signature_png, guardian_signature_png=guardian_png, form_version=CONSENT_FORM_VERSION,
                signed_at=now,
                remote_addr=remote_addr, user_agent=user_agent)
            self._audit(conn, None, "submit", "pending_registration", pending_id,
                        _("Registration sent from a phone"))
        return pending_id

    def listing(self, actor: User | None) -> list[PendingSummary]:
        """Every pending entry, oldest first, with its safety flags and the clients it may already be."""
        require_user(actor)
        with self.db.read() as conn:
            return [self._summary(conn, row) for row in self.intake.pending(conn)]

    def detail(self, actor: User | None, pending_id: str) -> PendingDetail:
        """One pending entry in full, to check against the client's ID."""
        require_user(actor)
        with self.db.read() as conn:
            row = self._existing(conn, pending_id)
            return PendingDetail(self._summary(conn, row), row.fields, row.form_version, row.signed_at,
                                 row.signature_png is not None, row.remote_addr, row.user_agent, row.session_id,
                                 row.guardian_signature_png is not None)

    def signature(self, actor: User | None, pending_id: str) -> bytes:
        """The signature image of a pending entry."""
        require_user(actor)
        with self.db.read() as conn:
            return self._existing(conn, pending_id).signature_png or b""

    def accept_new(self, actor: User | None, pending_id: str) -> Client:
        """Accept an entry as a new client: the record, its first medical version and the signed consent."""
        me = require_user(actor)
        with self.db.write() as conn:
            row = self._existing(conn, pending_id)
            today = local_date(self.clock.now(), self.settings.load(conn).timezone)
            values = clean_client_fields({
                **{name: row.fields.get(name) or None for name in ("first_name", "last_name", *CONTACT_FIELDS)},
                "birth_date": parse_birth_date(row.fields.get("birth_date", "")),
                "photo_consent": ticked(row.fields, "photo_consent"),
                "marketing_consent": ticked(row.fields, "marketing_consent")}, today)
            client = self.clients.add(conn, **values)
            self._into_records(conn, me, row, client.id)
            self._audit(conn, me.id, "create", "client", client.id, _("Client added from a QR registration"))
        self.plugins("client_created", me, client_id=client.id)  # after the commit: a plugin never undoes it
        return client

    def accept_merge(self, actor: User | None, pending_id: str, client_id: str) -> Client:
        """Accept an entry into an existing client: contact details the form gave replace the old ones, the
        health answers become a NEW medical version (older versions stay), the consent is kept."""
        me = require_user(actor)
        with self.db.write() as conn:
            row = self._existing(conn, pending_id)
            client = self.clients.get(conn, client_id)
            if client is None:
                raise NotFoundError(_("There is no such client."))
            if client.anonymised_at is not None:
                raise ConflictError(_("This client was anonymised; their record can no longer be changed."))
            today = local_date(self.clock.now(), self.settings.load(conn).timezone)
            changes = {name: row.fields[name] for name in CONTACT_FIELDS if row.fields.get(name)}
            if client.birth_date is None and parse_birth_date(row.fields.get("birth_date", "")):
                changes["birth_date"] = parse_birth_date(row.fields["birth_date"])  # type: ignore[assignment]
            values = clean_client_fields(changes, today)
            values["photo_consent"] = ticked(row.fields, "photo_consent")
            values["marketing_consent"] = ticked(row.fields, "marketing_consent")
            self.clients.update(conn, client_id, **values)
            self._into_records(conn, me, row, client_id)
            self._audit(conn, me.id, "update", "client", client_id, _("QR registration merged into this client"))
            return self.clients.get(conn, client_id)  # type: ignore[return-value]

    def reject(self, actor: User | None, pending_id: str) -> None:
        """Reject an entry: it is deleted whole; the audit trail keeps who and when, not what it said."""
        me = require_user(actor)
        with self.db.write() as conn:
            self._existing(conn, pending_id)
            self.intake.delete_pending(conn, pending_id)
            self._audit(conn, me.id, "reject", "pending_registration", pending_id, _("QR registration rejected"))

    def _into_records(self, conn: Connection, me: User, row: PendingRow, client_id: str) -> None:
        self.medical.add_version(conn, client_id, me.id, **self._health(row.fields))
        self.intake.add_consent(
            conn, client_id=client_id, session_id=None, form_version=row.form_version,
            consent_text=row.fields.get("consent_text_shown", ""), signed_at=row.signed_at,
            signature_png=row.signature_png, guardian_name=row.fields.get("guardian_name") or None,
            guardian_relation=row.fields.get("guardian_relation") or None,
            guardian_signature_png=row.guardian_signature_png, photo_consent=ticked(row.fields, "photo_consent"),
            marketing_consent=ticked(row.fields, "marketing_consent"),
            remote_addr=row.remote_addr, user_agent=row.user_agent, accepted_by=me.id)
        self.intake.delete_pending(conn, row.id)

    def _check_in(self, conn: Connection, staff_id: str, client: Client, session_id: str | None, fields: dict[str, str],
                  signatures: tuple[bytes, bytes | None], consent_text: str, remote_addr: str,
                  user_agent: str) -> str:
        now = self.clock.now()
        signature_png, guardian_png = signatures
        guardian, relation = fields.get("guardian_name") or None, fields.get("guardian_relation") or None
        consent = self.consents.add(conn, session_id=session_id, client_id=client.id,  # type: ignore[arg-type]
                                    form_version=CONSENT_FORM_VERSION, signed_at=now, signature_png=signature_png,
                                    guardian_name=guardian, guardian_relation=relation, recorded_by=staff_id)
        self.intake.add_consent(
            conn, client_id=client.id, session_id=session_id, form_version=CONSENT_FORM_VERSION,
            consent_text=consent_text, signed_at=now, signature_png=signature_png, guardian_name=guardian,
            guardian_relation=relation, guardian_signature_png=guardian_png,
            photo_consent=ticked(fields, "photo_consent"),
            marketing_consent=ticked(fields, "marketing_consent"), remote_addr=remote_addr[:64],
            user_agent=user_agent[:300], accepted_by=staff_id)
        self._audit(conn, staff_id, "create", "consent", consent.id,
                    _("Consent signed by QR check-in for session %(session)s", session=session_id))
        if fields["health_changed"] == "yes":
            profile = self.medical.add_version(conn, client.id, staff_id, **self._health(fields))
            self._audit(conn, staff_id, "medical", "client", client.id,
                        _("Medical profile version %(version)s saved from a QR check-in", version=profile.version))
        return consent.id

    @staticmethod
    def _health(fields: Mapping[str, str]) -> dict[str, str | bool]:
        return {name: ticked(fields, name) if name == "pregnancy" else fields.get(name, "") for name in HEALTH_FIELDS}

    def _summary(self, conn: Connection, row: PendingRow) -> PendingSummary:
        settings = self.settings.load(conn)
        today = local_date(self.clock.now(), settings.timezone)
        born = parse_birth_date(row.fields.get("birth_date", ""))
        likely: list[str] = []
        if born is not None:
            name = fold(f"{row.fields.get('first_name', '')} {row.fields.get('last_name', '')}")
            likely += [c.id for c in self.clients.born_on(conn, born) if fold(f"{c.first_name} {c.last_name}") == name]
        if row.fields.get("phone"):
            likely += self.clients.with_phone(conn, row.fields["phone"])
        if row.fields.get("email"):
            likely += self.intake.clients_with_email(conn, row.fields["email"])
        return PendingSummary(row.id, row.kind, row.fields.get("first_name", ""), row.fields.get("last_name", ""),
                              born, row.signed_at, safety_flags(row.fields, today, settings.minimum_age,
                                                                blood_thinners_in),
                              tuple(dict.fromkeys(likely)))

    def _existing(self, conn: Connection, pending_id: str) -> PendingRow:
        row = self.intake.pending_one(conn, pending_id)
        if row is None:
            raise NotFoundError(_("There is no such pending registration. Someone may have accepted or rejected "
                                  "it already."))
        return row
