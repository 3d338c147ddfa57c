"""Payments and day-register CSV: BOM, header, ISO dates, amounts that parse back, formulas defused, no names."""

from __future__ import annotations

import csv
import io
from datetime import date

import pytest
from hypothesis import given
from hypothesis import strategies as st

from app.domain.errors import ForbiddenError
from app.reports.csv_export import HEADER, decimal_amount, guard_cell, minor_units, render_csv
from app.services.reports.service import ReportService
from tests.services.support_money_studio import NOON
from tests.services.support_report_studio import set_timezone, wipe

TODAY = NOON.date()  # 2025-01-15 in Madrid


def _rows(content: bytes) -> list[dict]:
    assert content.startswith(b"\xef\xbb\xbf")
    return list(csv.DictReader(io.StringIO(content.decode("utf-8-sig"))))


@pytest.fixture
def desk(studio):
    """Today's payments taken through the payment service: a deposit, a payment, a tip and a refund."""
    session_id = studio.session(300_00)
    taken = [studio.payments.take_payment(studio.staff, amount_minor=amount, method=method, kind=kind,
                                          session_id=session_id, note="=HYPERLINK(\"evil\")")
             for amount, method, kind in ((100_00, "card", "deposit"), (125_50, "cash", "payment"),
                                          (10_00, "cash", "tip"), (25_50, "card", "refund"))]
    return ReportService(studio.db, studio.clock), studio, taken


def test_register_csv_round_trips_through_the_csv_module(desk):
    reports, studio, taken = desk
    export = reports.register_csv(studio.staff, "today")
    assert export.filename == f"register-{TODAY.isoformat()}.csv"
    assert export.content.decode("utf-8-sig").splitlines()[0] == ",".join(HEADER)
    rows = _rows(export.content)
    assert [r["payment_id"] for r in rows] == [p.id for p in taken]
    assert [minor_units(r["amount"], r["currency"]) for r in rows] == [p.signed_minor for p in taken]
    assert [r["amount"] for r in rows] == ["100.00", "125.50", "10.00", "-25.50"]
    assert all(r["day"] == TODAY.isoformat() and r["taken_at"].startswith("2025-01-15T12:00:00+01:00") for r in rows)
    assert {r["artist"] for r in rows} == {"Ink"} and {r["taken_by"] for r in rows} == {"Desk"}


def test_payments_csv_leaves_client_names_and_notes_out(desk):
    reports, studio, taken = desk
    content = reports.payments_csv(studio.admin, date(2025, 1, 1), date(2025, 1, 31)).content
    text = content.decode("utf-8-sig")
    assert "Test" not in text and "Client" not in text and "HYPERLINK" not in text
    assert {r["client_id"] for r in _rows(content)} == {taken[0].client_id}


def test_staff_export_todays_register_only(desk):
    reports, studio, _ = desk
    with pytest.raises(ForbiddenError, match="Only an admin"):
        reports.register_csv(studio.staff, date(2025, 1, 14))
    assert len(_rows(reports.register_csv(studio.admin, date(2025, 1, 14)).content)) == 0


def test_currencies_without_cents_export_whole_amounts(studio):
    wipe(studio)
    set_timezone(studio, "Asia/Tokyo", currency="JPY")
    studio.payments.take_payment(studio.staff, amount_minor=1500, method="cash", kind="payment")
    (row,) = _rows(ReportService(studio.db, studio.clock).register_csv(studio.staff, "today").content)
    assert (row["amount"], row["currency"], row["taken_at"][-6:]) == ("1500", "JPY", "+09:00")


@pytest.mark.parametrize("cell", ["=1+2", "+SUM(A1)", "-2+3", "@cmd", "\tx", "\rx", "=HYPERLINK(\"x\")"])
def test_formula_cells_get_a_leading_quote(cell):
    assert guard_cell(cell) == "'" + cell
    (row,) = list(csv.reader(io.StringIO(render_csv(["a"], [[cell]]).decode("utf-8-sig"))))[1:]
    assert row == ["'" + cell]


@pytest.mark.parametrize("cell", ["-25.50", "125.50", "Ink", "2025-01-15", "", None])
def test_plain_numbers_and_text_stay_as_they_are(cell):
    assert guard_cell(cell) == ("" if cell is None else cell)


@given(minor=st.integers(-10**12, 10**12), currency=st.sampled_from(["EUR", "USD", "JPY", "BHD", "CHF"]))
def test_amounts_parse_back_to_the_same_minor_units(minor, currency):
    assert minor_units(decimal_amount(minor, currency), currency) == minor
