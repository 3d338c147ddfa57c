"""PUT /api/users/me/language and /api/users/<id>/language: the language of one's own screens, in the login answer
and /api/auth/me; an unknown code is refused with a sentence naming the languages there are."""

from __future__ import annotations

from tests.conftest import STAFF, STAFF_PASSWORD


def test_staff_choose_their_language_and_the_login_and_me_answer_it(client, staff_headers):
    assert client.get("/api/auth/me", headers=staff_headers).json["language"] is None
    answer = client.put("/api/users/me/language", headers=staff_headers, json={"language": "de"})
    assert answer.status_code == 200, answer.json
    assert (answer.json["username"], answer.json["language"]) == (STAFF, "de")
    assert client.get("/api/auth/me", headers=staff_headers).json["language"] == "de"
    login = client.post("/api/auth/login", json={"username": STAFF, "password": STAFF_PASSWORD})
    assert login.json["user"]["language"] == "de"
    back = client.put("/api/users/me/language", headers=staff_headers, json={"language": None})
    assert back.status_code == 200 and back.json["language"] is None


def test_an_unknown_language_is_refused_with_a_sentence_naming_the_languages(client, staff_headers):
    answer = client.put("/api/users/me/language", json={"language": "xx"}, headers=staff_headers)
    assert answer.status_code == 422
    assert answer.json["error"] == "invalid"
    assert "'xx'" in answer.json["message"] and "de (Deutsch)" in answer.json["message"]


def test_a_body_without_the_language_is_refused(client, staff_headers):
    assert client.put("/api/users/me/language", headers=staff_headers, json={}).status_code == 422


def test_staff_are_refused_a_colleagues_language_and_an_admin_may_set_it(client, admin_headers, staff_headers):
    me = client.get("/api/auth/me", headers=admin_headers).json
    refused = client.put(f"/api/users/{me['id']}/language", headers=staff_headers, json={"language": "fr"})
    assert refused.status_code == 403
    staff = client.get("/api/auth/me", headers=staff_headers).json
    done = client.put(f"/api/users/{staff['id']}/language", headers=admin_headers, json={"language": "pt"})
    assert done.status_code == 200 and done.json["language"] == "pt"
    own = client.put(f"/api/users/{staff['id']}/language", headers=staff_headers, json={"language": "it"})
    assert own.status_code == 200 and own.json["language"] == "it"
