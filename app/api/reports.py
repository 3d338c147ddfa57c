"""/api/reports: figures, charts, period PDF, the accountant's ZIP (admins); CSV and Z report (staff: today);
ink passports, consents."""

from __future__ import annotations

from flask import Blueprint, Response, send_file

from app.api.routing import current_user, day_param, endpoint, services
from app.contract.register import DayParam
from app.contract.reports import AccountingJobIn, AccountingJobOut, RangeQuery, ReportFiguresOut

reports = Blueprint("reports", __name__, url_prefix="/api/reports")
CSV, PNG, PDF, ZIP = "text/csv", "image/png", "application/pdf", "application/zip"


def _csv(export) -> Response:
    return _file(export, CSV)


def _file(export, mimetype: str) -> Response:
    return Response(export.content, mimetype=mimetype, headers={
        "Content-Disposition": f'attachment; filename="{export.filename}"'})


@endpoint(reports, "GET", "/summary", policy="admin",
          summary="The studio's figures for a range of local days: income, artists, deposits, activity.",
          query=RangeQuery, response=ReportFiguresOut)
def report_summary(query: RangeQuery):
    return ReportFiguresOut.model_validate(services().reports.summary(current_user(), query.from_, query.to))


@endpoint(reports, "GET", "/payments.csv", policy="admin",
          summary="Every payment of a range of local days as CSV (UTF-8 with BOM; clients by id only).",
          query=RangeQuery, media_type=CSV)
def payments_csv(query: RangeQuery):
    return _csv(services().reports.payments_csv(current_user(), query.from_, query.to))


@endpoint(reports, "GET", "/register/<day>.csv", policy="user", path={"day": DayParam},
          summary="One day's register payments as CSV (today for staff, any day for admins).", media_type=CSV)
def register_csv(day: str):
    return _csv(services().reports.register_csv(current_user(), day_param(day)))


@endpoint(reports, "GET", "/charts/<name>.png", policy="admin",
          summary="A chart of a range of local days as PNG: income-by-month, income-by-method or income-by-artist.",
          query=RangeQuery, media_type=PNG)
def report_chart(name: str, query: RangeQuery):
    return Response(services().documents.chart(current_user(), name, query.from_, query.to), mimetype=PNG)


@endpoint(reports, "GET", "/period.pdf", policy="admin",
          summary="The period report of a range of local days as PDF: totals, artists, charts, payments.",
          query=RangeQuery, media_type=PDF)
def period_pdf(query: RangeQuery):
    return _file(services().documents.period_report(current_user(), query.from_, query.to), PDF)


@endpoint(reports, "GET", "/z/<day>.pdf", policy="user", path={"day": DayParam},
          summary="A day's Z report as PDF (today for staff, any day for admins).", media_type=PDF)
def z_report_pdf(day: str):
    return _file(services().documents.z_report(current_user(), day_param(day)), PDF)


@endpoint(reports, "GET", "/ink-passport/<session_id>.pdf", policy="user",
          summary="The ink passport of one session as PDF: client, date, placement, inks with their lots.",
          media_type=PDF)
def ink_passport_pdf(session_id: str):
    return _file(services().documents.ink_passport(current_user(), session_id), PDF)


@endpoint(reports, "GET", "/consent/<consent_id>.pdf", policy="user",
          summary="One signed consent as PDF, with the signature image.", media_type=PDF)
def consent_pdf(consent_id: str):
    return _file(services().documents.consent_record(current_user(), consent_id), PDF)


@endpoint(reports, "POST", "/accounting", policy="admin", body=AccountingJobIn, response=AccountingJobOut, status=202,
          summary="Start the accountant's ZIP of a range of local days in the background (one at a time); "
                  "answers with the job to follow.")
def start_accounting(body: AccountingJobIn):
    return AccountingJobOut.model_validate(services().exports.start(current_user(), body.from_, body.to))


@endpoint(reports, "GET", "/accounting/<job_id>", policy="admin", response=AccountingJobOut,
          summary="An accountant's export: running, done or failed; progress, step, the ZIP's name and size.")
def accounting_job(job_id: str):
    return AccountingJobOut.model_validate(services().exports.get(current_user(), job_id))


@endpoint(reports, "GET", "/accounting/<job_id>/zip", policy="admin", media_type=ZIP,
          summary="The finished accountant's ZIP (CSVs, summary PDF, SHA-256 manifest, README).")
def accounting_zip(job_id: str):
    path = services().exports.finished_zip(current_user(), job_id)
    return send_file(path, mimetype=ZIP, as_attachment=True, download_name=path.name, max_age=0)
