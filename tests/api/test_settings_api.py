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
