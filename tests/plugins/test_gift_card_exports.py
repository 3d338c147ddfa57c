"""Gift cards in the exports: extend_exports gives the Z report the day's sales and redemptions on their own lines
and the accountant's ZIP a gift_cards.csv of the period (codes, amounts, payment ids; no names, no health data)."""

from __future__ import annotations

import csv
import io
from datetime import date, datetime, timedelta
from zoneinfo import ZoneInfo

from app.plugins.spec import ExportExtras, ReportLine
from tests.plugins.conftest import book
from tests.plugins.support_gift_cards import redeem, sell


def _today() -> date:
    return datetime.now(ZoneInfo("Europe/Madrid")).date()


def _extras(rig, start: date, end: date) -> ExportExtras:
    [(name, extras)] = [pair for pair in rig.calls("extend_exports", rig.admin, start=start, end=end)
                        if pair[0] == "gift_cards"]
    return extras


def _rows(extras: ExportExtras) -> list[dict]:
    return list(csv.DictReader(io.StringIO(extras.files["gift_cards.csv"].decode("utf-8"))))


def test_the_days_sales_are_a_z_report_line_and_rows_of_gift_cards_csv(rig):
    first, second = sell(rig, rig.staff, 5000, buyer="Zoë Дарья"), sell(rig, rig.staff, 2500, method="card")
    extras = _extras(rig, _today(), _today())
    assert extras.lines == (ReportLine("Gift cards sold", 7500), ReportLine("Gift cards redeemed", 0))
    rows = _rows(extras)
    assert sorted((r["kind"], r["code"], r["amount_minor"], r["payment_id"]) for r in rows) == sorted(
        [("sale", first.code, "5000", first.sale_payment_id), ("sale", second.code, "2500", second.sale_payment_id)])
    assert "Zoë" not in extras.files["gift_cards.csv"].decode("utf-8")  # the accountant needs no buyer's name
    assert list(extras.files) == ["gift_cards.csv"] and all(name.isascii() for name in extras.files)


def test_another_period_has_none_of_todays_sales(rig):
    sell(rig, rig.staff, 5000)
    yesterday = _today() - timedelta(days=1)
    extras = _extras(rig, yesterday - timedelta(days=30), yesterday)
    assert extras.lines == (ReportLine("Gift cards sold", 0), ReportLine("Gift cards redeemed", 0))
    assert _rows(extras) == []


def test_redemptions_are_their_own_line_and_rows(rig):
    card = sell(rig, rig.staff, 5000)
    session = book(rig, quote_minor=9000)
    paid = redeem(rig, rig.staff, card.code, 1200, session)
    extras = _extras(rig, _today(), _today())
    assert extras.lines == (ReportLine("Gift cards sold", 5000), ReportLine("Gift cards redeemed", 1200))
    [row] = [r for r in _rows(extras) if r["kind"] == "redemption"]
    assert (row["code"], row["amount_minor"], row["session_id"]) == (card.code, "1200", session)
    assert row["payment_id"] == paid.redemption_payment_ids[0]
