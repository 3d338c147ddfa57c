"""Taking backups: encrypted files, key slots and a manifest line; consistent while writes go on."""

from __future__ import annotations

import json
import threading

import pytest

from app.db.repos.audit import AuditRepository
from app.domain.backups import VERIFIED, RetentionPolicy
from app.domain.errors import AuthError
from app.services.backups.manifest import Manifest, sha256_file
from app.services.users import UserService
from tests.services.support_backup import CLIENT_NAME, add_client, point_of, rebuilt


def test_backup_now_writes_a_point_keyslots_and_manifest_line(backups, opened, stick, clock):
    add_client(opened, clock)
    record = backups.backup_now(opened.user)
    assert record.name == "studio-20260314T150000Z.db" and record.state == VERIFIED
    assert point_of(stick.backups, record.name).is_file() and record.path.with_suffix(".keyslots.json").is_file()
    assert not record.path.exists()  # no whole copy: the point lists chunks kept once in packs
    line = Manifest(stick.backups).entry(record.name)
    with rebuilt(stick.backups, record.name) as file:
        assert line["sha256"] == sha256_file(file) and line["size"] == file.stat().st_size
    assert line["counts"]["clients"] == 1 and line["revision"] and line["store"] == "chunks"
    assert json.loads(record.path.with_suffix(".keyslots.json").read_text()) == json.loads(
        stick.keyslots.read_text())


def test_backup_files_hold_no_plaintext_client_names(backups, opened, stick, clock):
    add_client(opened, clock)
    record = backups.backup_now(opened.user)
    for path in stick.backups.rglob("*"):
        assert path.is_dir() or CLIENT_NAME.split()[1].encode() not in path.read_bytes(), path.name
    with rebuilt(stick.backups, record.name) as file:
        assert b"SQLite format 3" not in file.read_bytes()[:16]


def test_two_backups_in_one_second_get_two_names_and_list_newest_first(backups, opened, clock):
    first = backups.backup_now(opened.user)
    second = backups.backup_now(opened.user)
    clock.advance(3600)
    third = backups.backup_now(opened.user)
    assert first.name != second.name
    assert [r.name for r in backups.list_backups(opened.user)][0] == third.name
    assert {r.state for r in backups.list_backups(opened.user)} == {VERIFIED}


def test_staff_may_take_a_backup_but_nobody_signed_out(backups, opened, stick, clock):
    staff = UserService(opened.db, stick, clock).create(opened.user, username="sam", display_name="Sam",
                                                         role="staff", password="staff password")
    assert point_of(stick.backups, backups.backup_now(staff).name).is_file()
    with pytest.raises(AuthError):
        backups.backup_now(None)


def test_backup_while_rows_are_written_in_pairs_holds_an_even_count(backups, opened):
    stop, audit = threading.Event(), AuditRepository()

    def write_pairs():
        while not stop.is_set():
            with opened.db.write() as conn:
                for _ in range(2):
                    audit.record(conn, at=backups.clock.now(), actor_id=None, action="pair",
                                 entity="test", entity_id=None)

    writer = threading.Thread(target=write_pairs)
    writer.start()
    try:
        records = [backups.backup_now(opened.user) for _ in range(5)]
    finally:
        stop.set()
        writer.join()
    pairs = [Manifest(r.path.parent).entry(r.name)["counts"]["audit_events"] for r in records]
    # audit_events also holds the studio's own events (one "create" + one per earlier backup)
    own = [1 + i for i in range(5)]
    assert all((count - extra) % 2 == 0 for count, extra in zip(pairs, own, strict=True)), pairs
    assert pairs[-1] - own[-1] > 0, "The writer never got a turn; the test proved nothing."


def test_prune_keeps_daily_weekly_monthly_and_the_newest(backups, opened, clock):
    names = []
    for _ in range(40):  # one backup a day for 40 days
        names.append(backups.backup_now(opened.user).name)
        clock.advance(86400)
    gone = backups.prune(opened.user, RetentionPolicy(hours=0, daily=7, weekly=4, monthly=12))
    left = [r.name for r in backups.list_backups(opened.user)]
    assert names[-1] in left and set(names[-7:]) <= set(left)
    assert len(left) < 40 and set(gone).isdisjoint(left)
    assert not any(point_of(backups.paths.backups, n).exists() for n in gone)
    assert {e["name"] for e in Manifest(backups.paths.backups).lines()} == set(left)
    assert {r.state for r in backups.verify(opened.user)} == {VERIFIED}  # no chunk a kept point uses was collected


def test_prune_never_deletes_the_only_backup(backups, opened, stick):
    only = backups.backup_now(opened.user)
    assert backups.prune(opened.user, RetentionPolicy(hours=0, daily=0, weekly=0, monthly=0)) == []
    assert point_of(stick.backups, only.name).is_file()
