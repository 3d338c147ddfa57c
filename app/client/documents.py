"""Reports, charts, printable documents and backups over HTTP: what the dashboard and Backups screen use."""

from __future__ import annotations

from datetime import date

from app.client.http import ApiSession
from app.client.models import (
    AccountingJobOut,
    BackupOut,
    BackupStatusOut,
    ExportOut,
    JobRunOut,
    ReportFiguresOut,
    RestoreOut,
)


class ReportsApi:
    """Figures and charts for a range of studio-local days (admin), and documents (PDF, CSV)."""

    def __init__(self, session: ApiSession):
        self._s = session

    def summary(self, first: date, last: date) -> ReportFiguresOut:
        return self._s.call("GET", "/api/reports/summary", ReportFiguresOut,
                            params={"from": first.isoformat(), "to": last.isoformat()})

    def chart(self, name: str, first: date, last: date) -> bytes:
        """A chart as PNG bytes: income-by-month, income-by-method or income-by-artist."""
        return self._s.fetch(f"/api/reports/charts/{name}.png", {"from": first.isoformat(), "to": last.isoformat()})

    def period_pdf(self, first: date, last: date) -> bytes:
        return self._s.fetch("/api/reports/period.pdf", {"from": first.isoformat(), "to": last.isoformat()})

    def payments_csv(self, first: date, last: date) -> bytes:
        return self._s.fetch("/api/reports/payments.csv", {"from": first.isoformat(), "to": last.isoformat()})

    def register_csv(self, day: date | str) -> bytes:
        return self._s.fetch(f"/api/reports/register/{day}.csv")

    def z_report_pdf(self, day: date | str) -> bytes:
        return self._s.fetch(f"/api/reports/z/{day}.pdf")

    def ink_passport_pdf(self, session_id: str) -> bytes:
        return self._s.fetch(f"/api/reports/ink-passport/{session_id}.pdf")

    def consent_pdf(self, consent_id: str) -> bytes:
        return self._s.fetch(f"/api/reports/consent/{consent_id}.pdf")

    def start_accounting(self, first: date, last: date) -> AccountingJobOut:
        """Start the accountant's ZIP of first..last in the background; follow it with accounting_job."""
        return self._s.call("POST", "/api/reports/accounting", AccountingJobOut,
                            json={"from": first.isoformat(), "to": last.isoformat()})

    def accounting_job(self, job_id: str) -> AccountingJobOut:
        """How far an accountant's export got: state, progress, step, and the ZIP's name once done."""
        return self._s.call("GET", f"/api/reports/accounting/{job_id}", AccountingJobOut)

    def accounting_zip(self, job_id: str) -> bytes:
        """The finished accountant's ZIP as bytes."""
        return self._s.fetch(f"/api/reports/accounting/{job_id}/zip")


class BackupsApi:
    """Backup status, a backup on demand, and the history of backup runs."""

    def __init__(self, session: ApiSession):
        self._s = session

    def status(self) -> BackupStatusOut:
        return self._s.call("GET", "/api/backups", BackupStatusOut)

    def take(self) -> BackupOut:
        return self._s.call("POST", "/api/backups", BackupOut)

    def history(self) -> list[JobRunOut]:
        return self._s.call("GET", "/api/backups/history", list[JobRunOut])

    def all_backups(self) -> list[BackupOut]:
        """Every backup on the stick, then every copy on the mirror drive, with its state."""
        return self._s.call("GET", "/api/backups/list", list[BackupOut])

    def restore(self, name: str) -> RestoreOut:
        """Put a backup back (admin); every login ends, this client's too."""
        return self._s.call("POST", f"/api/backups/{name}/restore", RestoreOut)

    def export(self, name: str, folder: str) -> ExportOut:
        """Copy a backup as a ZIP into a folder on this computer (admin)."""
        return self._s.call("POST", f"/api/backups/{name}/export", ExportOut, json={"folder": folder})
