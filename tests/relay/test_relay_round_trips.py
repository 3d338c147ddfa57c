"""A push and a pull each cost the relay one pooled connection and one statement (authentication, rate count and the
work together), with no BEGIN/COMMIT and no ping: round trips to PostgreSQL are what a relay under load waits on.
And without the ping, a connection PostgreSQL dropped is met by trying once more on a fresh one: the device never
notices."""

from __future__ import annotations

import psycopg
from sqlalchemy import event

from app.relay.server import relay_server
from app.relay.store import Limits
from tests.relay.conftest import Dev


def _watch(engine) -> dict[str, list]:
    seen: dict[str, list] = {"checkouts": [], "statements": []}
    event.listen(engine.pool, "checkout", lambda *_a: seen["checkouts"].append(1))
    event.listen(engine, "before_cursor_execute",
                 lambda _c, _cur, statement, *_a: seen["statements"].append(statement.split()[0]))
    return seen


def test_a_push_and_a_pull_are_one_connection_and_one_statement_each(relay):
    device = Dev.first(relay.url)
    assert device.push([("warm", b"sealed 0")]).status_code == 200  # the minute's first request does more
    seen = _watch(relay.store.engine)

    answer = device.push([("m1", b"sealed 1"), ("m2", b"sealed 2"), ("warm", b"sealed 0")])
    assert answer.status_code == 200
    assert answer.json() == {"stored": 2, "duplicates": 1, "last_seq": 3}
    assert (len(seen["checkouts"]), len(seen["statements"])) == (1, 1), seen
    assert not {"BEGIN", "COMMIT", "ROLLBACK"} & {s.upper() for s in seen["statements"]}

    seen["checkouts"].clear()
    seen["statements"].clear()
    page = device.http.get("/v1/messages", params={"after": 1, "limit": 1})
    assert page.status_code == 200
    doc = page.json()
    assert ([m["id"] for m in doc["messages"]], doc["more"], doc["last_seq"]) == (["m1"], True, 3)
    assert (len(seen["checkouts"]), len(seen["statements"])) == (1, 1), seen


def test_connections_postgresql_dropped_are_replaced_without_a_failed_request(relay, relay_db):
    device = Dev.first(relay.url)
    assert device.push([("before", b"sealed")]).status_code == 200
    assert len(device.pull_all()) == 1  # the pool now holds connections opened before the drop
    with psycopg.connect(relay_db, autocommit=True) as admin:
        dropped = admin.execute("SELECT count(pg_terminate_backend(pid)) FROM pg_stat_activity "
                                "WHERE datname = current_database() AND pid <> pg_backend_pid()").fetchone()
    assert dropped is not None and dropped[0] >= 1
    answer = device.push([("after", b"sealed")])
    assert answer.status_code == 200, answer.text
    assert answer.json()["stored"] == 1
    assert [m["id"] for m in device.pull_all()] == ["before", "after"]


def test_a_push_over_the_rate_or_from_a_revoked_device_stores_nothing(relay_db):
    """Authentication rides in the push's own statement: a refused push must not have stored its batch."""
    with relay_server(relay_db, limits=Limits(per_minute=3)) as relay:
        device = Dev.first(relay.url)
        assert [device.push([(f"m{i}", b"sealed")]).status_code for i in range(3)] == [200, 200, 200]
        refused = device.push([("late", b"sealed")])
        assert refused.status_code == 429 and "too many requests" in refused.json()["error"]
        unknown = Dev(relay.url, {"studio_id": device.studio_id, "device_id": device.device_id,
                                  "credential": device.credential[:-4] + "AAAA"})
        assert unknown.push([("forged", b"sealed")]).status_code == 401
    with psycopg.connect(relay_db) as pg:
        held = [r[0] for r in pg.execute("SELECT client_id FROM messages ORDER BY seq")]
        last_seq = pg.execute("SELECT last_seq FROM studios").fetchone()
    assert held == ["m0", "m1", "m2"] and last_seq == (3,)


def test_the_rate_counts_are_unlogged_so_a_pull_waits_for_no_wal_flush(relay_db):
    """A database made before (a logged rate_counts) is switched when a relay starts; a new one is made unlogged."""
    with relay_server(relay_db):
        pass
    with psycopg.connect(relay_db, autocommit=True) as pg:
        assert pg.execute("SELECT relpersistence FROM pg_class WHERE relname = 'rate_counts'").fetchone() == ("u",)
        pg.execute("ALTER TABLE rate_counts SET LOGGED")
    with relay_server(relay_db) as relay:
        assert Dev.first(relay.url).http.get("/v1/messages").status_code == 200
    with psycopg.connect(relay_db, autocommit=True) as pg:
        assert pg.execute("SELECT relpersistence FROM pg_class WHERE relname = 'rate_counts'").fetchone() == ("u",)
