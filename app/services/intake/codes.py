"""Intake codes: staff open one for a QR (only its hash is kept), a phone exchanges it once for a form session.

Who may do what (STUDIO-PRACTICE.md: the front desk registers clients and checks their ID): any signed-in user
(staff included) opens a new-client or check-in code, since that is front-desk work done while the client stands
there; only an admin opens a kiosk code, which keeps a form open on the studio's network for a whole day; anyone
signed in may revoke any code (closing a door is always safe)."""

from __future__ import annotations

import hashlib
import secrets
from datetime import datetime, timedelta

from app.core.clock import Clock
from app.core.i18n import N_, _
from app.db.engine import Connection, Database
from app.db.repos.audit import AuditRepository
from app.db.repos.clients import ClientRepository
from app.db.repos.consents import ConsentRepository
from app.db.repos.intake import IntakeRepository
from app.db.repos.settings import SettingsRepository
from app.domain.client_rules import age_on, local_date, local_midnight
from app.domain.errors import ConflictError, DomainError, NotFoundError, ValidationError
from app.domain.intake import FORM_MINUTES, KINDS, MAX_CODE_MINUTES, FormTicket, IntakeCode, OpenedCode
from app.domain.intake_rules import of_age
from app.domain.records import User
from app.services.authz import require_admin, require_user


class CodeGoneError(DomainError):
    """A code that was good once and is not any more: used, expired or withdrawn (the listener answers 410)."""

    def __init__(self, message: str, reason: str):
        super().__init__(message)
        self.reason = reason  # used, expired, revoked


def code_hash(code: str) -> str:
    """The SHA-256 of a code, as kept in the database (the code itself is never stored)."""
    return hashlib.sha256(code.encode("utf-8", "replace")).hexdigest()


class IntakeBase:
    """What the intake services share: the database, the clock and the repositories."""

    def __init__(self, db: Database, clock: Clock | None = None):
        self.db, self.clock = db, clock or Clock()
        self.intake, self.clients, self.consents = IntakeRepository(), ClientRepository(), ConsentRepository()
        self.settings, self.audit = SettingsRepository(), AuditRepository()

    def _audit(self, conn: Connection, actor_id: str | None, action: str, entity: str, entity_id: str | None,
               summary: str) -> None:
        self.audit.record(conn, at=self.clock.now(), actor_id=actor_id, action=action, entity=entity,
                          entity_id=entity_id, summary=summary)


class IntakeCodes(IntakeBase):
    """Open, revoke and exchange codes; list the ones still open (the listener runs while there is one)."""

    def open(self, actor: User | None, kind: str, session_id: str | None = None) -> OpenedCode:
        """Open a code of this kind: a new client's, a check-in for a booked session, or a day-long kiosk's."""
        me = require_admin(actor, N_("open a kiosk code")) if kind == "kiosk" else require_user(actor)
        if kind not in KINDS:
            raise ValidationError(_("There is no kind of code called '%(kind)s'. Use: %(kinds)s.",
                                    kind=kind, kinds=", ".join(KINDS)))
        if (kind == "check_in") != (session_id is not None):
            raise ValidationError(_("A check-in code is for one session: give the session, and only then."))
        code = secrets.token_urlsafe(32)  # 256 random bits
        now = self.clock.now()
        with self.db.write() as conn:
            settings = self.settings.load(conn)
            if session_id is not None:
                self._check_in_target(conn, session_id)
            if kind == "kiosk":
                expires = local_midnight(local_date(now, settings.timezone) + timedelta(days=1), settings.timezone)
            else:
                expires = now + timedelta(minutes=max(1, min(settings.intake_code_minutes, MAX_CODE_MINUTES)))
            record = self.intake.add_code(conn, code_hash=code_hash(code), kind=kind, session_id=session_id,
                                          created_by=me.id, created_at=now, expires_at=expires)
            self._audit(conn, me.id, "open", "intake_code", record.id,
                        _("QR code opened (%(kind)s)", kind=kind))
        return OpenedCode(code, record)

    def revoke(self, actor: User | None, code_id: str) -> IntakeCode:
        """Withdraw a code now: a phone that has not used it yet gets "withdrawn"; a kiosk's form closes."""
        me = require_user(actor)
        with self.db.write() as conn:
            if self.intake.code(conn, code_id) is None:
                raise NotFoundError(_("There is no such QR code."))
            self.intake.revoke(conn, code_id, self.clock.now())
            self._audit(conn, me.id, "revoke", "intake_code", code_id, _("QR code withdrawn"))
            return self.intake.code(conn, code_id)  # type: ignore[return-value]

    def open_codes(self) -> list[IntakeCode]:
        """The codes a phone could still use now (for the listener: it runs while this is not empty)."""
        with self.db.read() as conn:
            return self.intake.open_codes(conn, self.clock.now())

    def exchange(self, code: str) -> FormTicket:
        """Exchange a code for a form session (once, unless a kiosk's); say in a sentence why not otherwise."""
        now = self.clock.now()
        with self.db.write() as conn:
            record = self.intake.code_by_hash(conn, code_hash(code))
            if record is None:
                raise NotFoundError(_("This QR code is not known here. Ask the staff for a new one."))
            self._usable(record, now)
            if record.kind != "kiosk" and not self.intake.mark_used(conn, record.id, now):
                raise CodeGoneError(_("This QR code was already used. Ask the staff for a new one."), "used")
            self._audit(conn, None, "exchange", "intake_code", record.id, _("QR code opened on a phone"))
            minor = True
            if record.session_id is not None:
                minor = self._check_in_minor(conn, record.session_id)
        # the studio's own tablet keeps its form all day (until the code's end or revocation); a phone 30 minutes
        until = record.expires_at if record.kind == "kiosk" else now + timedelta(minutes=FORM_MINUTES)
        return FormTicket(record.id, record.kind, record.session_id, until, minor)

    def still_good(self, ticket: FormTicket) -> IntakeCode:
        """The ticket's code if the form may still be sent, else CodeGoneError (withdrawn, or the form timed out)."""
        now = self.clock.now()
        if now >= ticket.expires_at:
            raise CodeGoneError(_("This form was open too long and has closed. Ask the staff for a new QR code."),
                                "expired")
        with self.db.read() as conn:
            record = self.intake.code(conn, ticket.code_id)
        if record is None or record.revoked_at is not None:
            raise CodeGoneError(_("The staff withdrew this QR code. Ask them for a new one."), "revoked")
        return record

    @staticmethod
    def _usable(record: IntakeCode, now: datetime) -> None:
        if record.revoked_at is not None:
            raise CodeGoneError(_("The staff withdrew this QR code. Ask them for a new one."), "revoked")
        if now >= record.expires_at:
            raise CodeGoneError(_("This QR code has expired. Ask the staff for a new one."), "expired")
        if record.used_at is not None and record.kind != "kiosk":
            raise CodeGoneError(_("This QR code was already used. Ask the staff for a new one."), "used")

    def _check_in_target(self, conn: Connection, session_id: str) -> None:
        target = self.consents.target(conn, session_id)
        if target is None:
            raise NotFoundError(_("There is no such session."))
        if target.status != "booked":
            raise ConflictError(_("Check-in is for a booked session; this one is %(status)s.", status=target.status))
        client = self.clients.get(conn, target.client_id)
        if client is None or client.anonymised_at is not None:
            raise ConflictError(_("This client was anonymised; no new consent can be recorded for them."))
        if client.birth_date is None:
            raise ValidationError(_("Record the client's date of birth first: it decides whether "
                                    "a guardian must sign."))

    def _check_in_minor(self, conn: Connection, session_id: str) -> bool:
        target = self.consents.target(conn, session_id)
        client = self.clients.get(conn, target.client_id) if target else None
        if target is None or client is None or client.birth_date is None:
            return True
        settings = self.settings.load(conn)
        age = age_on(client.birth_date, local_date(target.starts_at, settings.timezone))
        return age < of_age(settings.minimum_age)
