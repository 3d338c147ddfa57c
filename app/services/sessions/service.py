"""Booking sessions: book, edit, move, change status, and read the calendar; an artist is never double-booked."""

from __future__ import annotations

from datetime import datetime

from app.core.clock import Clock
from app.core.i18n import _
from app.db.engine import Connection, Database
from app.db.repos.audit import AuditRepository
from app.db.repos.sessions import SessionRepository
from app.db.repos.settings import SettingsRepository
from app.db.repos.users import UserRepository
from app.domain import booking_rules as rules
from app.domain.booking import (
    FINAL_STATUSES,
    LIVE_STATUSES,
    STATUS_WORDS,
    SessionRecord,
    StaleVersionError,
    can_change_status,
)
from app.domain.errors import ConflictError, ForbiddenError, NotFoundError, ValidationError
from app.domain.records import StudioSettings, User
from app.plugins.spec import PluginCalls, no_plugins
from app.services.authz import require_user


class BookingService:
    """The studio's calendar; staff and admins book and move, only admins reopen a finished session."""

    def __init__(self, db: Database, clock: Clock | None = None, sessions: SessionRepository | None = None,
                 users: UserRepository | None = None, settings: SettingsRepository | None = None,
                 audit: AuditRepository | None = None, plugins: PluginCalls = no_plugins):
        self.db, self.clock, self.plugins = db, clock or Clock(), plugins
        self.sessions, self.users = sessions or SessionRepository(), users or UserRepository()
        self.settings, self.audit = settings or SettingsRepository(), audit or AuditRepository()

    def book(self, actor: User | None, *, client_id: str, artist_id: str, starts_at: datetime, duration_min: int,
             placement: str = "", description: str = "", quote_minor: int = 0, deposit_required_minor: int = 0,
             guardian_consent_expected: bool = False) -> SessionRecord:
        """Book a session for a client with an artist at a free time."""
        me = require_user(actor)
        starts_at, duration_min = rules.check_start(starts_at), rules.check_duration(duration_min)
        rules.check_amounts(quote_minor=quote_minor, deposit_required_minor=deposit_required_minor)
        with self.db.write() as conn:
            settings = self.settings.load(conn)
            client = rules.check_bookable(self.sessions.booking_client(conn, client_id))
            rules.check_age(client, starts_at, settings, guardian_consent_expected)
            self._check_artist(conn, artist_id)
            self._check_free(conn, settings, artist_id, starts_at, duration_min)
            session_id = self.sessions.add(
                conn, client_id=client_id, artist_id=artist_id, starts_at=starts_at, duration_min=duration_min,
                placement=placement, description=description, quote_minor=quote_minor,
                deposit_required_minor=deposit_required_minor)
            self._audit(conn, me, "book", session_id, _(
                "Booked for client %(client)s with artist %(artist)s at %(at)s for %(minutes)s min",
                client=client_id, artist=artist_id, at=f"{starts_at:%Y-%m-%dT%H:%MZ}", minutes=duration_min))
            return self._existing(conn, session_id)

    def get(self, actor: User | None, session_id: str) -> SessionRecord:
        """One session."""
        require_user(actor)
        with self.db.read() as conn:
            return self._existing(conn, session_id)

    def list_range(self, actor: User | None, start: datetime, end: datetime,
                   artist_id: str | None = None) -> list[SessionRecord]:
        """The sessions starting in [start, end), optionally of one artist, by start time."""
        require_user(actor)
        start, end = rules.check_range(start, end)
        with self.db.read() as conn:
            return self.sessions.in_range(conn, start, end, artist_id)

    def edit(self, actor: User | None, session_id: str, *, version: int | None = None, placement: str | None = None,
             description: str | None = None, quote_minor: int | None = None,
             deposit_required_minor: int | None = None, duration_min: int | None = None) -> SessionRecord:
        """Change what a session is about, its price or its length (a longer session must still fit)."""
        me = require_user(actor)
        rules.check_amounts(quote_minor=quote_minor, deposit_required_minor=deposit_required_minor)
        changes = {k: v for k, v in {"placement": placement, "description": description, "quote_minor": quote_minor,
                                     "deposit_required_minor": deposit_required_minor,
                                     "duration_min": duration_min}.items() if v is not None}
        if duration_min is not None:
            rules.check_duration(duration_min)
        with self.db.write() as conn:
            current = self._current(conn, session_id, version)
            if duration_min is not None and current.status in LIVE_STATUSES:
                self._check_free(conn, self.settings.load(conn), current.artist_id, current.starts_at,
                                 duration_min, exclude_id=session_id)
            return self._change(conn, me, current, "edit", f"Changed: {', '.join(sorted(changes)) or 'nothing'}",
                                **changes)

    def move(self, actor: User | None, session_id: str, *, version: int, starts_at: datetime | None = None,
             artist_id: str | None = None) -> SessionRecord:
        """Move a session to another time and/or artist; `version` is the one the caller last read."""
        me = require_user(actor)
        if starts_at is None and artist_id is None:
            raise ValidationError(_("Say where to move the session: a new start time, a new artist, or both."))
        with self.db.write() as conn:
            current = self._current(conn, session_id, version)
            if current.status in FINAL_STATUSES:
                raise ConflictError(_("This session is %(status)s and cannot be moved; book a new one.",
                                      status=_label(current.status)))
            new_start = rules.check_start(starts_at) if starts_at is not None else current.starts_at
            new_artist = artist_id or current.artist_id
            if new_artist != current.artist_id:
                self._check_artist(conn, new_artist)
            self._check_free(conn, self.settings.load(conn), new_artist, new_start, current.duration_min,
                             exclude_id=session_id)
            return self._change(conn, me, current, "move", _("Moved to artist %(artist)s at %(at)s",
                                                             artist=new_artist, at=f"{new_start:%Y-%m-%dT%H:%MZ}"),
                                starts_at=new_start, artist_id=new_artist)

    def set_status(self, actor: User | None, session_id: str, status: str,
                   version: int | None = None) -> SessionRecord:
        """Move a session along booked → confirmed → in progress → done, or to no-show/cancelled."""
        me = require_user(actor)
        with self.db.write() as conn:
            current = self._current(conn, session_id, version)
            if not can_change_status(current.status, status, me.is_admin):
                raise self._refusal(current.status, status, me)
            if current.status not in LIVE_STATUSES and status in LIVE_STATUSES:  # reopening takes the time back
                self._check_free(conn, self.settings.load(conn), current.artist_id, current.starts_at,
                                 current.duration_min, exclude_id=session_id)
            changed = self._change(conn, me, current, "status", f"Status {current.status} -> {status}", status=status)
        self.plugins("session_status_changed", me, session_id=session_id, status=changed.status)  # after the commit
        return changed

    def cancel(self, actor: User | None, session_id: str, version: int | None = None) -> SessionRecord:
        """Cancel a booked or confirmed session; its time becomes free."""
        return self.set_status(actor, session_id, "cancelled", version)

    def _refusal(self, current: str, new: str, me: User) -> Exception:
        if current in FINAL_STATUSES and not me.is_admin:
            return ForbiddenError(_("This session is %(status)s; only an admin can reopen it.",
                                    status=_label(current)))
        return ConflictError(_("A %(current)s session cannot become %(new)s.", current=_label(current),
                               new=_label(new)))

    def _current(self, conn: Connection, session_id: str, version: int | None) -> SessionRecord:
        current = self._existing(conn, session_id)
        if version is not None and version != current.version:
            raise StaleVersionError()
        return current

    def _existing(self, conn: Connection, session_id: str) -> SessionRecord:
        found = self.sessions.get(conn, session_id)
        if found is None:
            raise NotFoundError(_("There is no such session. It may have been removed; reload the calendar."))
        return found

    def _change(self, conn: Connection, me: User, current: SessionRecord, action: str, summary: str,
                **changes: object) -> SessionRecord:
        if not self.sessions.update(conn, current.id, current.version, **changes):
            raise StaleVersionError()
        self._audit(conn, me, action, current.id, summary)
        return self._existing(conn, current.id)

    def _check_artist(self, conn: Connection, artist_id: str) -> None:
        artist = self.users.get(conn, artist_id)
        if artist is None:
            raise NotFoundError(_("There is no such artist. Pick one from the list of artists."))
        if not (artist.is_artist and artist.active):
            raise ValidationError(_("%(artist)s is not an active artist; pick another artist.",
                                    artist=artist.display_name))

    def _check_free(self, conn: Connection, settings: StudioSettings, artist_id: str, starts_at: datetime,
                    duration_min: int, exclude_id: str | None = None) -> None:
        clashes = self.sessions.clashes(conn, artist_id=artist_id, starts_at=starts_at, duration_min=duration_min,
                                        buffer_min=settings.buffer_minutes, exclude_id=exclude_id)
        if clashes:
            raise rules.clash_error(clashes[0], settings)

    def _audit(self, conn: Connection, me: User, action: str, session_id: str, summary: str) -> None:
        self.audit.record(conn, at=self.clock.now(), actor_id=me.id, action=action, entity="session",
                          entity_id=session_id, summary=summary)


def _label(status: str) -> str:
    return _(STATUS_WORDS[status]) if status in STATUS_WORDS else status.replace("_", " ")
