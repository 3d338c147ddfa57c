"""A re-key cut short at either side of its commit point leaves a studio that opens; writes wait for it."""

from __future__ import annotations

import threading
from datetime import UTC, datetime

import pytest

from app.db.repos.audit import AuditRepository
from app.domain.errors import StorageError
from app.services.studio import rekey
from app.services.users import UserService
from tests.conftest import ADMIN, ADMIN_PASSWORD
from tests.services.support_rekey import STAYER, STAYER_PASSWORD, add_crew, key_opens_db


class Crash(BaseException):
    """Stands for the process dying at that point."""


@pytest.fixture
def crew(opened, stick):
    return add_crew(UserService(opened.db, stick), opened.user)


def _crash_after(monkeypatch, name: str) -> None:
    real = getattr(rekey, name)

    def then_die(*args, **kwargs):
        real(*args, **kwargs)
        raise Crash

    monkeypatch.setattr(rekey, name, then_die)


def _opens_for_everyone(created, code_too: bool = True) -> bytes:
    service, code = created
    studio = service.unlock(ADMIN, ADMIN_PASSWORD)
    key = studio.db.key()
    studio.close()
    service.unlock(STAYER, STAYER_PASSWORD).close()
    if code_too:
        service.unlock_with_recovery(code).close()
    return key


def test_a_crash_before_the_commit_point_rolls_back_to_the_old_key(created, opened, crew, stick, monkeypatch):
    old_key = opened.db.key()
    _crash_after(monkeypatch, "_write_pending")  # both new files written, nothing swapped in yet
    with pytest.raises(Crash):
        rekey.rekey_studio(opened.db, stick, drop={"user:lee"})
    monkeypatch.undo()
    opened.close()
    assert rekey.pending_slots(stick).exists() and rekey.pending_db(stick).exists()
    assert _opens_for_everyone(created) == old_key
    assert not rekey.pending_slots(stick).exists() and not rekey.pending_db(stick).exists()


def test_a_crash_after_the_commit_point_rolls_forward_to_the_new_key(created, opened, crew, stick, monkeypatch):
    old_key = opened.db.key()
    _crash_after(monkeypatch, "fsync_folder")  # the new key file is in place, the new database is not
    with pytest.raises(Crash):
        rekey.rekey_studio(opened.db, stick, drop={"user:lee"})
    monkeypatch.undo()
    opened.close()
    assert rekey.pending_db(stick).exists() and not rekey.pending_slots(stick).exists()
    new_key = _opens_for_everyone(created)
    assert new_key != old_key and not key_opens_db(stick.db, old_key)
    assert not rekey.pending_db(stick).exists()


def test_writes_during_a_rekey_wait_and_land_in_the_new_file(opened, crew, stick, monkeypatch):
    exporting, release = threading.Event(), threading.Event()
    real_export = rekey.export_keyed

    def slow_export(*args):
        exporting.set()
        assert release.wait(30)
        real_export(*args)

    monkeypatch.setattr(rekey, "export_keyed", slow_export)
    rekeying = threading.Thread(target=rekey.rekey_studio, args=(opened.db, stick, {"user:lee"}))
    rekeying.start()
    assert exporting.wait(30)
    written = threading.Event()

    def write() -> None:
        with opened.db.write() as conn:
            AuditRepository().record(conn, at=datetime.now(UTC), actor_id=None, action="during-rekey",
                                     entity="test", entity_id="w1", summary="")
        written.set()

    writer = threading.Thread(target=write)
    writer.start()
    assert not written.wait(0.5)  # it waits for the re-key, it does not fail
    release.set()
    rekeying.join(60)
    writer.join(60)
    assert written.is_set()
    with opened.db.read() as conn:
        rows = conn.exec_driver_sql("SELECT count(*) FROM audit_events WHERE action = 'during-rekey'").scalar()
    assert rows == 1


def test_a_database_file_held_open_for_a_moment_is_waited_for_then_explained(tmp_path, monkeypatch):
    """On Windows a reader can hold the live file open; the swap retries briefly, then says what to do."""
    src, dest = tmp_path / "new.db", tmp_path / "live.db"
    src.write_bytes(b"new")
    dest.write_bytes(b"old")
    real, refusals = rekey.os.replace, iter([PermissionError, PermissionError])

    def busy_twice(a, b):
        refusal = next(refusals, None)
        if refusal:
            raise refusal("in use")
        real(a, b)

    monkeypatch.setattr(rekey.os, "replace", busy_twice)
    monkeypatch.setattr(rekey.time, "sleep", lambda _s: None)
    rekey._replace_when_free(src, dest)
    assert dest.read_bytes() == b"new"
    src.write_bytes(b"newer")
    monkeypatch.setattr(rekey.os, "replace", lambda a, b: (_ for _ in ()).throw(PermissionError("in use")))
    with pytest.raises(StorageError, match="Close the app and open it again"):
        rekey._replace_when_free(src, dest, tries=3)
    assert dest.read_bytes() == b"new"
