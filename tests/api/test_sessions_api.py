"""The sessions and ink-lot endpoints over HTTP: status codes, bodies and sentences."""

from __future__ import annotations

import pytest

from tests.services.support_booking import add_client

START = "2026-03-03T14:00:00+01:00"


@pytest.fixture
def desk(client, admin_headers, opened):
    """(test client, admin headers, an artist's id, a client's id)."""
    made = client.post("/api/users", headers=admin_headers, json={
        "username": "kai", "display_name": "Kai", "role": "staff", "password": "artist-password",
        "is_artist": True})
    assert made.status_code == 201, made.json
    return client, admin_headers, made.json["id"], add_client(opened.db, "Ada", "Lovelace")


def _book(client, headers, artist, client_id, **extra):
    body = {"client_id": client_id, "artist_id": artist, "starts_at": START, "duration_min": 120, **extra}
    return client.post("/api/sessions", headers=headers, json=body)


def test_session_and_ink_routes_need_a_login(client):
    for method, url in (("POST", "/api/sessions"), ("GET", "/api/sessions?from=x&to=y"), ("GET", "/api/sessions/x"),
                        ("POST", "/api/sessions/x/move"), ("POST", "/api/ink-lots"), ("GET", "/api/sessions/x/inks")):
        assert client.open(url, method=method, json={}).status_code == 401, url


def test_book_read_list_edit_move_and_change_status(desk):
    client, headers, artist, client_id = desk
    booked = _book(client, headers, artist, client_id, placement="forearm", quote_minor=20000)
    assert booked.status_code == 201, booked.json
    session = booked.json
    assert (session["starts_at"], session["ends_at"]) == ("2026-03-03T13:00:00Z", "2026-03-03T15:00:00Z")
    assert (session["client_name"], session["artist_name"], session["client_has_alert"]) == ("Ada Lovelace", "Kai",
                                                                                          False)
    url = f"/api/sessions/{session['id']}"
    assert client.get(url, headers=headers).json == session
    week = client.get("/api/sessions", headers=headers, query_string={
        "from": "2026-03-02T00:00:00+01:00", "to": "2026-03-09T00:00:00+01:00", "artist_id": artist})
    assert week.status_code == 200 and [s["id"] for s in week.json] == [session["id"]]
    edited = client.patch(url, headers=headers, json={"description": "koi", "version": 1})
    assert edited.status_code == 200 and edited.json["description"] == "koi" and edited.json["version"] == 2
    moved = client.post(url + "/move", headers=headers, json={"version": 2, "starts_at": "2026-03-04T10:00:00Z"})
    assert moved.status_code == 200 and moved.json["starts_at"] == "2026-03-04T10:00:00Z"
    confirmed = client.post(url + "/status", headers=headers, json={"status": "confirmed", "version": 3})
    assert confirmed.status_code == 200 and confirmed.json["status"] == "confirmed"


@pytest.mark.parametrize("change", [
    {"duration_min": 5}, {"starts_at": "2026-03-03T14:00:00"}, {"quote_minor": -1}, {"colour": "red"},
    {"artist_id": ""},
])
def test_bad_booking_bodies_are_422_with_the_field_named(desk, change):
    client, headers, artist, client_id = desk
    answer = _book(client, headers, artist, client_id, **change)
    assert answer.status_code == 422 and answer.json["fields"], answer.json


def test_a_range_query_without_its_bounds_is_422(desk):
    client, headers, *_ = desk
    answer = client.get("/api/sessions", headers=headers, query_string={"from": "2026-03-02T00:00:00Z"})
    assert answer.status_code == 422 and answer.json["fields"][0]["field"] == "to"


def test_unknown_sessions_are_404(desk):
    client, headers, *_ = desk
    for method, suffix, body in (("GET", "", None), ("PATCH", "", {"placement": "back"}),
                                 ("POST", "/status", {"status": "confirmed"}), ("GET", "/inks", None)):
        answer = client.open(f"/api/sessions/nope{suffix}", method=method, headers=headers, json=body)
        assert answer.status_code == 404, (method, suffix, answer.json)


def test_a_clash_and_a_stale_version_are_409_with_sentences(desk):
    client, headers, artist, client_id = desk
    first = _book(client, headers, artist, client_id).json
    clash = _book(client, headers, artist, client_id, starts_at="2026-03-03T15:00:00+01:00")
    assert clash.status_code == 409
    assert clash.json["message"] == ("Artist Kai already has a session 14:00–16:00 on March 3; "
                                     "pick another time or artist.")
    client.patch(f"/api/sessions/{first['id']}", headers=headers, json={"placement": "calf"})
    stale = client.post(f"/api/sessions/{first['id']}/move", headers=headers,
                        json={"version": first["version"], "starts_at": "2026-03-05T10:00:00Z"})
    assert stale.status_code == 409 and "reload and try again" in stale.json["message"]


def test_staff_cannot_reopen_a_cancelled_session_but_an_admin_can(desk, staff_headers):
    client, headers, artist, client_id = desk
    session = _book(client, staff_headers, artist, client_id).json
    url = f"/api/sessions/{session['id']}/status"
    assert client.post(url, headers=staff_headers, json={"status": "cancelled"}).status_code == 200
    assert client.post(url, headers=staff_headers, json={"status": "booked"}).status_code == 403
    assert client.post(url, headers=headers, json={"status": "booked"}).json["status"] == "booked"


def test_ink_lots_and_the_inks_of_a_session(desk):
    client, headers, artist, client_id = desk
    session = _book(client, headers, artist, client_id).json
    lot = {"brand": "Eternal", "colour": "Black", "lot": "E1", "expires_on": "2030-01-31"}
    created = client.post("/api/ink-lots", headers=headers, json=lot)
    assert created.status_code == 201 and created.json["expired"] is False
    assert client.post("/api/ink-lots", headers=headers, json=lot).status_code == 409
    old = client.post("/api/ink-lots", headers=headers, json={**lot, "lot": "E0", "expires_on": "2026-01-31"}).json
    assert {lot["lot"]: lot["expired"] for lot in client.get("/api/ink-lots", headers=headers).json}["E0"] is True
    url = f"/api/sessions/{session['id']}/inks"
    used = client.post(url, headers=headers, json={"ink_lot_id": created.json["id"]})
    assert used.status_code == 201 and used.json["lot"] == "E1"
    assert client.post(url, headers=headers, json={"ink_lot_id": created.json["id"]}).status_code == 409
    expired = client.post(url, headers=headers, json={"ink_lot_id": old["id"]})
    assert expired.status_code == 422
    assert expired.json["message"] == "Lot E0 of Eternal Black expired on 2026-01-31; use another lot."
    assert [i["lot"] for i in client.get(url, headers=headers).json] == ["E1"]


def test_calendar_times_out_of_range_are_422_not_a_crash(client, admin_headers):
    for start, end in (("0001-01-01T00:00:00+08:00", "0001-01-01T01:00:00+01:00"),
                       ("9999-12-31T23:00:00-05:00", "9999-12-31T23:30:00-05:00")):
        answer = client.get("/api/sessions", query_string={"from": start, "to": end}, headers=admin_headers)
        assert answer.status_code == 422 and "out of range" in answer.json["message"], answer.json
