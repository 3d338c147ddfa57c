"""Pushes are idempotent, pulls page through the relay's own sequence in order, snapshots compact old messages."""

from __future__ import annotations

import psycopg

from tests.relay.conftest import Dev, b64


def test_sending_the_same_batch_twice_stores_each_message_once(relay):
    device = Dev.first(relay.url)
    batch = [(f"m{i}", bytes([i]) * 40) for i in range(5)]
    first = device.push(batch)
    assert first.status_code == 200 and first.json()["stored"] == 5
    again = device.push(batch + [("m5", b"new")])
    assert again.json() == {"stored": 1, "duplicates": 5, "last_seq": again.json()["last_seq"]}
    pulled = device.pull_all()
    assert [m["id"] for m in pulled] == [f"m{i}" for i in range(6)]
    assert [m["body"] for m in pulled] == [b64(body) for _i, body in batch] + [b64(b"new")]


def test_pulls_page_in_the_relays_sequence_and_resume_after_the_last_seen(relay):
    writer = Dev.first(relay.url)
    for start in range(0, 23, 7):
        assert writer.push([(f"id-{n:03d}", b"x" * n) for n in range(start, min(start + 7, 23))]).status_code == 200
    page = writer.http.get("/v1/messages", params={"after": 0, "limit": 10}).json()
    assert len(page["messages"]) == 10 and page["more"] is True
    seqs = [m["seq"] for m in page["messages"]]
    assert seqs == sorted(seqs)
    rest = writer.pull_all(after=seqs[-1], limit=10)
    assert [m["id"] for m in page["messages"] + rest] == [f"id-{n:03d}" for n in range(23)]
    assert all(m["device"] == writer.device_id for m in rest)
    assert writer.http.get("/v1/messages", params={"after": rest[-1]["seq"]}).json()["messages"] == []


def test_a_studio_sees_only_its_own_messages(relay):
    one, other = Dev.first(relay.url), Dev.first(relay.url)
    one.push([("same-id", b"one's")])
    assert other.push([("same-id", b"other's")]).json()["stored"] == 1
    assert [m["body"] for m in one.pull_all()] == [b64(b"one's")]
    assert [m["body"] for m in other.pull_all()] == [b64(b"other's")]


def test_a_snapshot_compacts_what_it_covers_and_a_late_device_is_sent_to_it(relay, relay_db):
    device = Dev.first(relay.url)
    device.push([(f"m{i}", b"change") for i in range(10)])
    last = device.pull_all()[-1]["seq"]
    covered = device.pull_all()[6]["seq"]
    with psycopg.connect(relay_db, autocommit=True) as db:  # as if those changes were pushed 31 days ago
        db.execute("UPDATE messages SET created_at = now() - interval '31 days'")
    put = device.http.put("/v1/snapshot", json={"covers_seq": covered, "body": b64(b"sealed snapshot")})
    assert put.status_code == 200 and put.json()["compacted"] == 7
    assert [m["id"] for m in device.pull_all(after=covered)] == ["m7", "m8", "m9"]
    late = device.http.get("/v1/messages", params={"after": 0})
    assert late.status_code == 410 and late.json()["snapshot_seq"] == covered
    snap = device.http.get("/v1/snapshot").json()
    assert snap == {"covers_seq": covered, "body": b64(b"sealed snapshot")}
    assert device.http.put("/v1/snapshot", json={"covers_seq": covered - 1, "body": b64(b"old")}).status_code == 409
    assert device.http.put("/v1/snapshot", json={"covers_seq": last + 5, "body": b64(b"ahead")}).status_code == 409


def test_a_snapshot_keeps_recent_messages_for_devices_that_have_not_pulled_them(relay):
    device = Dev.first(relay.url)
    device.push([(f"m{i}", b"change") for i in range(4)])
    covered = device.pull_all()[-1]["seq"]
    put = device.http.put("/v1/snapshot", json={"covers_seq": covered, "body": b64(b"snap")})
    assert put.json()["compacted"] == 0
    assert len(device.pull_all()) == 4


def test_health_and_metrics_count_without_content(relay):
    device = Dev.first(relay.url)
    device.push([("a", b"secret-bytes"), ("b", b"more")])
    assert relay_health(relay.url) == 200
    metrics = device.http.get("/metrics").json()
    assert metrics["studios"] == 1 and metrics["devices"] == 1 and metrics["messages"] == 2
    assert metrics["message_bytes"] == len(b"secret-bytes") + len(b"more")
    assert "secret" not in str(metrics)


def relay_health(url: str) -> int:
    import httpx

    return httpx.get(f"{url}/health", timeout=10).status_code
