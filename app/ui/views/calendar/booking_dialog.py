"""The booking dialog: find a client as you type, pick the artist and time, say what and for how much; book."""

from __future__ import annotations

from collections.abc import Callable
from datetime import datetime

import flet as ft

from app.client.models import SessionBookIn
from app.core.i18n import _
from app.ui.components.widgets import ALERT_RED, MoneyError, error_line, parse_money, show_error
from app.ui.shell import FAILED

START_FORMAT = "%Y-%m-%d %H:%M"


class BookingDialog:
    """A modal form for one new session; an error keeps everything typed and says what to fix."""

    def __init__(self, shell, start: datetime, artist_id: str | None, on_booked: Callable[[object], object]):
        self.shell, self.tz, self.on_booked = shell, start.tzinfo, on_booked
        self.client_id: str | None = None
        self.find = ft.TextField(label=_("Find client"), autofocus=True, hint_text=_("Name, phone or email"),
                                 on_change=lambda e: self.search(e.control.value or ""))
        self.results = ft.Column(spacing=0, tight=True)
        # One row per client, kept across searches: every keystroke searches again, and a click the browser sent on
        # a row of the previous list must land on a row still on the page (Flet drops events for removed controls).
        self._rows: dict[str, tuple[ft.Row, ft.TextButton, ft.Text]] = {}
        self._found: dict[str, object] = {}
        self.chosen = ft.Text(_("No client chosen yet."), color=ft.Colors.GREY_700)
        if artist_id is None and len(shell.artists) == 1:  # a one-artist studio needs no choice
            artist_id = shell.artists[0].id
        # radio buttons, not a dropdown: one click, and each artist is named for screen readers and tests
        self.artist = ft.RadioGroup(value=artist_id, content=ft.Row(
            [ft.Radio(value=a.id, label=a.display_name) for a in shell.artists], wrap=True, spacing=4))
        self.start = ft.TextField(label=_("Start"), value=start.strftime(START_FORMAT), hint_text="2026-11-24 10:30",
                                  width=200)
        self.duration = ft.TextField(label=_("Duration (minutes)"), value="60", width=170,
                                     keyboard_type=ft.KeyboardType.NUMBER)
        self.placement = ft.TextField(label=_("Placement"), hint_text=_("Left forearm"))
        self.description = ft.TextField(label=_("Description"), multiline=True, min_lines=2, max_lines=4)
        self.quote = ft.TextField(label=_("Quote"), value="0", width=150, keyboard_type=ft.KeyboardType.NUMBER)
        self.deposit = ft.TextField(label=_("Deposit required"), value="0", width=150,
                                    keyboard_type=ft.KeyboardType.NUMBER)
        self.error = error_line()
        self.dialog = ft.AlertDialog(
            modal=True, title=ft.Text(_("Book a session")),
            content=ft.Column([self.find, self.results, self.chosen, ft.Text(_("Artist")), self.artist,
                               ft.Row([self.start, self.duration]), self.placement, self.description,
                               ft.Row([self.quote, self.deposit]), self.error],
                              tight=True, spacing=10, width=480, scroll=ft.ScrollMode.AUTO,
                              horizontal_alignment=ft.CrossAxisAlignment.STRETCH),
            actions=[ft.TextButton(_("Cancel"), on_click=lambda _e: self.close()),
                     ft.Button(_("Book"), icon=ft.Icons.EVENT_AVAILABLE, on_click=lambda _e: self.book())])

    def open(self) -> None:
        """Show the dialog."""
        self.shell.page.show_dialog(self.dialog)

    def close(self) -> None:
        """Hide the dialog (closing this one, not whatever message popped up over it)."""
        self.shell.close(self.dialog)

    def search(self, text: str) -> None:
        """List the clients matching what was typed; each row picks its client."""
        self.results.controls = []
        if not text.strip():
            return
        found = self.shell.act(self.shell.client.clients.search, text.strip(), error=self.error)
        if found is FAILED:
            return
        show_error(self.error, None)
        if not found:
            self.results.controls = [ft.Text(_("No client matches '%(text)s'. Add them in Clients first.",
                                                     text=text.strip()))]
        for client in found[:8]:
            self._found[client.id] = client  # the row's click picks the client as last found
            self.results.controls.append(self._row(client))

    def _row(self, client) -> ft.Row:
        """The result row of a client: the one shown for them before, brought up to date, or a new one."""
        if client.id not in self._rows:
            button = ft.TextButton(on_click=lambda _e, cid=client.id: self.choose(self._found[cid]))
            known = ft.Text(size=12, color=ft.Colors.GREY_700)
            self._rows[client.id] = (ft.Row([button, known], spacing=4), button, known)
        row, button, known = self._rows[client.id]
        button.content = f"{client.first_name} {client.last_name}"
        known.value = ", ".join(str(v) for v in (client.birth_date, client.phone, client.email) if v)
        row.controls[2:] = ([ft.Text(_("Medical alert"), color=ALERT_RED, weight=ft.FontWeight.BOLD)]
                            if client.has_alert else [])
        return row

    def choose(self, client) -> None:
        """Take a client from the search results."""
        self.client_id = client.id
        name = f"{client.first_name} {client.last_name}"
        self.chosen.color = ALERT_RED if client.has_alert else None
        self.chosen.value = (_("Client: %(name)s (medical alert: read it before the session)", name=name)
                             if client.has_alert else _("Client: %(name)s", name=name))
        self.results.controls = []

    def _form(self) -> SessionBookIn | str:
        """The booking typed, or a sentence saying what to fix."""
        if not self.client_id:
            return _("Choose a client: type part of their name in 'Find client' and click them.")
        if not self.artist.value:
            return _("Choose the artist.")
        try:
            start = datetime.strptime((self.start.value or "").strip(), START_FORMAT).replace(tzinfo=self.tz)
        except ValueError:
            return _("'%(text)s' is not a start time. Type it like 2026-11-24 10:30.", text=self.start.value)
        duration = (self.duration.value or "").strip()
        if not duration.isdigit() or not 15 <= int(duration) <= 720:
            return _("Type the duration in minutes, from %(least)s to %(most)s.", least=15, most=720)
        currency = self.shell.currency
        try:
            quote = parse_money(self.quote.value or "0", currency)
            deposit = parse_money(self.deposit.value or "0", currency)
        except MoneyError as exc:
            return str(exc)
        return SessionBookIn(client_id=self.client_id, artist_id=self.artist.value, starts_at=start,
                             duration_min=int(duration), placement=(self.placement.value or "").strip()[:120],
                             description=(self.description.value or "").strip()[:4000], quote_minor=quote,
                             deposit_required_minor=deposit)

    def book(self) -> None:
        """Book the session; on success close and redraw the calendar, else say why and keep the form."""
        booking = self._form()
        if isinstance(booking, str):
            show_error(self.error, booking)
            return
        session = self.shell.act(self.shell.client.sessions.book, booking, error=self.error)
        if session is FAILED:
            return
        self.close()
        self.shell.notify(_("Booked %(client)s with %(artist)s at %(time)s.", client=session.client_name,
                            artist=session.artist_name, time=f"{session.starts_at.astimezone(self.tz):%H:%M}"))
        self.on_booked(session)
