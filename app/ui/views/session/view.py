"""One session: client (with the alert banner), artist and time, status changes, consent, inks and payments."""

from __future__ import annotations

import flet as ft

from app.client.models import SessionOut, SessionStatusIn
from app.core.i18n import N_, _
from app.domain.booking import FINAL_STATUSES, STATUS_LABELS, STATUS_WORDS, STATUSES, Status, can_change_status
from app.ui.components.widgets import alert_banner, error_line, heading, local_text, money, section, status_chip
from app.ui.shell import FAILED
from app.ui.views.session.consent import ConsentSection
from app.ui.views.session.inks import InksSection
from app.ui.views.session.payments import PaymentsSection

ACTIONS = {"confirmed": N_("Confirm"), "in_progress": N_("Start session"), "done": N_("Mark done"),
           "no_show": N_("Mark no-show"), "cancelled": N_("Cancel session")}
ASK_FIRST = ("no_show", "cancelled")  # these free the artist's time; only an admin can undo them
# the confirmation of each: title, sentence, yes-button
ASKED = {"no_show": (N_("Mark no-show?"), N_("The session becomes a no-show and the artist's time is freed. "
                                             "Only an admin can reopen it."), N_("Yes, mark no-show")),
         "cancelled": (N_("Cancel session?"), N_("The session becomes cancelled and the artist's time is freed. "
                                                 "Only an admin can reopen it."), N_("Yes, cancel session"))}


class SessionDetailView:
    """A session's page; the status buttons offer only the changes the studio's rules allow."""

    def __init__(self, shell, session_id: str):
        self.shell, self.session_id = shell, session_id
        self.session: SessionOut  # read by build()
        self.sections: dict = {}
        self.status_row = ft.Row([], wrap=True)
        self.status_error = error_line()

    def build(self) -> ft.Control:
        """Load the session (and its client's alerts) and return its screen."""
        self.session = s = self.shell.client.sessions.get(self.session_id)
        alerts = [a.text for a in self.shell.client.clients.get(s.client_id).alerts] if s.client_has_alert else []
        self.sections = {"consent": ConsentSection(self.shell, s), "inks": InksSection(self.shell, s),
                         "payments": PaymentsSection(self.shell, s)}
        blocks = [part.build() for part in self.sections.values()]
        self._fill_status()
        top = ft.Row([heading(_("Session of %(client)s", client=s.client_name)),
                      ft.TextButton(_("Open client"), icon=ft.Icons.PERSON,
                                    on_click=lambda _e: self.shell.navigate("client", client_id=s.client_id)),
                      ft.TextButton(_("Reload"), icon=ft.Icons.REFRESH,
                                    on_click=lambda _e: self.shell.navigate("session", session_id=s.id))], wrap=True)
        return ft.Column([top, alert_banner(alerts), self._facts(), section(_("Status"), self.status_row,
                                                                             self.status_error),
                          ft.Divider(), *blocks], scroll=ft.ScrollMode.AUTO, expand=True, spacing=12)

    def _facts(self) -> ft.Control:
        s, cur = self.session, self.shell.currency
        when = _("%(start)s – %(end)s (%(minutes)s min)", start=local_text(s.starts_at, self.shell.settings),
                 end=local_text(s.ends_at, self.shell.settings)[-5:], minutes=s.duration_min)
        lines = [(_("Artist:"), s.artist_name), (_("When:"), when),
                 (_("Placement:"), s.placement), (_("Description:"), s.description),
                 (_("Quote:"), money(s.quote_minor, cur)),
                 (_("Deposit asked:"), money(s.deposit_required_minor, cur) if s.deposit_required_minor else "")]
        return ft.Column([ft.Row([ft.Text(label, weight=ft.FontWeight.BOLD, width=120),
                                  ft.Text(value, expand=True)]) for label, value in lines if value], spacing=4)

    def _fill_status(self) -> None:
        current = self.session.status
        admin = self.shell.user is not None and self.shell.user.role == "admin"
        buttons = []
        for new in STATUSES:
            if new != current and can_change_status(current, new, admin):
                text = (_("Reopen as %(status)s", status=_(STATUS_LABELS[new])) if current in FINAL_STATUSES
                        else _(ACTIONS[new]))
                buttons.append(ft.Button(text, on_click=lambda _e, status=new: self.ask_status(status)))
        note = [] if buttons else [ft.Text(_("This session is finished; only an admin can reopen it."),
                                           color=ft.Colors.GREY_700)]
        self.status_row.controls = [status_chip(current), *buttons, *note]

    def ask_status(self, status: Status) -> None:
        """Change the status; cancelling or marking a no-show is confirmed first."""
        if status not in ASK_FIRST or self.session.status in FINAL_STATUSES:
            self.set_status(status)
            return
        title, sentence, yes = ASKED[status]
        dialog: ft.AlertDialog  # its buttons close it
        dialog = ft.AlertDialog(
            modal=True, title=ft.Text(_(title)), content=ft.Text(_(sentence)),
            actions=[ft.Button(_(yes), on_click=lambda _e: self._answered(dialog, status)),
                     ft.TextButton(_("Keep it"), on_click=lambda _e: self._answered(dialog, None))])
        self.shell.page.show_dialog(dialog)

    def _answered(self, dialog: ft.AlertDialog, status: Status | None) -> None:
        self.shell.close(dialog)
        if status is not None:
            self.set_status(status)

    def set_status(self, status: Status) -> None:
        """Send the new status with the version read, so a change made elsewhere is caught."""
        changed = self.shell.act(self.shell.client.sessions.set_status, self.session.id,
                                 SessionStatusIn(status=status, version=self.session.version),
                                 error=self.status_error)
        if changed is FAILED:
            return
        self.status_error.visible = False
        self.session = changed
        self._fill_status()
        self.shell.notify(_("The session is now %(status)s.", status=_(STATUS_WORDS[status])))
