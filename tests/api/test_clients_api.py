"""HTTP behaviour of /api/clients: status codes, duplicate ids, alerts, export and anonymisation by role."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta

import pytest

from tests.api.support_clients_api import Api, logged_in_world
from tests.services.support_clients import add_session

ANA = {"first_name": "Ana", "last_name": "López", "birth_date": "1995-04-02", "phone": "+34 612 345 678"}


@pytest.fixture
def world(created, stick):
    """(admin api, staff api, store with .db) on a real app over the created studio."""
    with logged_in_world(stick) as apis:
        yield apis


def test_create_search_and_read_a_client(world):
    admin, staff, _ = world
    status, client = staff.post("/api/clients", ANA)
    assert status == 201 and client["first_name"] == "Ana" and client["birth_date"] == "1995-04-02"
    status, found = staff.get("/api/clients?q=ana%20lo")
    assert status == 200 and [(c["id"], c["has_alert"]) for c in found] == [(client["id"], False)]
    status, detail = staff.get(f"/api/clients/{client['id']}")
    assert status == 200 and detail["client"]["phone"] == "+34 612 345 678"
    assert (detail["medical"], detail["alerts"], detail["sessions"]) == (None, [], [])


def test_a_likely_duplicate_is_409_with_the_ids_unless_allowed(world):
    admin, _, _ = world
    _, first = admin.post("/api/clients", ANA)
    status, body = admin.post("/api/clients", {**ANA, "phone": None, "first_name": "ANA"})
    assert status == 409 and body["error"] == "conflict" and body["duplicate_ids"] == [first["id"]]
    assert "allow_duplicate" in body["message"]
    status, second = admin.post("/api/clients", {**ANA, "allow_duplicate": True})
    assert status == 201 and second["id"] != first["id"]


@pytest.mark.parametrize("body", [
    {**ANA, "shoe_size": 42},
    {**ANA, "first_name": 5},
    {**ANA, "birth_date": "last spring"},
    {**ANA, "marketing_consent": "maybe"},
    {"first_name": "Ana"},
    {**ANA, "email": "not-an-address"},
    {**ANA, "birth_date": "2999-01-01"},
    {**ANA, "first_name": "x" * 121},
])
def test_bad_client_bodies_are_422_with_a_sentence(world, body):
    admin, _, _ = world
    status, error = admin.post("/api/clients", body)
    assert status == 422 and error["error"] == "invalid" and error["message"].endswith(".")


def test_unknown_clients_are_404(world):
    admin, _, _ = world
    assert admin.get("/api/clients/nope")[0] == 404
    assert admin.patch("/api/clients/nope", {"notes": "x"})[0] == 404
    assert admin.put("/api/clients/nope/medical", {"allergies": "latex"})[0] == 404
    assert admin.post("/api/clients/nope/id-check", {"document_type": "DNI"})[0] == 404
    assert admin.get("/api/clients/nope/export")[0] == 404
    assert admin.post("/api/clients/nope/anonymise", {"override": True})[0] == 404


def test_no_token_is_401(world):
    admin, _, _ = world
    anonymous = Api(admin.http, None)
    assert anonymous.get("/api/clients?q=ana")[0] == 401
    assert anonymous.post("/api/clients", ANA)[0] == 401


def test_medical_profile_saves_versions_and_flags_the_client(world):
    _, staff, _ = world
    _, client = staff.post("/api/clients", ANA)
    status, saved = staff.put(f"/api/clients/{client['id']}/medical", {"allergies": "latex", "medications": "Xarelto"})
    assert status == 200 and saved["profile"]["version"] == 1
    assert [a["kind"] for a in saved["alerts"]] == ["allergy", "anticoagulant"]
    assert staff.put(f"/api/clients/{client['id']}/medical", {"allergies": ""})[1]["profile"]["version"] == 2
    assert staff.put(f"/api/clients/{client['id']}/medical", {"pregnancy": True})[1]["alerts"][0]["kind"] == "pregnancy"
    assert staff.get("/api/clients?q=ana")[1][0]["has_alert"] is True
    assert staff.put(f"/api/clients/{client['id']}/medical", {"blood": "A+"})[0] == 422


def test_edit_and_id_check(world):
    _, staff, _ = world
    _, client = staff.post("/api/clients", ANA)
    status, changed = staff.patch(f"/api/clients/{client['id']}", {"phone": None, "photo_consent": True})
    assert status == 200 and (changed["phone"], changed["photo_consent"], changed["first_name"]) == (None, True, "Ana")
    status, checked = staff.post(f"/api/clients/{client['id']}/id-check", {"document_type": "Passport"})
    assert status == 200 and checked["id_check_type"] == "Passport" and checked["id_checked_at"]
    assert staff.post(f"/api/clients/{client['id']}/id-check", {"document_type": ""})[0] == 422


def test_html_in_names_comes_back_verbatim(world):
    admin, _, _ = world
    name = '<img src=x onerror="alert(1)">'
    _, client = admin.post("/api/clients", {"first_name": name, "last_name": "</script>"})
    status, detail = admin.get(f"/api/clients/{client['id']}")
    assert status == 200 and (detail["client"]["first_name"], detail["client"]["last_name"]) == (name, "</script>")


def test_staff_export_and_admin_only_anonymisation(world):
    admin, staff, store = world
    _, client = staff.post("/api/clients", ANA)
    _, desk = staff.get("/api/auth/me")
    add_session(store, client["id"], desk["id"], datetime.now(UTC) - timedelta(days=30))
    status, export = staff.get(f"/api/clients/{client['id']}/export")
    assert status == 200 and export["client"]["last_name"] == "López" and len(export["sessions"]) == 1
    assert staff.post(f"/api/clients/{client['id']}/anonymise", {"override": True})[0] == 403
    status, refused = admin.post(f"/api/clients/{client['id']}/anonymise", {})
    assert status == 409 and "must be kept until" in refused["message"]
    status, done = admin.post(f"/api/clients/{client['id']}/anonymise", {"override": True})
    assert status == 200 and done["last_name"] == "Anonymised" and done["phone"] is None
    assert staff.get("/api/clients?q=lopez")[1] == []
    assert staff.patch(f"/api/clients/{client['id']}", {"notes": "x"})[0] == 409
