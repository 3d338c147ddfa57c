"""The dashboard's calls: figures, charts, documents and accounting files (app/api/reports.py)."""

from __future__ import annotations

from datetime import date

from app.client.http import ApiSession
from app.client.models import (
    AccountingJobOut,
    ReportFiguresOut,
)


class ReportsApi:
    """Figures and charts for a range of studio-local days (admin), and documents (PDF, CSV)."""

    def __init__(self, session: ApiSession):
        self._s = session

    def summary(self, first: date, last: date) -> ReportFiguresOut:
        """Return the report figures for local days first..last."""
        return self._s.call("GET", "/api/reports/summary", ReportFiguresOut,
                            params={"from": first.isoformat(), "to": last.isoformat()})

    def chart(self, name: str, first: date, last: date) -> bytes:
        """A chart as PNG bytes: income-by-month, income-by-method or income-by-artist."""
        return self._s.fetch(f"/api/reports/charts/{name}.png", {"from": first.isoformat(), "to": last.isoformat()})

    def period_pdf(self, first: date, last: date) -> bytes:
        """Return the period report PDF for local days first..last."""
        return self._s.fetch("/api/reports/period.pdf", {"from": first.isoformat(), "to": last.isoformat()})

    def payments_csv(self, first: date, last: date) -> bytes:
        """Return the payments of local days first..last as CSV."""
        return self._s.fetch("/api/reports/payments.csv", {"from": first.isoformat(), "to": last.isoformat()})

    def register_csv(self, day: date | str) -> bytes:
        """Return one register day's payments as CSV."""
        return self._s.fetch(f"/api/reports/register/{day}.csv")

    def z_report_pdf(self, day: date | str) -> bytes:
        """Return one register day's Z report as PDF."""
        return self._s.fetch(f"/api/reports/z/{day}.pdf")

    def ink_passport_pdf(self, session_id: str) -> bytes:
        """Return a session's ink passport as PDF."""
        return self._s.fetch(f"/api/reports/ink-passport/{session_id}.pdf")

    def consent_pdf(self, consent_id: str) -> bytes:
        """Return a signed consent record as PDF."""
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
