"""Restore and export through the API: the data of backup time comes back, logins end, ZIPs hold all three files."""

from __future__ import annotations

import json
import os
import zipfile
from pathlib import Path

from app.core.paths import StickPaths
from app.services.backups.job_history import read_runs
from app.services.backups.manifest import verify_file
from tests.conftest import ADMIN, ADMIN_PASSWORD, STAFF, STAFF_PASSWORD
from tests.services.support_backup import flip_bit, point_of
from tools.stick_process import bearer


def _client(client, headers, first: str, last: str) -> str:
    made = client.post("/api/clients", headers=headers, json={"first_name": first, "last_name": last})
    assert made.status_code == 201, made.json
    return made.json["id"]


def _names(client, headers) -> list[str]:
    found = client.get("/api/clients", headers=headers)
    assert found.status_code == 200, found.json
    return sorted(c["last_name"] for c in found.json)


def _me(client, username: str, password: str):
    return client.get("/api/auth/me", headers=bearer(client, username, password))


def _login(client) -> dict:
    return bearer(client, ADMIN, ADMIN_PASSWORD)


def test_restore_round_trip_brings_back_backup_time_and_ends_every_login(client, admin_headers, stick):
    _client(client, admin_headers, "Ada", "Before")
    taken = client.post("/api/backups", headers=admin_headers).json
    _client(client, admin_headers, "Bob", "After")
    assert _names(client, admin_headers) == ["After", "Before"]
    restored = client.post(f"/api/backups/{taken['name']}/restore", headers=admin_headers)
    assert restored.status_code == 200, restored.json
    assert restored.json["name"] == taken["name"] and restored.json["counts"]["clients"] == 1
    assert restored.json["backup_created_at"] == taken["created_at"]
    assert restored.json["safety_backup"].startswith("before-restore-")
    assert client.get("/api/backups", headers=admin_headers).status_code == 401  # every login ended
    again = _login(client)
    assert _names(client, again) == ["Before"]
    listed = {b["name"]: b for b in client.get("/api/backups/list", headers=again).json}
    safety = listed[restored.json["safety_backup"]]
    assert safety["kind"] == "before-restore" and safety["counts"]["clients"] == 2  # the data as it was before
    assert "backup-local" in [r.name for r in read_runs(stick)]  # the on-demand backup went through the job runner


def test_after_a_restore_people_log_in_as_the_backup_knew_them(client, admin_headers, staff_headers):
    sam = client.get("/api/auth/me", headers=staff_headers).json
    taken = client.post("/api/backups", headers=admin_headers).json
    promoted = client.patch(f"/api/users/{sam['id']}", headers=admin_headers, json={"role": "admin"})
    assert promoted.status_code == 200, promoted.json
    assert _me(client, STAFF, STAFF_PASSWORD).json["role"] == "admin"  # the server now knows sam as an admin
    assert client.post(f"/api/backups/{taken['name']}/restore", headers=admin_headers).status_code == 200
    again = _me(client, STAFF, STAFF_PASSWORD)
    assert again.status_code == 200 and again.json["role"] == "staff"  # no cache remembers the promotion


def test_a_bad_backup_is_refused_with_the_reason_and_nothing_changes(client, admin_headers, stick):
    _client(client, admin_headers, "Ada", "Kept")
    taken = client.post("/api/backups", headers=admin_headers).json
    flip_bit(point_of(stick.backups, taken["name"]))
    refused = client.post(f"/api/backups/{taken['name']}/restore", headers=admin_headers)
    assert refused.status_code == 422 and "does not match its checksum" in refused.json["message"]
    assert _names(client, admin_headers) == ["Kept"]  # the login and the data are untouched


def test_export_writes_a_zip_with_the_backup_its_key_slots_and_manifest_line(client, admin_headers, stick,
                                                                               tmp_path):
    taken = client.post("/api/backups", headers=admin_headers).json
    drive = tmp_path / "usb"
    drive.mkdir()
    exported = client.post(f"/api/backups/{taken['name']}/export", headers=admin_headers,
                           json={"folder": str(drive)})
    assert exported.status_code == 201, exported.json
    stem = taken["name"].removesuffix(".db")
    assert exported.json["path"] == str(drive / f"{stem}.zip") and [p.name for p in drive.iterdir()] == [f"{stem}.zip"]
    with zipfile.ZipFile(drive / f"{stem}.zip") as archive:
        assert sorted(archive.namelist()) == sorted([taken["name"], f"{stem}.keyslots.json", "manifest.jsonl"])
        [line] = archive.read("manifest.jsonl").decode().splitlines()
        assert json.loads(line)["name"] == taken["name"]
        archive.extractall(tmp_path / "unzipped")
    unzipped = tmp_path / "unzipped" / taken["name"]
    assert verify_file(unzipped, _key(stick)) == []  # checksum and key both still good after the trip
    assert (tmp_path / "unzipped" / f"{stem}.keyslots.json").read_bytes() == stick.keyslots.read_bytes()


def test_export_refuses_a_missing_or_relative_folder_with_a_sentence(client, admin_headers, tmp_path):
    taken = client.post("/api/backups", headers=admin_headers).json
    missing = client.post(f"/api/backups/{taken['name']}/export", headers=admin_headers,
                          json={"folder": str(tmp_path / "not-plugged-in")})
    assert missing.status_code == 422
    assert missing.json["message"] == (f"The folder {tmp_path / 'not-plugged-in'} does not exist (is the drive "
                                       "plugged in?). Choose an existing folder.")
    relative = client.post(f"/api/backups/{taken['name']}/export", headers=admin_headers, json={"folder": "usb"})
    assert relative.status_code == 422 and "is not a full folder path" in relative.json["message"]
    for home_relative in ("~", "~nobody-here/usb"):  # found by schemathesis: ~user of no one was a 500
        answer = client.post(f"/api/backups/{taken['name']}/export", headers=admin_headers,
                             json={"folder": home_relative})
        assert answer.status_code == 422 and "is not a full folder path" in answer.json["message"]


def test_export_into_a_read_only_folder_is_a_sentence_and_leaves_no_temp_file(client, admin_headers, tmp_path):
    taken = client.post("/api/backups", headers=admin_headers).json
    locked = tmp_path / "read-only"
    locked.mkdir()
    locked.chmod(0o500)
    target = Path("/sys") if os.geteuid() == 0 else locked  # root writes through chmod; /sys refuses even root
    try:
        refused = client.post(f"/api/backups/{taken['name']}/export", headers=admin_headers,
                              json={"folder": str(target)})
        assert refused.status_code == 503
        assert refused.json["message"] == (f"The folder {target} cannot be written to (read-only or no permission). "
                                           "Choose another folder.")
        assert list(locked.iterdir()) == []
    finally:
        locked.chmod(0o700)


def test_staff_may_list_but_not_restore_or_export(client, admin_headers, staff_headers, tmp_path):
    taken = client.post("/api/backups", headers=admin_headers).json
    assert [b["name"] for b in client.get("/api/backups/list", headers=staff_headers).json] == [taken["name"]]
    assert client.post(f"/api/backups/{taken['name']}/restore", headers=staff_headers).status_code == 403
    export = client.post(f"/api/backups/{taken['name']}/export", headers=staff_headers, json={"folder": str(tmp_path)})
    assert export.status_code == 403 and list(tmp_path.glob("*.zip")) == []


def test_the_list_shows_mirror_copies_with_their_state(client, admin_headers, stick, tmp_path, api):
    drive = tmp_path / "mirror-drive"
    drive.mkdir()
    container = api.config["CONTAINER"]
    user = container.login(ADMIN, ADMIN_PASSWORD)
    container.services.backups.init_mirror(user, drive)
    taken = client.post("/api/backups", headers=admin_headers).json
    container.jobs.close()  # the mirror copy follows the backup in the background: wait for it
    listed = client.get("/api/backups/list", headers=admin_headers).json
    assert [(b["name"], b["location"]) for b in listed] == [(taken["name"], "stick"), (taken["name"], "mirror")]
    container.services.backups.verify(user)
    states = [(b["location"], b["state"]) for b in client.get("/api/backups/list", headers=admin_headers).json]
    assert states == [("stick", "verified"), ("mirror", "verified")]


def _key(stick: StickPaths) -> bytes:
    from app.core.keyslots import KeySlots

    return KeySlots.load(stick.keyslots).unwrap_user(ADMIN, ADMIN_PASSWORD)
