"""The dashboard's "Accountant's ZIP" block: pick a range, make the ZIP in the background, watch it, save it."""

from __future__ import annotations

import asyncio
from datetime import date, timedelta

import flet as ft
from babel.numbers import format_decimal, format_percent

from app.core.i18n import _
from app.ui.components.files import save_document
from app.ui.components.widgets import ALERT_RED, display_locale, section
from app.ui.shell import FAILED

POLL_SECONDS = 0.5


def last_month(today: date) -> tuple[date, date]:
    """The first and last day of the month before `today`'s."""
    last = today.replace(day=1) - timedelta(days=1)
    return last.replace(day=1), last


def _size(size: int | None) -> str:
    size = size or 0
    if size >= 1_000_000:
        return f"{format_decimal(size / 1_000_000, '0.0', locale=display_locale())} MB"
    return f"{max(1, round(size / 1000))} kB"


class AccountantZip:
    """Starts the accountant's export on the server and follows it without blocking the window."""

    def __init__(self, shell, today: date):
        self.shell = shell
        first, last = last_month(today)
        self.first = ft.TextField(label=_("From (YYYY-MM-DD)"), value=first.isoformat(), width=180)
        self.last = ft.TextField(label=_("To (YYYY-MM-DD)"), value=last.isoformat(), width=180)
        self.make = ft.Button(_("Make accountant ZIP"), icon=ft.Icons.ARCHIVE, on_click=self.run)
        self.bar = ft.ProgressBar(value=0, width=420, visible=False)
        self.step = ft.Text("", visible=False)
        self.error = ft.Text("", color=ALERT_RED, visible=False)
        self.result = ft.Text("", visible=False, selectable=True)
        self.save = ft.Button(_("Save ZIP…"), icon=ft.Icons.SAVE_ALT, visible=False, on_click=self.save_zip)
        self.job = None

    def build(self) -> ft.Control:
        """The block: two day fields, the button, then progress, the result or the error."""
        about = ft.Text(_("Payments, day closes, totals by method and artist, the summary PDF and a SHA-256 "
                          "manifest, for the accountant. No client details or health data go into it."), size=12)
        return section(_("Accountant's ZIP"), about, ft.Row([self.first, self.last, self.make], wrap=True),
                       self.error, self.bar, self.step, self.result, self.save)

    def _range(self) -> tuple[date, date] | None:
        days = []
        for field, problem in ((self.first, _("Type the 'From' day as YYYY-MM-DD, for example 2026-03-01.")),
                               (self.last, _("Type the 'To' day as YYYY-MM-DD, for example 2026-03-01."))):
            try:
                days.append(date.fromisoformat((field.value or "").strip()))
            except ValueError:
                self._fail(problem)
                return None
        return days[0], days[1]

    def _fail(self, message: str) -> None:
        self.error.value, self.error.visible = message, True
        self.bar.visible = self.step.visible = False
        self.make.disabled = False

    async def run(self, _e=None) -> None:
        """Start the export, then poll it every half second (awaiting, so the window stays responsive)."""
        self.error.visible = self.result.visible = self.save.visible = False
        picked = self._range()
        if picked is None:
            return
        job = self.shell.act(self.shell.client.reports.start_accounting, *picked, error=self.error)
        if job is FAILED:
            return
        self.make.disabled, self.bar.visible, self.step.visible = True, True, True
        while job.state == "running":
            self._show(job)
            await asyncio.sleep(POLL_SECONDS)
            job = self.shell.act(self.shell.client.reports.accounting_job, job.id, error=self.error)
            if job is FAILED:
                self._fail(self.error.value)
                return
        self.job = job
        if job.state == "failed":
            self._fail(job.error or _("The export failed. Try again."))
            return
        self._show(job)
        self.make.disabled = False
        self.result.value = _("The ZIP is ready: %(file)s (%(size)s) is in the stick's exports folder, %(folder)s.",
                              file=job.file_name, size=_size(job.size), folder=job.folder)
        self.result.visible = self.save.visible = True
        self.shell.notify(_("Made %(file)s.", file=job.file_name))

    def _show(self, job) -> None:
        self.bar.value = job.progress
        self.step.value = f"{format_percent(job.progress, locale=display_locale())} — {job.step}"
        self.shell.page.update()

    async def save_zip(self, _e=None) -> None:
        """Ask where to save a copy of the finished ZIP and save it there (a download in a browser)."""

        if self.job is not None:
            await save_document(self.shell, self.shell.client.reports.accounting_zip, self.job.id,
                                self.job.file_name)
