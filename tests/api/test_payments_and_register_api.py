"""The payments and register API: status codes, strict money input, roles, and a day from open to close."""

from __future__ import annotations

from datetime import timedelta
from zoneinfo import ZoneInfo

import pytest

from tests.api.support_served_money_studio import served_money_studio


@pytest.fixture(scope="module")
def world(tmp_path_factory):
    """One studio, an app over it with a clock at the real now (login tokens check real time), two logins."""
    yield from served_money_studio(tmp_path_factory.mktemp("money-api"))


@pytest.fixture
def w(world):
    world["studio"].reset()
    world["clock"].at = world["start"]
    return world


def _today(w):
    return w["clock"].now().astimezone(ZoneInfo("Europe/Madrid")).date()


def _pay(w, who="staff", **body):
    return w["client"].post("/api/payments", headers=w[who], json={"method": "cash", "kind": "payment", **body})


def test_payment_balance_and_listing_round_trip(w):
    session_id = w["studio"].session(300_00)
    made = _pay(w, amount_minor=100_00, kind="deposit", session_id=session_id)
    assert made.status_code == 201, made.json
    assert made.json["register_day"] == _today(w).isoformat() and made.json["amount_minor"] == 100_00
    assert made.json["artist_id"] == w["studio"].artist.id
    listed = w["client"].get(f"/api/payments?session_id={session_id}", headers=w["staff"])
    assert listed.status_code == 200 and [p["id"] for p in listed.json] == [made.json["id"]]
    balance = w["client"].get(f"/api/sessions/{session_id}/balance", headers=w["staff"]).json
    assert balance == {"session_id": session_id, "quote_minor": 300_00, "deposits_minor": 100_00,
                       "payments_minor": 0, "refunds_minor": 0, "tips_minor": 0, "paid_minor": 100_00,
                       "balance_minor": 200_00}


@pytest.mark.parametrize("bad", [
    {"amount_minor": 12.5}, {"amount_minor": "12"}, {"amount_minor": 12.0}, {"amount_minor": 0},
    {"amount_minor": -5}, {"amount_minor": True}, {"amount_minor": 100, "method": "cheque"},
    {"amount_minor": 100, "surprise": 1}, {"amount_minor": 100, "allow_overpay": "yes"}])
def test_money_must_be_whole_positive_minor_units_and_fields_known(w, bad):
    answer = _pay(w, **bad)
    assert answer.status_code == 422, answer.json
    assert answer.json["error"] == "invalid" and answer.json["message"].endswith(".")


def test_anonymous_callers_get_401(w):
    c = w["client"]
    for answer in (c.post("/api/payments", json={"amount_minor": 1}), c.get("/api/payments?day=today"),
                   c.get("/api/sessions/x/balance"), c.get("/api/register/today"),
                   c.post("/api/register/today/open", json={"opening_float_minor": 0}),
                   c.post("/api/register/today/close", json={"counted_cash_minor": 0})):
        assert answer.status_code == 401


def test_staff_get_403_for_earlier_days_and_corrections(w):
    paid = _pay(w, amount_minor=10_00).json
    yesterday = (_today(w) - timedelta(days=1)).isoformat()
    c, staff = w["client"], w["staff"]
    assert c.get(f"/api/register/{yesterday}", headers=staff).status_code == 403
    assert c.get(f"/api/payments?day={yesterday}", headers=staff).status_code == 403
    assert c.post(f"/api/register/{yesterday}/close", headers=staff, json={"counted_cash_minor": 0}).status_code == 403
    refused = _pay(w, amount_minor=10_00, kind="refund", corrects_id=paid["id"])
    assert refused.status_code == 403 and "Only an admin" in refused.json["message"]
    assert c.get(f"/api/register/{yesterday}", headers=w["admin"]).status_code == 200


def test_unknown_session_gives_404(w):
    assert w["client"].get("/api/sessions/nope/balance", headers=w["staff"]).status_code == 404
    assert _pay(w, amount_minor=100, session_id="nope").status_code == 404


def test_over_payment_and_over_refund_are_422(w):
    session_id = w["studio"].session(50_00)
    assert _pay(w, amount_minor=60_00, session_id=session_id).status_code == 422
    assert _pay(w, amount_minor=60_00, session_id=session_id, allow_overpay=True).status_code == 201
    too_much = _pay(w, amount_minor=60_01, kind="refund", session_id=session_id)
    assert too_much.status_code == 422 and "Refund at most" in too_much.json["message"]


def test_a_day_from_open_to_close_then_locked(w):
    c, staff = w["client"], w["staff"]
    opened = c.post("/api/register/today/open", headers=staff, json={"opening_float_minor": 100_00})
    assert opened.status_code == 200 and opened.json["opened"] and opened.json["expected_cash_minor"] == 100_00
    _pay(w, amount_minor=40_00, method="cash")
    _pay(w, amount_minor=70_00, method="card")
    day = c.get(f"/api/register/{_today(w).isoformat()}", headers=staff).json
    assert day["totals_by_method"] == {"cash": 40_00, "card": 70_00, "transfer": 0, "other": 0}
    assert day["expected_cash_minor"] == 140_00 and len(day["payments"]) == 2 and day["close"] is None
    closed = c.post("/api/register/today/close", headers=staff, json={"counted_cash_minor": 139_50})
    assert closed.status_code == 200 and closed.json["is_closed"]
    assert closed.json["close"]["difference_minor"] == -50 and closed.json["close"]["expected_cash_minor"] == 140_00
    again = c.post("/api/register/today/close", headers=w["admin"], json={"counted_cash_minor": 139_50})
    assert again.status_code == 409
    late = _pay(w, amount_minor=5_00)
    assert late.status_code == 409
    assert "Ask an admin to record a correcting entry on the next day" in late.json["message"]
    assert c.post("/api/register/today/open", headers=w["admin"], json={"opening_float_minor": 0}).status_code == 409


def test_admin_correction_of_yesterday_lands_on_today(w):
    w["clock"].at = w["start"] - timedelta(days=1)
    wrong = _pay(w, amount_minor=25_00, method="card").json
    yesterday = wrong["register_day"]
    assert w["client"].post("/api/register/today/close", headers=w["staff"],
                            json={"counted_cash_minor": 0}).status_code == 200
    w["clock"].at = w["start"]
    fix = _pay(w, who="admin", amount_minor=25_00, method="card", kind="refund", corrects_id=wrong["id"])
    assert fix.status_code == 201, fix.json
    assert fix.json["corrects_id"] == wrong["id"] and fix.json["register_day"] == _today(w).isoformat()
    past = w["client"].get(f"/api/register/{yesterday}", headers=w["admin"]).json
    assert past["is_closed"] and [p["id"] for p in past["payments"]] == [wrong["id"]]


@pytest.mark.parametrize("day", ["yesterday", "2025-13-01", "15-01-2025"])
def test_a_day_that_is_not_a_date_is_422(w, day):
    answer = w["client"].get(f"/api/register/{day}", headers=w["admin"])
    assert answer.status_code == 422 and "YYYY-MM-DD" in answer.json["message"]


@pytest.mark.parametrize("query", ["", "?colour=red", "?day=someday", "?day=today&extra=1"])
def test_listing_payments_needs_a_known_filter(w, query):
    assert w["client"].get(f"/api/payments{query}", headers=w["staff"]).status_code == 422


@pytest.mark.parametrize("body", [{"opening_float_minor": 1.5}, {"opening_float_minor": -1}, {},
                                  {"opening_float_minor": 0, "by": "me"}])
def test_opening_float_must_be_whole_minor_units(w, body):
    assert w["client"].post("/api/register/today/open", headers=w["staff"], json=body).status_code == 422


def test_staff_list_only_todays_payments_of_a_session_or_client_as_the_register_rule_says(w):
    session_id = w["studio"].session(300_00)
    w["clock"].at = w["start"] - timedelta(days=1)
    earlier = _pay(w, amount_minor=40_00, kind="deposit", session_id=session_id).json
    w["clock"].at = w["start"]
    today = _pay(w, amount_minor=60_00, kind="payment", session_id=session_id).json
    client_id = today["client_id"]
    c = w["client"]
    for query in (f"session_id={session_id}", f"client_id={client_id}"):
        staff_sees = c.get(f"/api/payments?{query}", headers=w["staff"])
        admin_sees = c.get(f"/api/payments?{query}", headers=w["admin"])
        assert staff_sees.status_code == admin_sees.status_code == 200
        assert [p["id"] for p in staff_sees.json] == [today["id"]]
        assert sorted(p["id"] for p in admin_sees.json) == sorted([earlier["id"], today["id"]])
