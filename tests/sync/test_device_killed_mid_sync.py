"""A device killed with SIGKILL in the middle of a push or a pull loses nothing the relay acknowledged and applies
nothing twice (a loop against a real relay on PostgreSQL, marked slow). Device A writes payments and syncs in a
child process killed at random moments; device B pulls in a child process killed the same way. After every kill
the invariants hold at that very point: what A's outbox counts as pushed is on the relay, and what B counts as
pulled is in B's database; at the end both drain, B holds every payment once with the same sum, and the relay
holds each message once."""

from __future__ import annotations

import random
import subprocess
import sys
from collections import Counter

import psycopg
import pytest

from app.db.engine import Database
from app.db.repos import sync_state
from app.db.sync_apply import outbox_after
from app.services.sync.service import SyncService
from app.sync.crypto import SyncKeyring
from app.sync.relay_client import RelayClient
from tests.conftest import REPO
from tests.sync.test_merge_rules import PAYMENT, _base, _write

ROUNDS = 8


def _service(db: Database) -> SyncService:
    return SyncService(db, lambda url, credential: RelayClient(url, credential))


def _sync_killed(db: Database, delay: float) -> bool:
    """Run one sync of `db` in a child process and SIGKILL it `delay` s after it is ready; True if it finished."""
    child = subprocess.Popen([sys.executable, "-m", "tests.sync.sync_child", str(db.path)], cwd=REPO,
                             stdin=subprocess.PIPE, stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True)
    assert child.stdin and child.stdout
    child.stdin.write(db._key.hex() + "\n")
    child.stdin.close()
    child.stdin = None  # written and closed: communicate() below must not flush it
    ready = child.stdout.readline()
    assert ready.strip() == "ready", ready + (child.stderr.read() if child.stderr else "")
    try:
        child.wait(timeout=delay)
    except subprocess.TimeoutExpired:
        child.kill()
    out, err = child.communicate(timeout=60)
    assert child.returncode in (0, -9), err
    return "done" in out


def _relay_changes(relay_db: str, keyring: SyncKeyring) -> tuple[list[str], list[tuple[int, tuple]]]:
    """The relay's message ids, and (seq, change key) for every change its messages carry, opened with the key."""
    with psycopg.connect(relay_db) as pg:
        rows = pg.execute("SELECT seq, client_id, body FROM messages ORDER BY seq").fetchall()
    ids, changes = [], []
    for seq, client_id, body in rows:
        ids.append(client_id)
        for change in sync_state.decode(keyring.open(bytes(body), relay_id=client_id).plaintext):
            changes.append((seq, (change.tbl, change.row_id, change.hlc)))
    return ids, changes


def _state(db: Database) -> sync_state.SyncState:
    with db.write() as conn:
        return sync_state.state(conn, db.path)


def _payments(db: Database) -> list[tuple[str, int]]:
    with db.read() as conn:
        return [tuple(r) for r in conn.exec_driver_sql("SELECT id, amount_minor FROM payments ORDER BY id")]


def _adapt(window: dict[str, float], mid: dict[str, int], step: str, finished: bool, progressed: bool) -> None:
    """Count a kill that fell mid-way; widen the window after a kill before any progress, narrow it after none."""
    if finished:
        window[step] *= 0.6
    elif not progressed:
        window[step] *= 1.7
    else:
        mid[step] += 1


@pytest.mark.slow
def test_a_device_killed_mid_push_or_pull_loses_nothing_and_applies_nothing_twice(opened, tmp_path, relay,
                                                                                    relay_db):
    chance = random.Random(9)
    _client, artist = _base(opened.db)
    a = opened.db
    _service(a).start(opened.user, relay.url)
    a.engine.dispose()
    path = tmp_path / "b" / "studio.db"
    path.parent.mkdir()
    path.write_bytes(a.path.read_bytes())
    b = Database(path, a._key)
    _service(b).join(opened.user, relay.url, _service(a).invite(opened.user))
    keyring = SyncKeyring.from_bytes(_state(a).keyring or b"")
    written: dict[str, int] = {}
    window = {"push": 0.5, "pull": 0.5}  # seconds after "ready" the kill falls within, adapted to this machine
    mid = {"push": 0, "pull": 0}  # kills that fell after some progress and before the sync's end
    for round_ in range(ROUNDS):
        for n in range(12):  # the day's payments on A, between syncs
            pid, amount = f"pay{round_}-{n}", chance.randint(100, 99_999)
            _write(a, PAYMENT, pid, amount, artist)
            written[pid] = amount
        a.engine.dispose()
        before = _state(a).pushed_seq
        finished = _sync_killed(a, chance.uniform(0.3, 1.0) * window["push"])
        pushed_seq = _state(a).pushed_seq
        _ids, held = _relay_changes(relay_db, keyring)
        with a.read() as conn:
            acknowledged = {(c.tbl, c.row_id, c.hlc) for _s, c in outbox_after(conn, 0, 100_000) if _s <= pushed_seq}
        assert acknowledged <= {key for _seq, key in held}, "A counts as pushed a change the relay does not hold"
        a.engine.dispose()
        _adapt(window, mid, "push", finished, pushed_seq > before)

        before = _state(b).pulled_seq
        finished = _sync_killed(b, chance.uniform(0.3, 1.0) * window["pull"])
        pulled_seq = _state(b).pulled_seq
        through = {key[1] for seq, key in held if seq <= pulled_seq and key[0] == "payments"}
        assert through <= {pid for pid, _amount in _payments(b)}, "B counts as pulled a payment it does not hold"
        b.engine.dispose()
        _adapt(window, mid, "pull", finished, pulled_seq > before)
    assert mid["push"] and mid["pull"], f"no kill fell in the middle of a push or of a pull ({mid}): nothing tested"

    for db in (a, b, a):  # then both finish undisturbed
        assert _sync_killed(db, 60.0)
        db.engine.dispose()
    assert _payments(a) == _payments(b) == sorted(written.items())
    with b.read() as conn:
        assert conn.exec_driver_sql("SELECT count(*), sum(amount_minor) FROM payments").one() == (
            len(written), sum(written.values()))
    for db in (a, b):
        with db.write() as conn:
            assert sync_state.counts(conn)[0] == 0, "the outbox is not drained"
    ids, held = _relay_changes(relay_db, keyring)
    assert len(ids) == len(set(ids)), "the relay holds a message twice"
    payments_held = Counter(key[1] for _seq, key in held if key[0] == "payments")
    assert set(payments_held) == set(written)
    print(f"kills in the middle: {mid} of {ROUNDS} each; payments the relay holds in two messages: "
          f"{sum(1 for n in payments_held.values() if n > 1)}")
    b.engine.dispose()
