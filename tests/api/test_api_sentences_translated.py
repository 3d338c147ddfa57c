"""The API's own refusals (no login, an unreadable day, an unknown address, a host that is not this computer, a
500) come back in the language the caller asks for, like the services' sentences."""

from __future__ import annotations


def test_a_request_without_a_login_is_told_in_german(client):
    answer = client.get("/api/clients?q=a", headers={"Accept-Language": "de"})
    assert answer.status_code == 401
    assert answer.json["message"].startswith("Melde dich zuerst an: sende 'Authorization: Bearer <token>'")


def test_a_day_that_cannot_be_read_is_named_in_spanish_on_the_register_and_the_z_report(client, staff_headers):
    for path in ("/api/register/31-12-2026", "/api/reports/z/31-12-2026.pdf"):
        answer = client.get(path, headers={**staff_headers, "Accept-Language": "es"})
        assert answer.status_code == 422, path
        assert answer.json["message"].startswith("No se puede usar el día '31-12-2026': indícalo como AAAA-MM-DD")


def test_an_unknown_address_and_a_foreign_host_are_said_in_french(client, staff_headers):
    missing = client.get("/api/no-such-thing", headers={**staff_headers, "Accept-Language": "fr"})
    assert missing.status_code == 404
    assert missing.json["message"] == "Il n'y a rien à cette adresse. Vérifiez l'URL dans /api/openapi.json."
    foreign = client.get("/api/health", headers={"Accept-Language": "fr", "Host": "studio.example.com"})
    assert foreign.json["message"] == ("Ce serveur ne répond qu'aux requêtes adressées à 127.0.0.1 ou localhost, "
                                       "pas à « studio.example.com ».")


def test_english_stays_the_answer_without_a_language(client):
    answer = client.get("/api/clients?q=a")
    assert answer.json["message"].startswith("Log in first: send 'Authorization: Bearer <token>'")
