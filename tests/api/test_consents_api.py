"""HTTP behaviour of consents: base64 PNG signatures, guardians for minors, the inspector's list."""

from __future__ import annotations

import base64
from datetime import UTC, datetime

import pytest

from tests.api.support_clients_api import logged_in_world
from tests.services.support_clients import add_session, png

SIGNATURE = base64.b64encode(png()).decode()
SESSION_AT = datetime(2026, 3, 20, 10, 0, tzinfo=UTC)


@pytest.fixture
def booked(created, stick):
    """(admin api, staff api, store, artist id, session id of an adult client, session id of a 17-year-old)."""
    with logged_in_world(stick) as (admin, staff, store):
        artist = staff.get("/api/auth/me")[1]["id"]
        _, adult = staff.post("/api/clients", {"first_name": "Kim", "last_name": "Lee", "birth_date": "1990-01-01"})
        _, minor = staff.post("/api/clients", {"first_name": "Tom", "last_name": "Sanz", "birth_date": "2008-06-01"})
        yield (admin, staff, store, artist, add_session(store, adult["id"], artist, SESSION_AT),
               add_session(store, minor["id"], artist, SESSION_AT))


def test_records_a_consent_and_lists_it_for_the_client_and_the_inspector(booked):
    _, staff, _, artist, session, _ = booked
    status, consent = staff.post(f"/api/sessions/{session}/consents",
                                 {"form_version": "v3", "signature_png_base64": "data:image/png;base64," + SIGNATURE})
    assert status == 201 and consent["has_signature"] is True and consent["session_id"] == session
    status, mine = staff.get(f"/api/clients/{consent['client_id']}/consents")
    assert status == 200 and [c["id"] for c in mine] == [consent["id"]]
    status, listed = staff.get(f"/api/consents?from=2026-03-20&to=2026-03-20&artist_id={artist}")
    assert status == 200 and [(e["consent"]["id"], e["client_name"]) for e in listed] == [(consent["id"], "Kim Lee")]
    assert staff.get("/api/consents?from=2026-03-21")[1] == []
    assert staff.get("/api/consents?artist_id=someone-else")[1] == []


def test_a_minor_needs_a_guardian(booked):
    _, staff, _, _, _, minor_session = booked
    body = {"form_version": "v3", "signature_png_base64": SIGNATURE}
    status, error = staff.post(f"/api/sessions/{minor_session}/consents", body)
    assert status == 422 and "guardian" in error["message"]
    status, consent = staff.post(f"/api/sessions/{minor_session}/consents",
                                 {**body, "guardian_name": "Eva Sanz", "guardian_relation": "mother"})
    assert status == 201 and consent["guardian_relation"] == "mother"


@pytest.mark.parametrize("body", [
    {"form_version": "v3", "signature_png_base64": "not base64 at all!"},
    {"form_version": "v3", "signature_png_base64": base64.b64encode(b"GIF89a....").decode()},
    {"form_version": "v3", "signature_png_base64": base64.b64encode(png(600 * 1024)).decode()[:720_000]},
    {"form_version": "v3", "signature_png_base64": SIGNATURE, "signed_at": "2020-01-01T00:00:00Z"},
    {"form_version": 3, "signature_png_base64": SIGNATURE},
    {"signature_png_base64": SIGNATURE},
])
def test_bad_consent_bodies_are_422(booked, body):
    _, staff, _, _, session, _ = booked
    status, error = staff.post(f"/api/sessions/{session}/consents", body)
    assert status == 422 and error["error"] == "invalid"


def test_a_signature_over_512_kib_is_refused_with_a_sentence(booked):
    _, staff, _, _, session, _ = booked
    big = base64.b64encode(png(520 * 1024)).decode()
    status, error = staff.post(f"/api/sessions/{session}/consents", {"form_version": "v3", "signature_png_base64": big})
    assert status == 422 and "limit is 512 KiB" in error["message"]


def test_unknown_session_is_404_and_consents_cannot_be_changed(booked):
    admin, _, _, _, session, _ = booked
    body = {"form_version": "v3", "signature_png_base64": SIGNATURE}
    assert admin.post("/api/sessions/nope/consents", body)[0] == 404
    assert admin.post(f"/api/sessions/{session}/consents", body)[0] == 201
    assert admin.put(f"/api/sessions/{session}/consents", body)[0] == 405
    assert admin.call("DELETE", f"/api/sessions/{session}/consents")[0] == 405
    assert admin.get("/api/clients/nope/consents")[0] == 404


def test_bad_list_filters_are_422(booked):
    _, staff, _, _, _, _ = booked
    assert staff.get("/api/consents?from=yesterday")[0] == 422
    assert staff.get("/api/consents?from=2026-03-02&to=2026-03-01")[0] == 422
    assert staff.get("/api/consents?page=2")[0] == 422
