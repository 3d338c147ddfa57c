"""A backup deleted by hand or a dangling studio-*.db link never breaks the backup screens: it is listed as missing."""

from __future__ import annotations

import pytest

from tests.services.support_backup import point_of


def _break(stick, how: str, taken: str) -> str:
    """Break the backups folder the way a user with a full stick would; return the name now missing."""
    if how == "deleted":
        point_of(stick.backups, taken).unlink()  # the manifest still lists it
        return taken
    link = stick.backups / "studio-20990101T000000Z.db"
    link.symlink_to(stick.backups / "gone-elsewhere.db")  # points at nothing
    return link.name


@pytest.mark.parametrize("how", ["deleted", "dangling link"])
def test_every_backup_route_keeps_working_and_lists_the_file_as_missing(client, admin_headers, stick, how):
    first = client.post("/api/backups", headers=admin_headers).json["name"]
    second = client.post("/api/backups", headers=admin_headers).json["name"]
    missing = _break(stick, how, first)

    status = client.get("/api/backups", headers=admin_headers)
    assert status.status_code == 200, status.json
    assert status.json["last_backup"]["name"] == second  # the newest good one, never the missing one

    listed = client.get("/api/backups/list", headers=admin_headers)
    assert listed.status_code == 200, listed.json
    by_name = {b["name"]: b for b in listed.json}
    assert by_name[missing]["state"] == "missing"
    assert by_name[missing]["problems"] == [f"The backup {missing} is missing from {stick.backups}."]
    assert by_name[second]["state"] == "verified"

    taken = client.post("/api/backups", headers=admin_headers)
    assert taken.status_code == 201, taken.json
    again = {b["name"]: b["state"] for b in client.get("/api/backups/list", headers=admin_headers).json}
    assert again[taken.json["name"]] == "verified" and again[missing] == "missing"


@pytest.mark.parametrize("how", ["deleted", "dangling link"])
def test_restoring_a_missing_backup_answers_with_a_sentence(client, admin_headers, stick, how):
    first = client.post("/api/backups", headers=admin_headers).json["name"]
    missing = _break(stick, how, first)
    restore = client.post(f"/api/backups/{missing}/restore", headers=admin_headers)
    assert restore.status_code in (404, 422), restore.json
    assert missing in restore.json["message"] and restore.json["message"].endswith(".")
