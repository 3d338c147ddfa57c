"""Admin's "Sync" panel. Not paired: the relay's address with "Set up sync", or "Join with a code". Paired: when
it last synced (quiet), changes waiting, conflicts (with the way to the list), "Sync now", "Pair another device"
(the code shown once, with its expiry), the studio's devices with "Revoke", and progress while a sync runs."""

from __future__ import annotations

import time
from datetime import datetime

import flet as ft
from babel.dates import format_time

from app.core.i18n import _
from app.domain.dates import short_moment_text
from app.ui.components.sync_texts import conflicts_text, last_synced, pending_text
from app.ui.components.widgets import ALERT_RED, display_locale, error_line, section, show_error
from app.ui.shell import FAILED

POLL_SECONDS, POLL_TIMES = 1.0, 600  # while a sync runs: the status again each second, for ten minutes at most


class SyncPanel:
    """The studio's sync, as the API answers it; each button acts, then shows the new state."""

    def __init__(self, shell):
        self.shell = shell
        self.body = ft.Column(spacing=8)
        self.error = error_line()
        self.relay = ft.TextField(label=_("Relay address"), width=420)
        self.code = ft.TextField(label=_("Pairing code"), width=260)
        self.shown_code: ft.Control | None = None
        self.seen_devices = None  # the last list read, kept while a sync runs (read again at its end)

    def build(self, status) -> ft.Control:
        """Return the section filled with `status` (the API's SyncStatusOut)."""
        self._fill(status)
        return section(_("Sync"), self.body, self.error)

    # --- drawing ---------------------------------------------------------------------------
    def _fill(self, status, devices=None) -> None:
        if not status.paired:
            self.body.controls = self._unpaired()
            return
        if devices is None:
            devices = self.shell.act(self.shell.client.sync.devices, error=self.error)
        self.seen_devices = devices
        lines: list[ft.Control] = [ft.Text(last_synced(status), color=ft.Colors.GREY_700)]
        if status.running:
            lines.append(ft.Row([ft.ProgressRing(width=16, height=16),
                                 ft.Text(_("Syncing now… %(waiting)s", waiting=pending_text(status)))]))
        else:
            lines.append(ft.Text(pending_text(status), color=ft.Colors.GREY_700))
        lines.append(ft.Row([ft.Text(conflicts_text(status), color=ALERT_RED if status.conflicts else None),
                             *([ft.TextButton(_("See the sync conflicts"),
                                              on_click=lambda _e: self.shell.navigate("sync_conflicts"))]
                               if status.conflicts else [])]))
        if status.last_error:
            lines.append(ft.Text(status.last_error, color=ALERT_RED))
        lines.append(ft.Text(_("Relay: %(url)s", url=status.relay_url or "—"), size=12, color=ft.Colors.GREY_700))
        lines.append(ft.Row([ft.Button(_("Sync now"), icon=ft.Icons.SYNC, on_click=lambda _e: self.sync_now()),
                             ft.TextButton(_("Pair another device"), icon=ft.Icons.QR_CODE,
                                           on_click=lambda _e: self.invite())], wrap=True))
        if self.shown_code is not None:
            lines.append(self.shown_code)
        if devices is not FAILED:
            lines.append(self._devices(devices))
        self.body.controls = lines

    def _unpaired(self) -> list[ft.Control]:
        return [ft.Text(_("This studio works on this computer only. To share it with the studio's other devices, "
                          "set up sync with a relay, or join with a code shown on a device that syncs already.")),
                self.relay,
                ft.Row([ft.Button(_("Set up sync"), icon=ft.Icons.CLOUD_SYNC, on_click=lambda _e: self.start())]),
                ft.Row([self.code, ft.TextButton(_("Join with a code"), on_click=lambda _e: self.join())])]

    def _devices(self, devices) -> ft.Control:
        where = display_locale()

        def when(text: str | None) -> str:
            if not text:
                return _("never")
            return short_moment_text(datetime.fromisoformat(text).astimezone(self.shell.zone), where)

        rows: list[ft.Control] = []
        for n, device in enumerate(devices, start=1):
            name = _("This device") if device.this_device else _("Device %(n)s", n=n)
            said = (_("%(name)s: removed", name=name) if device.revoked else
                    _("%(name)s: added %(added)s, last seen %(seen)s", name=name, added=when(device.created_at),
                      seen=when(device.last_seen_at)))
            row: list[ft.Control] = [ft.Text(said, expand=True)]
            if not device.this_device and not device.revoked:
                row.append(ft.TextButton(_("Revoke %(name)s", name=name),
                                         on_click=lambda _e, d=device.id: self.revoke(d)))
            rows.append(ft.Row(row))
        return ft.Column([ft.Text(_("Devices"), weight=ft.FontWeight.BOLD), *rows], spacing=4)

    # --- actions ---------------------------------------------------------------------------
    def start(self) -> None:
        """Set up sync with the relay typed in; the first sync then runs, with its progress shown."""
        self._after(self.shell.act(self.shell.client.sync.start, (self.relay.value or "").strip(), error=self.error),
                    _("Sync is set up. The first sync sends the whole studio; it may take a few minutes."))

    def join(self) -> None:
        """Join the studio with the code typed in."""
        self._after(self.shell.act(self.shell.client.sync.join, (self.relay.value or "").strip(),
                                   (self.code.value or "").strip(), error=self.error),
                    _("This device joined the studio's sync; it is fetching the studio's changes."))

    def sync_now(self) -> None:
        """Ask for a sync; it runs in the background and this panel follows it."""
        if self.shell.act(self.shell.client.sync.now, error=self.error) is not FAILED:
            self._follow()

    def invite(self) -> None:
        """Show a pairing code once, with the time it stops working."""
        code = self.shell.act(self.shell.client.sync.invite, error=self.error)
        if code is FAILED:
            return
        until = format_time(code.expires_at.astimezone(self.shell.zone), "short", locale=display_locale())
        self.shown_code = ft.Container(ft.Column([
            ft.Text(code.code, size=28, weight=ft.FontWeight.BOLD, font_family="monospace", selectable=True),
            ft.Text(_("Type this code on the other device, with the relay address, before %(time)s. It works once "
                      "and is not shown again.", time=until))], spacing=4),
            padding=12, border=ft.Border.all(1, ft.Colors.GREY_400), border_radius=8)
        self._refresh()

    def revoke(self, device_id: str) -> None:
        """Remove a device from the studio's sync."""
        if self.shell.act(self.shell.client.sync.revoke, device_id, error=self.error) is not FAILED:
            self.shell.notify(_("The device was removed from the studio's sync; the relay refuses it from now on."))
            self._refresh()

    def _after(self, status, note: str) -> None:
        if status is FAILED:
            return
        show_error(self.error, None)
        self.shell.notify(note)
        self._fill(status)
        self.shell.page.update()
        self._follow()

    def _refresh(self) -> None:
        status = self.shell.act(self.shell.client.sync.status, error=self.error)
        if status is not FAILED:
            self._fill(status)
            self.shell.page.update()

    def _follow(self) -> None:
        """Show the status again while a sync runs (off the screen's thread), then once more at its end."""
        def poll() -> None:
            for _n in range(POLL_TIMES):
                try:
                    status = self.shell.client.sync.status()
                except Exception:  # the screen was closed or the login ended: stop following
                    return
                self._fill(status, None if not status.running or self.seen_devices is None else self.seen_devices)
                self.shell.page.update()
                if not status.running:
                    return
                time.sleep(POLL_SECONDS)

        self.shell.in_background(poll)
