"""The calendar, staff's home screen: a week or a day of sessions by day or by artist; drag to move, click to book."""

from __future__ import annotations

from datetime import date, datetime, time, timedelta

import flet as ft

from app.client.models import SessionMoveIn, SessionOut
from app.core.i18n import _, ngettext
from app.domain.dates import days_span, long_day
from app.ui.components.widgets import display_locale, heading
from app.ui.shell import FAILED
from app.ui.views.calendar.booking_dialog import BookingDialog
from app.ui.views.calendar.grid import (
    Column,
    GridActions,
    build_grid,
    column_width,
    day_title,
    legend,
    slot_key,
)


class CalendarView:
    """A week (Mon..Sun) or one day in the studio's time zone; by day, or one day with a column per artist."""

    def __init__(self, shell, day: date | None = None, span: str = "week", by_artist: bool = False):
        self.shell = shell
        self.tz = shell.zone
        self.day = day or datetime.now(self.tz).date()
        self.span = "day" if by_artist else span
        self.by_artist = by_artist
        self.sessions: dict[str, SessionOut] = {}
        self.targets: dict[str, ft.DragTarget] = {}
        self.title = heading("")
        self.toolbar = ft.Row(wrap=True, spacing=8)
        self.grid = ft.Container()
        self.note = ft.Text("", color=ft.Colors.GREY_700)

    def build(self) -> ft.Control:
        """Load the week's sessions and return the Calendar screen."""
        self._refresh(raise_errors=True)
        return ft.Column([self.title, self.toolbar, self.note, legend(), self.grid], spacing=12, expand=True,
                         scroll=ft.ScrollMode.AUTO)

    # --- what is shown --------------------------------------------------------------------------
    def columns(self) -> list[Column]:
        """The grid's columns for the current day, span and grouping."""
        if self.by_artist:
            return [Column(self.day, a.display_name, a.id) for a in self.shell.artists]
        return [Column(d, day_title(d)) for d in self.days()]

    def days(self) -> list[date]:
        """The studio-local days shown: Monday..Sunday of the shown day's week, or the day alone."""
        if self.span == "day":
            return [self.day]
        monday = self.day - timedelta(days=self.day.weekday())
        return [monday + timedelta(days=n) for n in range(7)]

    def range(self) -> tuple[datetime, datetime]:
        """The aware start and end of what is shown (midnight to midnight, studio time)."""
        days = self.days()
        return (datetime.combine(days[0], time(), tzinfo=self.tz),
                datetime.combine(days[-1] + timedelta(days=1), time(), tzinfo=self.tz))

    def slot_target(self, day: date, at: str, artist_id: str | None = None) -> ft.DragTarget:
        """The drop target of the slot starting at `at` ('10:30') on `day` (and artist, when by artist)."""
        index = (int(at[:2]) * 60 + int(at[3:5]) - 8 * 60) // 30
        return self.targets[slot_key(day, index, artist_id)]

    def _refresh(self, raise_errors: bool = False) -> bool:
        start, end = self.range()
        if raise_errors:  # inside build the shell shows the sentence and keeps the screen it had
            found = self.shell.client.sessions.between(start, end)
        else:
            found = self.shell.act(self.shell.client.sessions.between, start, end)
            if found is FAILED:
                return False
        self.sessions = {s.id: s for s in found}
        self.targets = {}
        actions = GridActions(book=self.book_at, drop=self.move_to, open=self.open_session)
        columns = self.columns()
        self.grid.content = build_grid(columns, found, self.tz, actions, self.targets,
                                       today=datetime.now(self.tz).date(),
                                       width=column_width(self.shell.page.width, len(columns)))
        self.title.value = self._title()
        self.toolbar.controls = self._buttons()
        live = [s for s in found if s.status != "cancelled"]
        self.note.value = ngettext(
            "%(n)s session. Click an empty slot to book; drag a session to move it; click it to open it.",
            "%(n)s sessions. Click an empty slot to book; drag a session to move it; click it to open it.", len(live))
        if self.by_artist and not self.shell.artists:
            self.note.value = _("No artists yet: an admin marks users as artists in Admin.")
        return True

    def _title(self) -> str:
        days = self.days()
        locale = display_locale()
        if len(days) == 1:
            shown = long_day(days[0], locale)
            return _("%(day)s — by artist", day=shown) if self.by_artist else shown
        first, last = days[0], days[-1]
        return _("Week of %(days)s", days=days_span(first, last, locale))

    def _buttons(self) -> list[ft.Control]:
        by_day = self.span == "day"
        return [
            ft.OutlinedButton(_("Previous day") if by_day else _("Previous week"), icon=ft.Icons.CHEVRON_LEFT,
                              on_click=lambda _e: self.step(-1)),
            ft.OutlinedButton(_("Today"), icon=ft.Icons.TODAY, on_click=lambda _e: self.go_to(None)),
            ft.OutlinedButton(_("Next day") if by_day else _("Next week"), icon=ft.Icons.CHEVRON_RIGHT,
                              on_click=lambda _e: self.step(1)),
            ft.TextButton(_("Week view") if by_day else _("Day view"), icon=ft.Icons.VIEW_WEEK,
                          on_click=lambda _e: self.toggle_span()),
            ft.TextButton(_("By day") if self.by_artist else _("By artist"), icon=ft.Icons.PEOPLE,
                          on_click=lambda _e: self.toggle_artists()),
        ]

    # --- navigation -----------------------------------------------------------------------------
    def step(self, direction: int) -> None:
        """Show the previous (-1) or next (+1) week or day."""
        self.go_to(self.day + timedelta(days=direction * (1 if self.span == "day" else 7)))

    def go_to(self, day: date | None) -> None:
        """Show the week or day holding `day` (today when None)."""
        before = self.day
        self.day = day or datetime.now(self.tz).date()
        if not self._refresh():
            self.day = before

    def toggle_span(self) -> None:
        """Switch between the week and the shown day (leaving by-artist mode for the week)."""
        self.span, self.by_artist = ("week", False) if self.span == "day" else ("day", self.by_artist)
        self._refresh()

    def toggle_artists(self) -> None:
        """Switch between one column per day and, for the shown day, one column per artist."""
        self.by_artist = not self.by_artist
        self.span = "day" if self.by_artist else "week"
        self._refresh()

    # --- acting ---------------------------------------------------------------------------------
    def open_session(self, session_id: str) -> None:
        """Open a session's own screen."""
        self.shell.navigate("session", session_id=session_id)

    def book_at(self, column: Column, start: datetime) -> None:
        """Open the booking dialog for an empty slot."""
        artist = column.artist_id or (self.shell.user.id if self.shell.user and self.shell.user.is_artist else None)
        BookingDialog(self.shell, start, artist, on_booked=lambda _s: self._refresh()).open()

    def move_to(self, column: Column, start: datetime, session_id: str) -> None:
        """Move a dropped session to a slot (and the column's artist); on a refusal it stays where it was."""
        session = self.sessions.get(session_id)
        if session is None:
            return
        artist = column.artist_id if column.artist_id and column.artist_id != session.artist_id else None
        if start == session.starts_at and artist is None:
            return
        moved = self.shell.act(self.shell.client.sessions.move, session_id,
                               SessionMoveIn(version=session.version, starts_at=start, artist_id=artist))
        if moved is not FAILED:
            self.shell.notify(_("Moved %(client)s to %(day)s %(time)s with %(artist)s.", client=moved.client_name,
                                day=day_title(start.date()), time=f"{start:%H:%M}", artist=moved.artist_name))
        self._refresh()
