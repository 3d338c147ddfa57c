"""The "Sync conflicts" list: what the domain rules found after a merge, each as a sentence in the caller's
language (who, what, when), with the rows to open, and "Mark resolved" (which syncs to every device)."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime
from zoneinfo import ZoneInfo

from app.core.clock import Clock
from app.core.i18n import N_, _
from app.db.engine import Connection, Database
from app.db.repos import sync_conflicts as repo
from app.db.repos.settings import SettingsRepository
from app.domain.dates import day_and_month, day_text, locale_for
from app.domain.errors import NotFoundError
from app.domain.records import User
from app.services.authz import require_admin, require_user

# what a table's row is called in a sentence ("A client was edited on one device after...")
THINGS = {"sessions": N_("session"), "clients": N_("client"), "users": N_("user account"),
          "payments": N_("payment"), "register_days": N_("register day"), "consents": N_("consent"),
          "medical_profiles": N_("health questionnaire"), "ink_lots": N_("ink lot"), "settings": N_("setting"),
          "plugin_data": N_("plugin record")}


@dataclass(frozen=True)
class ConflictView:
    """One conflict for the screen: its kind, the sentence, when it was found, and the rows involved."""

    id: str
    kind: str
    sentence: str
    found_at: datetime | None
    resolved_at: str | None
    rows: list[tuple[str, str]]


class SyncConflicts:
    """The conflicts list over the studio database."""

    def __init__(self, db: Database, clock: Clock | None = None):
        self.db, self.clock, self.settings = db, clock or Clock(), SettingsRepository()

    def list(self, actor: User | None, include_resolved: bool = False) -> list[ConflictView]:
        """The open conflicts (and resolved ones if asked), each said in the caller's language."""
        require_user(actor)
        with self.db.read() as conn:
            settings = self.settings.load(conn)
            zone, where = ZoneInfo(settings.timezone), locale_for(settings.locale)
            return [ConflictView(c.id, c.kind, self._sentence(conn, c, zone, where), c.created_at, c.resolved_at,
                                 c.rows) for c in repo.listing(conn, include_resolved)]

    def resolve(self, actor: User | None, conflict_id: str) -> None:
        """Mark a conflict resolved (every device learns it at its next sync)."""
        user = require_admin(actor, N_("mark a sync conflict resolved"))
        with self.db.write() as conn:
            if not repo.mark_resolved(conn, conflict_id, self.clock.now().isoformat(), user.id):
                raise NotFoundError(_("There is no open sync conflict with this id; it may have been resolved on "
                                      "another device already."))

    def _sentence(self, conn: Connection, conflict: repo.ConflictRow, zone: ZoneInfo, where: str) -> str:
        ids = {table: row_id for table, row_id in conflict.rows}
        if conflict.kind == "double_booking":
            found = repo.sessions(conn, [row_id for table, row_id in conflict.rows if table == "sessions"])
            if len(found) == 2:
                local = found[0].starts_at.astimezone(zone)
                day = (day_and_month(local.date(), where) if local.year == self.clock.now().year
                       else day_text(local.date(), where))
                return _("Two sessions for %(artist)s at %(time)s on %(day)s: %(first)s and %(second)s.",
                         artist=found[0].artist, time=local.strftime("%H:%M"), day=day,
                         first=found[0].client, second=found[1].client)
            return _("Two sessions of one artist overlapped; one of them was deleted since.")
        if conflict.kind == "payment_on_closed_day":
            paid = repo.payment_day(conn, ids.get("payments", ""))
            day = ids.get("register_day", paid[0] if paid else "")
            return _("A payment taken by %(who)s counts in %(day)s, a register day another device had already "
                     "closed: that day's count no longer matches.", who=paid[1] if paid else _("someone"),
                     day=_day(day, where))
        if conflict.kind == "inactive_user_wrote":
            who = repo.user_name(conn, ids.get("users", "")) or _("someone")
            return _("%(who)s took a payment on another device after their account was deactivated.", who=who)
        if conflict.kind == "edited_after_delete":
            table = conflict.rows[0][0] if conflict.rows else ""
            return _("A record was edited on one device after another device had deleted it; the edit is lost "
                     "(%(thing)s).", thing=_(THINGS.get(table, N_("record"))))
        if conflict.kind.startswith("merged_"):
            table = conflict.kind[len("merged_"):]
            name = (repo.user_name(conn, conflict.rows[0][1]) if table == "users" and conflict.rows else None)
            if name:
                return _("The account %(name)s was made on two devices and the two became one; check its role "
                         "and password.", name=name)
            return _("The same record was entered on two devices and the two became one; check that nothing is "
                     "missing (%(thing)s).", thing=_(THINGS.get(table, N_("record"))))
        return _("The sync found a clash it cannot describe (%(kind)s); check the rows involved.",
                 kind=conflict.kind)


def _day(text: str, where: str) -> str:
    try:
        return day_text(datetime.fromisoformat(text).date(), where)
    except ValueError:
        return text
