"""Backups: status and warning, the Prefect fallback, every backup (restore, export), history, "Back up now"."""

from __future__ import annotations

import flet as ft

from app.ui.components.widgets import ALERT_RED, banner, heading, section
from app.ui.shell import FAILED
from app.ui.views.backups.backup_list import BackupList, size_text, when_text

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
        return self.root

    def refresh(self) -> None:
        """Read the status, history and list again."""
        client = self.shell.client.backups
        found = [self.shell.act(client.status), self.shell.act(client.history), self.shell.act(client.all_backups)]
        if all(part is not FAILED for part in found):
            self._fill(*found)

    def back_up_now(self) -> None:
        """Take an encrypted backup behind a progress dialog, then show the new status."""
        self.shell.run_long("Backing up the studio", self.shell.client.backups.take, self._done)

    def _done(self, backup) -> None:
        self.shell.notify(f"Backup {backup.name} is done ({size_text(backup.size)}).")
        self.refresh()

    # --- drawing -------------------------------------------------------------------------
    def _fill(self, status, history, backups) -> None:
        button = ft.Button("Back up now", icon=ft.Icons.BACKUP, on_click=lambda _e: self.back_up_now())
        self.root.controls = [ft.Row([heading("Backups"), button], spacing=24), self._status(status),
                              *self._fallback(history), self.backups.build(backups), self._history(history)]

    def _when(self, moment) -> str:
        return when_text(self.shell, moment)

    def _fallback(self, history) -> list[ft.Control]:
        if not history or not history[0].fallback:
            return []
        last = history[0]
        return [ft.Text(f"The last job ({last.name}, {self._when(last.started)}) ran directly in the app, because "
                        "the job scheduler (Prefect) was not running yet. Nothing is wrong: backups never wait "
                        "for it.", color=ft.Colors.GREY_700)]

    def _status(self, status) -> ft.Control:
        parts: list[ft.Control] = [banner(text) for text in (status.refused, status.warning) if text]
        last = status.last_backup
        if last is None and not status.warning:
            parts.append(ft.Text("There is no backup on the stick yet. Back up now.", color=ALERT_RED))
        elif last is not None:
            parts.append(ft.Text(f"Last good backup: {self._when(last.created_at)} ({last.name}, "
                                 f"{size_text(last.size)}, {last.kind})."))
        if status.mirror_present:
            parts.append(ft.Text(f"Mirror drive present at {status.mirror_path}."))
        elif status.mirror_path:
            parts.append(ft.Text(f"The mirror drive ({status.mirror_path}) is not plugged in.", color=ALERT_RED))
        else:
            parts.append(ft.Text("No mirror drive is set up: backups stay on the stick only."))
        if status.last_mirror_name:
            parts.append(ft.Text(f"Last copy on the mirror: {status.last_mirror_name}, "
                                 f"{self._when(status.last_mirror_at)}."))
        return section("Status", *parts, self._space(status))

    def _space(self, status) -> ft.Control:
        free = "unknown" if status.free_bytes is None else size_text(status.free_bytes)
        lines = [f"Backups take {size_text(status.stick_bytes)} on the stick; {free} is free."]
        if status.mirror_bytes is not None:
            lines.append(f"On the mirror drive they take {size_text(status.mirror_bytes)}.")
        verified = self._when(status.last_verify_at) if status.last_verify_at else "never yet"
        lines.append(f"Last verified: {verified}.")
        if status.retention:
            lines.append(status.retention)
        return ft.Column([ft.Text(line) for line in lines], spacing=4)


    def _history(self, history) -> ft.Control:
        if not history:
            return section("History", ft.Text("No backup jobs have run yet."))
        header = ft.Row([ft.Text(t, width=w, weight=ft.FontWeight.BOLD) for t, w in
                         (("Job", 110), ("State", 110), ("Started", 190), ("Duration", 90), ("Size", 100),
                          ("Ran by", 200))])
        rows = [ft.Row([ft.Text(run.name, width=110),
                        ft.Text(run.state, width=110,
                                color=None if run.state.lower() in GOOD_STATES else ALERT_RED),
                        ft.Text(self._when(run.started), width=190), ft.Text(f"{run.duration:.1f} s", width=90),
                        ft.Text(size_text(run.size), width=100),
                        ft.Text("the app (scheduler not running)" if run.fallback else "the job scheduler", width=220)])
                for run in history]
        return section(f"History ({len(history)})", header, *rows)

