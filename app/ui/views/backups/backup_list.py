"""The Backups screen's list: every backup, with Restore (confirmed first) and Export… for admins."""

from __future__ import annotations

import flet as ft

from app.core.i18n import N_, _
from app.ui.components.widgets import ALERT_RED, error_line, section, show_error
from app.ui.shell import FAILED
from app.ui.views.backups.labels import STATES, TABLES, label, size_text, when_text

MAIN_TABLES = ("clients", "sessions", "payments", "consents", "users")
UNUSABLE_STATES = ("bad", "missing")  # shown in red, never offered for restore or export
RELOGIN_REASON = N_("The studio was restored from a backup, so every login ended. Log in again.")

__all__ = ["BackupList", "RELOGIN_REASON", "counts_text", "size_text", "when_text"]


def counts_text(counts: dict[str, int]) -> str:
    """Row counts for people, the main tables first: 'clients: 3, sessions: 5, ..., audit log: 40'."""
    rest = sorted(t for t, n in counts.items() if t not in MAIN_TABLES and n)
    shown = [t for t in MAIN_TABLES if t in counts] + rest
    if not shown:
        return _("no rows")
    return ", ".join(_("%(table)s: %(rows)s", table=label(TABLES, table).replace("_", " "), rows=counts[table])
                     for table in shown)


class BackupList:
    """The list of backups; admins restore one (after a confirmation) or export one as a ZIP to a folder."""

    def __init__(self, shell):
        self.shell = shell
        self.folder = ft.TextField(width=420)  # kept across refreshes, so a typed folder is never lost
        self.error = error_line()

    @property
    def admin(self) -> bool:
        """Whether the logged-in user is an admin (only admins restore)."""
        return self.shell.user is not None and self.shell.user.role == "admin"

    def build(self, backups) -> ft.Control:
        """The section: the export folder (admins), then one row per backup, newest first."""
        self.folder.label, self.folder.hint_text = _("Export folder"), _("A full path, like /media/usb or D:\\backups")
        self.folder.helper = _("Export… writes the chosen backup there as a ZIP.")
        if not backups:
            return section(_("Backups"), ft.Text(_("There are no backups yet.")))
        top = [ft.Row([self.folder]), self.error] if self.admin else []
        return section(_("Backups (%(n)s)", n=len(backups)), *top, *[self._row(b) for b in backups])

    def _row(self, backup) -> ft.Control:
        place = _("mirror drive") if backup.location == "mirror" else _("stick")
        state = ft.Text(label(STATES, backup.state), width=80,
                        color=ALERT_RED if backup.state in UNUSABLE_STATES else None,
                        tooltip=" ".join(backup.problems) or None)
        cells: list[ft.Control] = [ft.Text(when_text(self.shell, backup.created_at), width=180),
                                   ft.Text(backup.name, width=300), ft.Text(size_text(backup.size), width=90),
                                   state, ft.Text(place, width=100)]
        if self.admin and backup.location == "stick" and backup.state not in UNUSABLE_STATES:
            cells += [ft.TextButton(_("Restore"), icon=ft.Icons.RESTORE,
                                    tooltip=_("Restore %(name)s", name=backup.name),
                                    on_click=lambda _e, b=backup: self.confirm_restore(b)),
                      ft.TextButton(_("Export…"), icon=ft.Icons.ARCHIVE, tooltip=_("Export %(name)s", name=backup.name),
                                    on_click=lambda _e, b=backup: self.export(b))]
        return ft.Row(cells, spacing=8)

    def confirm_restore(self, backup) -> None:
        """Ask first, naming the date and what the backup holds."""
        dialog = ft.AlertDialog(modal=True, title=ft.Text(_("Restore this backup?")))
        dialog.content = ft.Text(_(
            "The studio goes back to how it was on %(when)s (%(name)s): %(counts)s. Everything entered since then "
            "is replaced; the data as it is now is kept first as a safety backup. Everyone will have to log in "
            "again.", when=when_text(self.shell, backup.created_at), name=backup.name,
            counts=counts_text(backup.counts)), width=480)
        dialog.actions = [ft.TextButton(_("Cancel"), on_click=lambda _e: self.shell.close(dialog)),
                          ft.Button(_("Restore now"), icon=ft.Icons.RESTORE,
                                    on_click=lambda _e: self._restore(dialog, backup.name))]
        self.shell.page.show_dialog(dialog)

    def _restore(self, dialog, name: str) -> None:
        self.shell.close(dialog)
        self.shell.run_long(_("Restoring the backup"), lambda: self.shell.client.backups.restore(name),
                            self._restored)

    def _restored(self, done) -> None:
        """Say what came back, then everyone logs in again (the lock screen takes the password)."""
        dialog = ft.AlertDialog(modal=True, title=ft.Text(_("Studio restored")), content=ft.Text(_(
            "The studio is back as it was on %(when)s (%(name)s): %(counts)s. The data as it was just before is "
            "kept as %(safety)s. Every login ended: log in again.", when=when_text(self.shell, done.backup_created_at),
            name=done.name, counts=counts_text(done.counts), safety=done.safety_backup), width=480))

        def log_in_again(_e) -> None:
            self.shell.close(dialog)
            self.shell.lock(_(RELOGIN_REASON))

        dialog.actions = [ft.Button(_("Log in again"), icon=ft.Icons.LOGIN, on_click=log_in_again)]
        self.shell.page.show_dialog(dialog)

    def export(self, backup) -> None:
        """Copy the backup as a ZIP into the typed folder; a missing or unwritable folder is a sentence."""
        folder = (self.folder.value or "").strip()
        if not folder:
            show_error(self.error, _("Type the folder to export to in 'Export folder' first, e.g. /media/usb."))
            return
        show_error(self.error, None)
        result = self.shell.act(self.shell.client.backups.export, backup.name, folder, error=self.error)
        if result is not FAILED:
            self.shell.notify(_("Exported %(name)s to %(path)s (%(size)s).", name=backup.name, path=result.path,
                                size=size_text(result.size)))
