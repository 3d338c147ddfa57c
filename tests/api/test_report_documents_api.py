"""Charts, PDFs over HTTP: admins get charts and period PDFs, staff today's Z report, passports and consents."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta

import pytest

from app.api import create_app
from app.container import Container
from app.core.clock import FixedClock
from tests.conftest import ADMIN, ADMIN_PASSWORD
from tests.services.support_document_studio import fill
from tests.services.support_money_studio import STAFF_PASSWORD, create_money_studio
from tools.stick_process import bearer


@pytest.fixture(scope="module")
def w(tmp_path_factory):
    """A filled studio at the real now, with admin and staff logins."""
    studio = create_money_studio(tmp_path_factory.mktemp("documents-api"))
    studio.clock.at = datetime.now(UTC)
    ids = fill(studio)
    container = Container(studio.paths, FixedClock(studio.clock.at))
    client = create_app(container).test_client()

    yield {"client": client, "ids": ids, "admin": bearer(client, ADMIN, ADMIN_PASSWORD),
           "staff": bearer(client, studio.staff.username, STAFF_PASSWORD)}
    container.close()
    studio.opened.close()


def _today(w) -> str:
    got = w["client"].get("/api/register/today", headers=w["staff"])
    return got.json["day"]


def test_admin_gets_chart_pngs_and_staff_are_refused(w):
    day = _today(w)
    got = w["client"].get(f"/api/reports/charts/income-by-artist.png?from={day}&to={day}", headers=w["admin"])
    assert got.status_code == 200 and got.mimetype == "image/png" and got.data.startswith(b"\x89PNG")
    assert w["client"].get(f"/api/reports/charts/income-by-month.png?from={day}&to={day}",
                           headers=w["staff"]).status_code == 403
    assert w["client"].get(f"/api/reports/charts/nope.png?from={day}&to={day}", headers=w["admin"]).status_code == 404
    assert w["client"].get(f"/api/reports/charts/income-by-month.png?from={day}&to={day}").status_code == 401


def test_period_pdf_is_for_admins(w):
    day = _today(w)
    got = w["client"].get(f"/api/reports/period.pdf?from={day}&to={day}", headers=w["admin"])
    assert got.status_code == 200 and got.mimetype == "application/pdf" and got.data.startswith(b"%PDF")
    assert w["client"].get(f"/api/reports/period.pdf?from={day}&to={day}", headers=w["staff"]).status_code == 403


def test_staff_get_todays_z_report_but_not_yesterdays(w):
    day = datetime.fromisoformat(_today(w)).date()
    got = w["client"].get(f"/api/reports/z/{day.isoformat()}.pdf", headers=w["staff"])
    assert got.status_code == 200 and got.mimetype == "application/pdf"
    assert f'filename="z-report-{day.isoformat()}.pdf"' in got.headers["Content-Disposition"]
    yesterday = (day - timedelta(days=1)).isoformat()
    assert w["client"].get(f"/api/reports/z/{yesterday}.pdf", headers=w["staff"]).status_code == 403
    assert w["client"].get(f"/api/reports/z/{yesterday}.pdf", headers=w["admin"]).status_code == 200
    assert w["client"].get("/api/reports/z/someday.pdf", headers=w["staff"]).status_code == 422


def test_staff_print_ink_passport_and_consent(w):
    ids = w["ids"]
    passport = w["client"].get(f"/api/reports/ink-passport/{ids.session_id}.pdf", headers=w["staff"])
    consent = w["client"].get(f"/api/reports/consent/{ids.consent_id}.pdf", headers=w["staff"])
    assert (passport.status_code, consent.status_code) == (200, 200)
    assert passport.mimetype == consent.mimetype == "application/pdf"
    assert w["client"].get("/api/reports/consent/missing.pdf", headers=w["staff"]).status_code == 404
    assert w["client"].get(f"/api/reports/ink-passport/{ids.session_id}.pdf").status_code == 401


def test_openapi_documents_the_file_types(w):
    paths = w["client"].get("/api/openapi.json").json["paths"]
    assert "image/png" in str(paths["/api/reports/charts/{name}.png"])
    assert "application/pdf" in str(paths["/api/reports/z/{day}.pdf"])
