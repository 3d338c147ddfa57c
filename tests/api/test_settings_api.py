"""/api/settings and /api/audit over HTTP: roles, strict bodies and query strings."""

from __future__ import annotations


def test_staff_read_settings_but_get_403_changing_them(client, staff_headers):
    assert client.get("/api/settings", headers=staff_headers).json["currency"] == "EUR"
    refused = client.patch("/api/settings", headers=staff_headers, json={"minimum_age": 21})
    assert refused.status_code == 403


def test_admin_patch_changes_only_what_is_sent(client, admin_headers):
    changed = client.patch("/api/settings", headers=admin_headers, json={"buffer_minutes": 45})
    assert changed.status_code == 200 and changed.json["buffer_minutes"] == 45
    assert changed.json["minimum_age"] == 18


def test_wrong_types_and_unknown_fields_are_422(client, admin_headers):
    for body in ({"minimum_age": "21"}, {"minimum_age": 21.0}, {"minimum_age": True}, {"colour": "red"}):
        answer = client.patch("/api/settings", headers=admin_headers, json=body)
        assert answer.status_code == 422, body
        assert answer.json["message"].startswith("Some fields are not right")


def test_audit_lists_newest_first_and_refuses_odd_query_strings(client, admin_headers):
    client.patch("/api/settings", headers=admin_headers, json={"buffer_minutes": 20})
    rows = client.get("/api/audit?entity=settings", headers=admin_headers).json
    assert rows[0]["action"] == "update" and rows[0]["actor_username"] == "boss"
    for query in ("until=0.5", "limit=5.0", "bogus=1", "since=2026-01-01"):
        assert client.get(f"/api/audit?{query}", headers=admin_headers).status_code == 422, query


KEPT = {"keep_hours": 12, "keep_daily": 10, "keep_weekly": 0, "keep_monthly": 6, "keep_others": 3}


def test_anyone_signed_in_reads_what_backups_keep_and_nobody_else(client, staff_headers):
    assert client.get("/api/settings").status_code == 401
    seen = client.get("/api/settings", headers=staff_headers).json
    assert {name: seen[name] for name in KEPT} == {"keep_hours": 24, "keep_daily": 7, "keep_weekly": 4,
                                                    "keep_monthly": 12, "keep_others": 2}
    assert seen["backups_kept"].startswith("Kept: every backup of the last 24 hours, then the newest of each")


def test_only_an_admin_changes_what_backups_keep_and_the_backups_screen_follows(client, admin_headers,
                                                                                  staff_headers):
    assert client.patch("/api/settings", headers=staff_headers, json={"keep_daily": 2}).status_code == 403
    assert client.patch("/api/settings", json={"keep_daily": 2}).status_code == 401
    assert client.get("/api/settings", headers=staff_headers).json["keep_daily"] == 7
    changed = client.patch("/api/settings", headers=admin_headers, json=KEPT)
    assert changed.status_code == 200 and {name: changed.json[name] for name in KEPT} == KEPT
    assert changed.json["backups_kept"] == (
        "Kept: every backup of the last 12 hours, then the newest of each of the last 10 days and 6 months; the "
        "newest 3 safety copies taken before a restore or an upgrade, and of damaged databases.")
    status = client.get("/api/backups", headers=staff_headers).json
    assert status["retention"] == changed.json["backups_kept"]


def test_what_backups_keep_outside_its_bounds_is_422_and_nothing_changes(client, admin_headers):
    before = client.get("/api/settings", headers=admin_headers).json
    for body in ({"keep_hours": 0}, {"keep_hours": 169}, {"keep_daily": 0}, {"keep_daily": 61},
                 {"keep_weekly": -1}, {"keep_weekly": 53}, {"keep_monthly": 121}, {"keep_others": 0},
                 {"keep_others": 11}, {"keep_daily": True}, {"keep_daily": "7"}, {"keep_daily": 7.5}):
        answer = client.patch("/api/settings", headers=admin_headers, json=body)
        assert answer.status_code == 422, body
        assert answer.json["message"].startswith("Some fields are not right")
    assert client.get("/api/settings", headers=admin_headers).json == before
