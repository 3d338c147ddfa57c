"""Every /api answer (JSON, PDF, CSV, errors) tells browsers and proxies not to keep it or guess its type."""

from __future__ import annotations

from tests.api.test_report_documents_api import _today, w  # noqa: F401  (the filled studio fixture)


def _private(response) -> bool:
    return (response.headers.get("Cache-Control") == "no-store"
            and response.headers.get("X-Content-Type-Options") == "nosniff")


def test_json_pdf_csv_and_errors_are_never_cached_or_sniffed(w):  # noqa: F811
    http, ids, staff, admin = w["client"], w["ids"], w["staff"], w["admin"]
    day = _today(w)
    answers = {
        "client json": http.get(f"/api/clients/{ids.client_id}", headers=staff),
        "medical export json": http.get(f"/api/clients/{ids.client_id}/export", headers=admin),
        "consent pdf": http.get(f"/api/reports/consent/{ids.consent_id}.pdf", headers=staff),
        "register csv": http.get(f"/api/reports/register/{day}.csv", headers=staff),
        "payments csv": http.get(f"/api/reports/payments.csv?from={day}&to={day}", headers=admin),
        "not logged in": http.get(f"/api/clients/{ids.client_id}"),
        "forbidden": http.get(f"/api/reports/payments.csv?from={day}&to={day}", headers=staff),
        "no such address": http.get("/api/nothing-here", headers=staff),
        "invalid": http.get("/api/consents?from=0001-01-01", headers=staff),
        "health": http.get("/api/health"),
    }
    assert {name: got.status_code for name, got in answers.items()} == {
        "client json": 200, "medical export json": 200, "consent pdf": 200, "register csv": 200,
        "payments csv": 200, "not logged in": 401, "forbidden": 403, "no such address": 404, "invalid": 422,
        "health": 200}
    assert [name for name, got in answers.items() if not _private(got)] == []
