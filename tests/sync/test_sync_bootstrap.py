"""A new device joins a studio from nothing through the relay's encrypted snapshot (real demo studio, real SQLCipher
files, a real relay on a throwaway PostgreSQL): it converges with the studio, its admin still logs in, a tampered or
relabelled snapshot is refused, an interrupted bootstrap is finished by the next sync, compaction after the snapshot
changes nothing for it, and the relay's database holds no name in the clear."""

from __future__ import annotations

import shutil

import psycopg
import pytest

from app.core import paths as stick_paths
from app.db import sync_snapshot
from app.db.node import node_file
from app.demo.studio import create_demo_studio
from app.domain.records import StudioSettings
from app.relay.store import Limits
from app.services.studio.service import StudioService
from app.services.sync import bootstrap
from app.services.sync.service import SyncService
from app.sync.crypto import MovedMessageError, TamperedMessageError
from app.sync.relay_client import RelayClient, RelayUnavailableError
from tests.sync.support_devices import dump

NAME, PHONE = "Quixotefeather", "+34 611 222 333"
FRESH_PASSWORD = "fresh device password"


def _service(db) -> SyncService:
    return SyncService(db, lambda url, credential: RelayClient(url, credential))


@pytest.fixture(scope="module")
def demo_stick(tmp_path_factory):
    """A small demo studio, made once; each test works on its own copy."""
    paths = stick_paths.resolve(home=tmp_path_factory.mktemp("demo") / "stick").ensure()
    create_demo_studio(paths, scale=0.01, seed=7)
    return paths


@pytest.fixture
def studio_a(demo_stick, tmp_path):
    """Device A: a copy of the demo studio (its own node id), unlocked as its admin, with one named client."""
    root = tmp_path / "a"
    shutil.copytree(demo_stick.root, root)
    paths = stick_paths.resolve(home=root).ensure()
    node_file(paths.db).unlink(missing_ok=True)
    opened = StudioService(paths).unlock("admin", "demo-admin")
    with opened.db.write() as conn:
        conn.exec_driver_sql("UPDATE clients SET last_name = ?, phone = ? WHERE id = (SELECT min(id) FROM clients)",
                             (NAME, PHONE))
    yield opened
    opened.close()


def _fresh(tmp_path, name: str, admin: str = "admin"):
    paths = stick_paths.resolve(home=tmp_path / name).ensure()
    opened, _code = StudioService(paths).create(StudioSettings("Somewhere New", "EUR", "Europe/Madrid"), admin,
                                                FRESH_PASSWORD)
    return paths, opened


def _paired(studio_a, relay) -> SyncService:
    a = _service(studio_a.db)
    a.start(studio_a.user, relay.url)
    a.sync_now()  # pushes the studio and, the relay having none, uploads the first snapshot
    return a


def test_a_fresh_device_joins_from_the_snapshot_and_converges(studio_a, relay, relay_db, pg_cluster, tmp_path):
    a = _paired(studio_a, relay)
    with studio_a.db.write() as conn:  # after the snapshot: the new device must pull these
        conn.exec_driver_sql("UPDATE clients SET notes = 'after the snapshot' WHERE id = (SELECT max(id) "
                             "FROM clients)")
    a.sync_now()
    paths_b, b = _fresh(tmp_path, "b")
    report = _service(b.db).join_fresh(b.user, relay.url, a.invite(studio_a.user))
    assert report.applied >= 1  # the change after the snapshot came as a message
    a.sync_now()
    assert dump(b.db) == dump(studio_a.db)
    b.close()
    again = StudioService(paths_b).unlock("admin", FRESH_PASSWORD)  # this stick's password, the studio's account
    assert again.user.display_name == studio_a.user.display_name and again.user.role == "admin"
    again.close()

    relay_dump = pg_cluster.tool("pg_dump", "-d", relay_db).stdout
    assert b"COPY public.snapshots" in relay_dump
    for secret in (NAME, PHONE, "after the snapshot", "Somewhere New"):
        assert secret.encode() not in relay_dump, secret


def test_a_joining_admin_the_studio_does_not_know_keeps_an_account_that_syncs(studio_a, relay, tmp_path):
    a = _paired(studio_a, relay)
    paths_b, b = _fresh(tmp_path, "b", admin="nina")
    _service(b.db).join_fresh(b.user, relay.url, a.invite(studio_a.user))
    a.sync_now()
    assert dump(b.db) == dump(studio_a.db)
    with studio_a.db.read() as conn:
        assert conn.exec_driver_sql("SELECT role FROM users WHERE username = 'nina'").scalar() == "admin"
    b.close()
    StudioService(paths_b).unlock("nina", FRESH_PASSWORD).close()


def test_a_studio_with_data_is_refused_and_the_code_still_works(studio_a, relay, tmp_path):
    a = _paired(studio_a, relay)
    code = a.invite(studio_a.user)
    _paths, b = _fresh(tmp_path, "b")
    with b.db.write() as conn:
        conn.exec_driver_sql("INSERT INTO clients(id, created_at, updated_at, first_name, last_name, "
                             "marketing_consent, photo_consent) VALUES ('c1', '2027-01-01', '2027-01-01', 'A', 'B', "
                             "0, 0)")
    with pytest.raises(bootstrap.StudioNotEmptyError, match="holds data already"):
        _service(b.db).join_fresh(b.user, relay.url, code)
    assert not _service(b.db).paired()
    _paths, c = _fresh(tmp_path, "c")
    _service(c.db).join_fresh(c.user, relay.url, code)  # the refusal did not spend the code
    assert dump(c.db) == dump(studio_a.db)
    b.close()
    c.close()


@pytest.mark.parametrize(("forge", "refused"), [
    ("UPDATE snapshots SET body = overlay(body placing '\\x00'::bytea from 60 for 1)", TamperedMessageError),
    ("UPDATE snapshots SET covers_seq = covers_seq - 1", MovedMessageError),
])
def test_a_tampered_or_relabelled_snapshot_is_refused_and_a_good_one_finishes_the_join(
        studio_a, relay, relay_db, tmp_path, forge, refused):
    a = _paired(studio_a, relay)
    with studio_a.db.write() as conn:
        conn.exec_driver_sql("UPDATE clients SET notes = 'one more' WHERE id = (SELECT max(id) FROM clients)")
    a.sync_now()  # so covers_seq - 1 is a position the relay has
    code = a.invite(studio_a.user)
    with psycopg.connect(relay_db, autocommit=True) as pg:
        pg.execute(forge)
    _paths, b = _fresh(tmp_path, "b")
    with pytest.raises(refused):
        _service(b.db).join_fresh(b.user, relay.url, code)
    assert bootstrap.pending(b.db)
    with b.db.read() as conn:
        assert sync_snapshot.is_fresh(conn)  # nothing of the forged snapshot was loaded
    assert a.snapshot_now(studio_a.user)
    _service(b.db).sync_now()  # the next sync finishes the join, without a new code
    assert not bootstrap.pending(b.db)
    assert dump(b.db) == dump(studio_a.db)
    b.close()


def test_a_bootstrap_interrupted_mid_load_leaves_nothing_and_the_next_sync_finishes_it(studio_a, relay, tmp_path,
                                                                                       monkeypatch):
    a = _paired(studio_a, relay)
    _paths, b = _fresh(tmp_path, "b")
    real_insert = sync_snapshot._insert

    def crash_at_sessions(conn, table, part):
        if table == "sessions":
            raise OSError("the stick was pulled")
        return real_insert(conn, table, part)

    monkeypatch.setattr(sync_snapshot, "_insert", crash_at_sessions)
    with pytest.raises(OSError):
        _service(b.db).join_fresh(b.user, relay.url, a.invite(studio_a.user))
    with b.db.read() as conn:
        assert sync_snapshot.is_fresh(conn)
        assert conn.exec_driver_sql("SELECT count(*) FROM clients").scalar() == 0
    assert bootstrap.pending(b.db)
    monkeypatch.setattr(sync_snapshot, "_insert", real_insert)
    _service(b.db).sync_now()
    assert dump(b.db) == dump(studio_a.db)
    b.close()


class TestAfterCompaction:
    """The relay keeps no message the snapshot covers (keep_days=0)."""

    @pytest.fixture
    def relay_limits(self) -> Limits:
        return Limits(keep_days=0)

    def test_a_fresh_device_converges_once_the_relay_compacted_what_the_snapshot_covers(self, studio_a, relay,
                                                                                       tmp_path):
        a = _paired(studio_a, relay)
        with studio_a.db.write() as conn:
            conn.exec_driver_sql("UPDATE clients SET notes = 'after compaction' WHERE id = (SELECT max(id) "
                                 "FROM clients)")
        a.sync_now()
        with studio_a.db.read() as conn:
            credential = conn.exec_driver_sql("SELECT credential FROM sync_node").scalar()
        with pytest.raises(RelayUnavailableError, match="snapshot"):  # the early messages are gone
            RelayClient(relay.url, credential).pull(0)
        _paths, b = _fresh(tmp_path, "b")
        _service(b.db).join_fresh(b.user, relay.url, a.invite(studio_a.user))
        assert dump(b.db) == dump(studio_a.db)
        b.close()
