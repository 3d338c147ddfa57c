"""/api/reports: the studio's figures (admins) and payments as CSV (today's register for staff)."""

from __future__ import annotations

from datetime import date

import pydantic
from flask import Blueprint, Response
from pydantic import TypeAdapter

from app.api.routing import current_user, endpoint, services
from app.api.schemas.register import DayParam
from app.api.schemas.reports import RangeQuery, ReportFiguresOut
from app.domain.errors import ValidationError

reports = Blueprint("reports", __name__, url_prefix="/api/reports")
CSV = "text/csv"
_DAY = TypeAdapter(DayParam)


def _day(text: str) -> date | str:
    try:
        return _DAY.validate_python(text)
    except pydantic.ValidationError:
        raise ValidationError(f"'{text}' is not a day. Give it as YYYY-MM-DD or 'today'.") from None


def _csv(export) -> Response:
    return Response(export.content, mimetype=CSV, headers={
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


@endpoint(reports, "GET", "/register/<day>.csv", policy="user",
          summary="One day's register payments as CSV (today for staff, any day for admins).", media_type=CSV)
def register_csv(day: str):
    return _csv(services().reports.register_csv(current_user(), _day(day)))
