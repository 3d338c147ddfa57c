"""`tools/bench --sync`'s load: prepared devices push every message they sealed beforehand and pull every other
device's, through a real relay, and the figures add up (a tiny fleet for a few seconds)."""

from __future__ import annotations

import httpx

from tools.benchmarks import sync_load, sync_relay


def test_the_fleet_pushes_what_it_sealed_and_pulls_the_others_messages(relay, capsys):
    interval, syncs = 0.5, 4
    fleet = sync_load.fleet([relay.url], studios=2, devices=2, syncs=syncs, changes=3)
    wall = sync_load.drive(fleet, seconds=interval * syncs + 0.5, interval=interval)
    assert wall >= interval * syncs
    assert [(d.errors, d.stored) for d in fleet] == [(0, syncs)] * 4
    for device in fleet:  # its pulls delivered its studio's messages (its own and its partner's) once each, in order
        late = httpx.get(f"{relay.url}/v1/messages", params={"after": device.after},
                         headers={"Authorization": f"Bearer {device.credential}"}).json()["messages"]
        assert device.delivered + len(late) == 2 * syncs
        assert device.after + len(late) == 2 * syncs  # sequences 1..8 of its studio, none skipped
    figures = sync_relay._latency([took for d in fleet for _k, took in d.latencies], wall, "")
    assert figures["requests"] == sum(len(d.latencies) for d in fleet) >= 2 * syncs * 4
    assert 0 < figures["p50_ms"] <= figures["p95_ms"] <= figures["max_ms"]
