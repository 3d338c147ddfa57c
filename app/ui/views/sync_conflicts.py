"""The "Sync conflicts" screen: what the sync found after merging the studio's devices (two bookings for one artist
and hour, a payment in a day another device closed...), each as a sentence, with buttons to open the rows involved
and, for admins, "Mark resolved" (every device learns it at its next sync)."""

from __future__ import annotations

import flet as ft

from app.core.i18n import N_, _
from app.domain.dates import short_moment_text
from app.ui.components.widgets import display_locale, error_line, heading, section
from app.ui.shell import FAILED

# the rows a person can open from here: table -> (what the button calls it, screen, its parameter)
OPENABLE = {"sessions": (N_("Open session %(n)s"), "session", "session_id"),
            "clients": (N_("Open client %(n)s"), "client", "client_id")}


class SyncConflictsView:
    """The open conflicts, newest first."""

    def __init__(self, shell):
        self.shell = shell
        self.root = ft.Column(spacing=16, scroll=ft.ScrollMode.AUTO, expand=True)
        self.error = error_line()

    def build(self) -> ft.Control:
        """Load the open conflicts and return the screen."""
        self._fill(self.shell.client.sync.conflicts())
        return self.root

    def _fill(self, conflicts) -> None:
        back = ft.TextButton(_("Back to Admin"), icon=ft.Icons.ARROW_BACK,
                             on_click=lambda _e: self.shell.navigate("admin"))
        body: list[ft.Control] = [self._conflict(c) for c in conflicts] or [
            ft.Text(_("No sync conflicts: every device agrees."))]
        self.root.controls = [ft.Row([heading(_("Sync conflicts")), back], spacing=24),
                              ft.Text(_("Both sides of each conflict were kept. Open the rows, change what must "
                                        "change, then mark the conflict resolved."), color=ft.Colors.GREY_700),
                              section(_("Open conflicts (%(n)s)", n=len(conflicts)), *body), self.error]

    def _conflict(self, conflict) -> ft.Control:
        lines: list[ft.Control] = [ft.Text(conflict.sentence, weight=ft.FontWeight.BOLD)]
        if conflict.found_at is not None:
            found = short_moment_text(conflict.found_at.astimezone(self.shell.zone), display_locale())
            lines.append(ft.Text(_("Found %(when)s.", when=found), size=12, color=ft.Colors.GREY_700))
        buttons: list[ft.Control] = []
        counted: dict[str, int] = {}
        for row in conflict.rows:
            if row.table not in OPENABLE:
                continue
            counted[row.table] = counted.get(row.table, 0) + 1
            label, screen, param = OPENABLE[row.table]
            buttons.append(ft.TextButton(_(label, n=counted[row.table]), icon=ft.Icons.OPEN_IN_NEW,
                                         on_click=lambda _e, s=screen, p=param, i=row.id: self.shell.navigate(
                                             s, **{p: i})))
        if self.shell.user is not None and self.shell.user.role == "admin":
            buttons.append(ft.Button(_("Mark resolved"), icon=ft.Icons.CHECK,
                                     on_click=lambda _e, c=conflict.id: self.resolve(c)))
        if buttons:
            lines.append(ft.Row(buttons, wrap=True))
        return ft.Container(ft.Column(lines, spacing=4), padding=12, border=ft.Border.all(1, ft.Colors.GREY_300),
                            border_radius=8)

    def resolve(self, conflict_id: str) -> None:
        """Mark one conflict resolved and show the list again."""
        if self.shell.act(self.shell.client.sync.resolve, conflict_id, error=self.error) is FAILED:
            return
        listed = self.shell.act(self.shell.client.sync.conflicts, error=self.error)
        if listed is not FAILED:
            self.shell.notify(_("Marked resolved; the studio's other devices learn it at their next sync."))
            self._fill(listed)
            self.shell.page.update()
