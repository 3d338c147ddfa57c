"""The first-run wizard's routes: create the studio once over HTTP, list artists, the idle-lock setting."""

from __future__ import annotations

import pytest

from app.api import create_app
from app.container import Container
from app.core.keyslots import KeySlots

WIZARD = {"studio_name": "Ink Well", "currency": "gbp", "timezone": "Europe/London",
          "admin_username": "owner", "admin_display_name": "Olive Owner", "admin_password": "first password"}


@pytest.fixture
def empty_api(stick):
    container = Container(stick)
    yield create_app(container).test_client(), stick
    container.close()


def test_an_empty_stick_gets_its_studio_and_a_recovery_code_once(empty_api):
    client, stick = empty_api
    assert client.get("/api/health").json["studio"] is False
    made = client.post("/api/studio", json=WIZARD)
    assert made.status_code == 201, made.json
    code, token = made.json["recovery_code"], made.json["token"]
    assert made.json["user"]["role"] == "admin" and made.json["user"]["display_name"] == "Olive Owner"
    assert len(code.replace("-", "")) == 32
    assert client.get("/api/health").json["studio"] is True
    settings = client.get("/api/settings", headers={"Authorization": f"Bearer {token}"}).json
    assert settings["studio_name"] == "Ink Well" and settings["currency"] == "GBP"
    # the recovery code printed once really opens the studio's key
    assert KeySlots.load(stick.keyslots).unwrap_recovery(code)


def test_a_second_wizard_is_refused_and_changes_nothing(empty_api):
    client, stick = empty_api
    assert client.post("/api/studio", json=WIZARD).status_code == 201
    before = stick.keyslots.read_bytes()
    again = client.post("/api/studio", json={**WIZARD, "admin_username": "intruder"})
    assert again.status_code == 409
    assert "already exists" in again.json["message"]
    assert stick.keyslots.read_bytes() == before


def test_a_weak_wizard_password_is_a_sentence(empty_api):
    client, stick = empty_api
    answer = client.post("/api/studio", json={**WIZARD, "admin_password": "short"})
    assert answer.status_code == 422
    assert not stick.keyslots.exists()


def test_staff_see_the_active_artists_by_name(client, admin_headers, staff_headers):
    for name, artist, active in (("zed", True, True), ("amy", True, True), ("old", True, False), ("desk", False, True)):
        made = client.post("/api/users", headers=admin_headers, json={
            "username": name, "display_name": name.title(), "role": "staff", "password": "long enough",
            "is_artist": artist})
        if not active:
            client.patch(f"/api/users/{made.json['id']}", headers=admin_headers, json={"active": False})
    listed = client.get("/api/artists", headers=staff_headers)
    assert listed.status_code == 200
    assert [a["display_name"] for a in listed.json] == ["Amy", "Zed"]


def test_idle_lock_minutes_is_a_setting_with_bounds(client, admin_headers):
    assert client.get("/api/settings", headers=admin_headers).json["lock_after_minutes"] == 10
    assert client.patch("/api/settings", headers=admin_headers, json={"lock_after_minutes": 0}).json[
        "lock_after_minutes"] == 0
    assert client.patch("/api/settings", headers=admin_headers, json={"lock_after_minutes": 999}).status_code == 422

