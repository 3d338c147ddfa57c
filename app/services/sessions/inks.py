"""Ink lots and the inks used in each session: traceability for inspectors and the client's ink passport."""

from __future__ import annotations

from datetime import date

from app.core.clock import Clock
from app.core.i18n import N_, _
from app.db.engine import Connection, Database
from app.db.repos.audit import AuditRepository
from app.db.repos.inks import InkRepository
from app.db.repos.read_back import read_back
from app.db.repos.sessions import SessionRepository
from app.db.repos.settings import SettingsRepository
from app.domain.booking import InkLot, SessionInk, SessionRecord
from app.domain.errors import ConflictError, NotFoundError, ValidationError
from app.domain.records import User, local_day
from app.services.authz import require_user

REQUIRED = {"brand": N_("The ink lot needs a brand."), "colour": N_("The ink lot needs a colour."),
            "lot number": N_("The ink lot needs a lot number.")}


class InkService:
    """Record ink lots and which of them went into which session (staff and admins)."""

    def __init__(self, db: Database, clock: Clock | None = None, inks: InkRepository | None = None,
                 sessions: SessionRepository | None = None, settings: SettingsRepository | None = None,
                 audit: AuditRepository | None = None):
        self.db, self.clock = db, clock or Clock()
        self.inks, self.sessions = inks or InkRepository(), sessions or SessionRepository()
        self.settings, self.audit = settings or SettingsRepository(), audit or AuditRepository()

    def create_lot(self, actor: User | None, *, brand: str, colour: str, lot: str, expires_on: date,
                   opened_on: date | None = None) -> InkLot:
        """Record a new ink lot (brand, colour, lot number, expiry, when it was opened)."""
        me = require_user(actor)
        brand, colour, lot = (_required(name, value) for name, value in
                              (("brand", brand), ("colour", colour), ("lot number", lot)))
        if opened_on is not None and opened_on > expires_on:
            raise ValidationError(_("The bottle cannot be opened on %(opened)s after it expired on %(expires)s; "
                                    "check both dates.", opened=opened_on, expires=expires_on))
        with self.db.write() as conn:
            if self.inks.lot_exists(conn, brand=brand, colour=colour, lot=lot):
                raise ConflictError(_("Lot %(lot)s of %(brand)s %(colour)s is already recorded; use that one.",
                                       lot=lot, brand=brand, colour=colour))
            lot_id = self.inks.add_lot(conn, brand=brand, colour=colour, lot=lot, expires_on=expires_on,
                                       opened_on=opened_on)
            self._audit(conn, me, "create", "ink_lot", lot_id, _("Ink lot %(lot)s recorded", lot=lot_id))
            return read_back(self.inks.get_lot(conn, lot_id, self._today(conn)), "ink lot")

    def list_lots(self, actor: User | None) -> list[InkLot]:
        """Every ink lot, flagged expired or not as of the studio's today."""
        require_user(actor)
        with self.db.read() as conn:
            return self.inks.list_lots(conn, self._today(conn))

    def record_used(self, actor: User | None, session_id: str, ink_lot_id: str) -> SessionInk:
        """Record that a lot went into a session; a lot past its expiry on the session's date is refused."""
        me = require_user(actor)
        with self.db.write() as conn:
            settings = self.settings.load(conn)
            session = self._session(conn, session_id)
            if session.status in ("cancelled", "no_show"):
                raise ConflictError(_("This session did not take place; inks can only be recorded for sessions "
                                      "that happen."))
            lot = self.inks.get_lot(conn, ink_lot_id, local_day(self.clock.now(), settings.timezone))
            if lot is None:
                raise NotFoundError(_("There is no such ink lot. Record the lot first."))
            if local_day(session.starts_at, settings.timezone) > lot.expires_on:
                raise ValidationError(_("Lot %(lot)s of %(brand)s %(colour)s expired on %(day)s; use another lot.",
                                        lot=lot.lot, brand=lot.brand, colour=lot.colour,
                                        day=lot.expires_on.isoformat()))
            if self.inks.session_has_lot(conn, session_id, ink_lot_id):
                raise ConflictError(_("Lot %(lot)s of %(brand)s %(colour)s is already recorded for this session.",
                                      lot=lot.lot, brand=lot.brand, colour=lot.colour))
            row_id = self.inks.add_session_ink(conn, session_id, ink_lot_id)
            self._audit(conn, me, "ink", "session", session_id, _("Ink lot %(lot)s recorded as used", lot=ink_lot_id))
            return next(ink for ink in self.inks.session_inks(conn, session_id) if ink.id == row_id)

    def session_inks(self, actor: User | None, session_id: str) -> list[SessionInk]:
        """The inks used in one session: the data of the client's ink passport."""
        require_user(actor)
        with self.db.read() as conn:
            self._session(conn, session_id)
            return self.inks.session_inks(conn, session_id)

    def _session(self, conn: Connection, session_id: str) -> SessionRecord:
        session = self.sessions.get(conn, session_id)
        if session is None:
            raise NotFoundError(_("There is no such session. It may have been removed; reload the calendar."))
        return session

    def _today(self, conn: Connection) -> date:
        return local_day(self.clock.now(), self.settings.load(conn).timezone)

    def _audit(self, conn: Connection, me: User, action: str, entity: str, entity_id: str, summary: str) -> None:
        self.audit.record(conn, at=self.clock.now(), actor_id=me.id, action=action, entity=entity,
                          entity_id=entity_id, summary=summary)


def _required(name: str, value: str) -> str:
    cleaned = (value or "").strip()
    if not cleaned:
        raise ValidationError(_(REQUIRED[name]))
    return cleaned
