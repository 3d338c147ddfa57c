"""The reports API: admins see figures, staff get 403; CSV exports by role; text/csv in the OpenAPI document."""

from __future__ import annotations

import csv
import io
from datetime import UTC, datetime, timedelta
from zoneinfo import ZoneInfo

import pytest

from app.api import create_app
from app.container import Container
from app.core.clock import FixedClock
from tests.conftest import ADMIN, ADMIN_PASSWORD
from tests.services.support_money_studio import STAFF_PASSWORD, create_money_studio
from tools.stick_process import bearer


@pytest.fixture(scope="module")
def world(tmp_path_factory):
    """One studio, an app over it at the real now (tokens check real time), an admin and a staff login."""
    studio = create_money_studio(tmp_path_factory.mktemp("reports-api"))
    container = Container(studio.paths, FixedClock(datetime.now(UTC)))
    client = create_app(container).test_client()

    yield {"studio": studio, "client": client, "admin": bearer(client, ADMIN, ADMIN_PASSWORD),
           "staff": bearer(client, studio.staff.username, STAFF_PASSWORD),
           "today": container.clock.now().astimezone(ZoneInfo("Europe/Madrid")).date()}
    container.close()
    studio.opened.close()


@pytest.fixture
def w(world):
    world["studio"].reset()
    return world


def _pay(w, amount_minor, kind="payment", method="cash"):
    made = w["client"].post("/api/payments", headers=w["staff"],
                            json={"amount_minor": amount_minor, "method": method, "kind": kind})
    assert made.status_code == 201, made.json


def test_admin_gets_the_summary_and_staff_are_refused(w):
    _pay(w, 125_50)
    _pay(w, 20_00, kind="refund", method="card")
    day = w["today"].isoformat()
    got = w["client"].get(f"/api/reports/summary?from={day}&to={day}", headers=w["admin"])
    assert got.status_code == 200, got.json
    assert got.json["net_total_minor"] == 105_50 and got.json["by_method"]["card"] == -20_00
    assert got.json["by_day"] == [{"period": day, "net_minor": 105_50}] and got.json["currency"] == "EUR"
    refused = w["client"].get(f"/api/reports/summary?from={day}&to={day}", headers=w["staff"])
    assert refused.status_code == 403 and refused.json["error"]


@pytest.mark.parametrize("query", ["from=2026-03-01", "from=2026-03-31&to=2026-03-01", "from=0&to=2026-01-01",
                                   "from=2026-01-01&to=2026-01-02&extra=1"])
def test_bad_ranges_are_refused_with_422(w, query):
    assert w["client"].get(f"/api/reports/summary?{query}", headers=w["admin"]).status_code == 422


def test_staff_export_todays_register_csv_but_not_yesterdays(w):
    _pay(w, 99_90)
    today, yesterday = w["today"], w["today"] - timedelta(days=1)
    got = w["client"].get(f"/api/reports/register/{today.isoformat()}.csv", headers=w["staff"])
    assert got.status_code == 200 and got.mimetype == "text/csv"
    assert f'filename="register-{today.isoformat()}.csv"' in got.headers["Content-Disposition"]
    assert got.data.startswith(b"\xef\xbb\xbf")
    rows = list(csv.DictReader(io.StringIO(got.data.decode("utf-8-sig"))))
    assert [(r["amount"], r["currency"]) for r in rows] == [("99.90", "EUR")]
    assert w["client"].get("/api/reports/register/today.csv", headers=w["staff"]).data == got.data
    assert w["client"].get(f"/api/reports/register/{yesterday}.csv", headers=w["staff"]).status_code == 403
    assert w["client"].get(f"/api/reports/register/{yesterday}.csv", headers=w["admin"]).status_code == 200
    assert w["client"].get("/api/reports/register/someday.csv", headers=w["staff"]).status_code == 422


def test_payments_csv_is_for_admins(w):
    _pay(w, 10_00)
    day = w["today"].isoformat()
    url = f"/api/reports/payments.csv?from={day}&to={day}"
    assert w["client"].get(url, headers=w["staff"]).status_code == 403
    got = w["client"].get(url, headers=w["admin"])
    assert got.status_code == 200 and got.mimetype == "text/csv" and got.data.count(b"\r\n") == 2


def test_openapi_documents_the_csv_exports_as_text_csv(w):
    paths = w["client"].get("/api/openapi.json").json["paths"]
    for path in ("/api/reports/payments.csv", "/api/reports/register/{day}.csv"):
        assert paths[path]["get"]["responses"]["200"]["content"] == {"text/csv": {"schema": {"type": "string"}}}
    summary = paths["/api/reports/summary"]["get"]
    assert summary["x-policy"] == "admin" and {p["name"] for p in summary["parameters"]} == {"from", "to"}
    assert "application/json" in summary["responses"]["200"]["content"]


def test_the_register_csv_comes_in_the_language_the_request_asks_for(w):
    """The header, the kinds and methods in Spanish (Accept-Language); the studio's locale stays English here, so
    the amounts keep their decimal point and the cells their commas."""
    _pay(w, 125_50)
    _pay(w, 20_00, kind="refund", method="card")
    spanish = {**w["staff"], "Accept-Language": "es-ES,es;q=0.9"}
    got = w["client"].get("/api/reports/register/today.csv", headers=spanish)
    assert got.status_code == 200
    header, *rows = csv.reader(io.StringIO(got.data.decode("utf-8-sig")))
    assert header[:6] == ["Día", "Cobrado el", "ID del pago", "Tipo", "Método", "Importe"]
    assert [(r[3], r[4], r[5]) for r in rows] == [("Pago", "Efectivo", "125.50"), ("Devolución", "Tarjeta", "-20.00")]
    english = w["client"].get("/api/reports/register/today.csv", headers=w["staff"])
    assert english.data.decode("utf-8-sig").startswith("day,taken_at,payment_id,kind,method,amount,")
