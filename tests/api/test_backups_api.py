"""/api/backups: status with a warning when a backup is due, and taking one now."""

from __future__ import annotations


def test_status_warns_before_the_first_backup_and_not_after(client, admin_headers):
    before = client.get("/api/backups", headers=admin_headers)
    assert before.status_code == 200
    assert before.json["last_backup"] is None and "No backup has been taken" in before.json["warning"]
    assert before.json["mirror_present"] is False and before.json["mirror_path"] is None
    taken = client.post("/api/backups", headers=admin_headers)
    assert taken.status_code == 201 and taken.json["state"] == "verified"
    assert taken.json["name"].startswith("studio-") and taken.json["counts"]["users"] == 1
    after = client.get("/api/backups", headers=admin_headers).json
    assert after["last_backup"]["name"] == taken.json["name"] and after["warning"] is None


def test_staff_may_take_a_backup_and_nobody_anonymous(client, staff_headers):
    assert client.post("/api/backups", headers=staff_headers).status_code == 201
    assert client.get("/api/backups").status_code == 401
