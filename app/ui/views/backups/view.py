"""Backups: status and warning, the Prefect fallback, every backup (restore, export), history, "Back up now"."""

from __future__ import annotations

import flet as ft

from app.core.i18n import _
from app.ui.components.sync_texts import quiet_line
from app.ui.components.widgets import ALERT_RED, banner, heading, section
from app.ui.shell import FAILED
from app.ui.views.backups.backup_list import BackupList
from app.ui.views.backups.labels import JOBS, KINDS, RUN_STATES, label, seconds_text, size_text, when_text

GOOD_STATES = ("ok", "good", "completed", "verified")


class BackupsView:
    """What is safe, where, and since when; a backup on demand."""

    def __init__(self, shell):
        self.shell = shell
        self.root = ft.Column(spacing=16, scroll=ft.ScrollMode.AUTO, expand=True)
        self.backups = BackupList(shell)

    def build(self) -> ft.Control:
        """Load the backup status, job history and backups and return the Backups screen."""
        client = self.shell.client.backups
        self._fill(client.status(), client.history(), client.all_backups())
        self._sync_line()
        return self.root

    def refresh(self) -> None:
        """Read the status, history and list again."""
        client = self.shell.client.backups
        found = [self.shell.act(client.status), self.shell.act(client.history), self.shell.act(client.all_backups)]
        if all(part is not FAILED for part in found):
            self._fill(*found)
            self._sync_line()

    def back_up_now(self) -> None:
        """Take an encrypted backup behind a progress dialog, then show the new status."""
        self.shell.run_long(_("Backing up the studio"), self.shell.client.backups.take, self._done)

    def _done(self, backup) -> None:
        self.shell.notify(_("Backup %(name)s is done (%(size)s).", name=backup.name, size=size_text(backup.size)))
        self.refresh()

    # --- drawing -------------------------------------------------------------------------
    def _fill(self, status, history, backups) -> None:
        button = ft.Button(_("Back up now"), icon=ft.Icons.BACKUP, on_click=lambda _e: self.back_up_now())
        self.root.controls = [ft.Row([heading(_("Backups")), button], spacing=24), self._status(status),
                              *self._fallback(history), self.backups.build(backups), self._history(history)]

    def _sync_line(self) -> None:
        """When the studio syncs with its other devices: one quiet line under the status (nothing otherwise)."""
        try:
            status = self.shell.client.sync.status()
        except Exception:  # an older server, or the sync unreadable: the backups screen shows as before
            return
        if status.paired:
            line: list[ft.Control] = [ft.Text(quiet_line(status), color=ft.Colors.GREY_700, size=13)]
            if status.conflicts:
                line.append(ft.TextButton(_("See the sync conflicts"),
                                          on_click=lambda _e: self.shell.navigate("sync_conflicts")))
            self.root.controls.insert(2, ft.Row(line, wrap=True))

    def _when(self, moment) -> str:
        return when_text(self.shell, moment)

    def _fallback(self, history) -> list[ft.Control]:
        if not history or not history[0].fallback:
            return []
        last = history[0]
        return [ft.Text(_("The last job (%(job)s, %(when)s) ran directly in the app, because the job scheduler "
                          "(Prefect) was not running yet. Nothing is wrong: backups never wait for it.",
                          job=label(JOBS, last.name), when=self._when(last.started)), color=ft.Colors.GREY_700)]

    def _status(self, status) -> ft.Control:
        parts: list[ft.Control] = [banner(text) for text in (status.refused, status.warning) if text]
        last = status.last_backup
        if last is None and not status.warning:
            parts.append(ft.Text(_("There is no backup on the stick yet. Back up now."), color=ALERT_RED))
        elif last is not None:
            parts.append(ft.Text(_("Last good backup: %(when)s (%(name)s, %(size)s, %(kind)s).",
                                   when=self._when(last.created_at), name=last.name, size=size_text(last.size),
                                   kind=label(KINDS, last.kind))))
        if status.mirror_present:
            parts.append(ft.Text(_("Mirror drive present at %(path)s.", path=status.mirror_path)))
        elif status.mirror_path:
            parts.append(ft.Text(_("The mirror drive (%(path)s) is not plugged in.", path=status.mirror_path),
                                 color=ALERT_RED))
        else:
            parts.append(ft.Text(_("No mirror drive is set up: backups stay on the stick only.")))
        if status.last_mirror_name:
            parts.append(ft.Text(_("Last copy on the mirror: %(name)s, %(when)s.", name=status.last_mirror_name,
                                   when=self._when(status.last_mirror_at))))
        return section(_("Status"), *parts, self._space(status))

    def _space(self, status) -> ft.Control:
        used, free = size_text(status.stick_bytes), status.free_bytes
        lines = [_("Backups take %(used)s on the stick; %(free)s is free.", used=used, free=size_text(free))
                 if free is not None else _("Backups take %(used)s on the stick.", used=used)]
        if status.mirror_bytes is not None:
            lines.append(_("On the mirror drive they take %(used)s.", used=size_text(status.mirror_bytes)))
        lines.append(_("Last verified: %(when)s.", when=self._when(status.last_verify_at)) if status.last_verify_at
                     else _("Last verified: never yet."))
        if status.retention:
            lines.append(status.retention)
        return ft.Column([ft.Text(line) for line in lines], spacing=4)

    def _history(self, history) -> ft.Control:
        if not history:
            return section(_("History"), ft.Text(_("No backup jobs have run yet.")))
        header = ft.Row([ft.Text(t, width=w, weight=ft.FontWeight.BOLD) for t, w in
                         ((_("Job"), 110), (_("State"), 110), (_("Started"), 190), (_("Duration"), 90),
                          (_("Size"), 100), (_("Ran by"), 200))])
        rows = [ft.Row([ft.Text(label(JOBS, run.name), width=110),
                        ft.Text(label(RUN_STATES, run.state), width=110,
                                color=None if run.state.lower() in GOOD_STATES else ALERT_RED),
                        ft.Text(self._when(run.started), width=190), ft.Text(seconds_text(run.duration), width=90),
                        ft.Text(size_text(run.size), width=100),
                        ft.Text(_("the app (scheduler not running)") if run.fallback else _("the job scheduler"),
                                width=220)])
                for run in history]
        return section(_("History (%(n)s)", n=len(history)), header, *rows)
