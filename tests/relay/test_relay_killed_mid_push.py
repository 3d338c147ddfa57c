"""A relay killed with SIGKILL in the middle of pushes loses nothing it acknowledged and stores nothing twice
when the device sends its unacknowledged batch again to the restarted relay (a loop: marked slow)."""

from __future__ import annotations

import random
import threading

import httpx
import pytest

from tests.relay.conftest import Dev, b64
from tests.relay.test_two_relays_one_database import _start


@pytest.mark.slow
def test_pushes_survive_a_relay_killed_mid_request(relay_db):
    chance = random.Random(20)
    process, url = _start(relay_db)
    device = Dev.first(url)
    acknowledged: list[str] = []
    sent: list[str] = []
    counter = 0
    try:
        for _round in range(5):
            killer = threading.Timer(chance.uniform(0.2, 1.2), process.kill)
            killer.start()
            pending: list[tuple[str, bytes]] | None = None
            while True:
                if pending is None:
                    pending = [(f"m{counter + i}", b"sealed %d" % (counter + i)) for i in range(10)]
                    counter += 10
                    sent += [i for i, _b in pending]
                try:
                    answer = device.http.post(f"{url}/v1/messages", json={"messages": [
                        {"id": i, "body": b64(b)} for i, b in pending]})
                except httpx.HTTPError:
                    break  # killed: this batch stays pending for the next relay
                assert answer.status_code == 200
                assert answer.json()["stored"] + answer.json()["duplicates"] == len(pending)
                acknowledged += [i for i, _b in pending]
                pending = None
            killer.join()
            process.wait(timeout=30)
            process, url = _start(relay_db)
            if pending is not None:  # the batch whose answer was lost: send it again
                again = device.http.post(f"{url}/v1/messages", json={"messages": [
                    {"id": i, "body": b64(b)} for i, b in pending]})
                assert again.status_code == 200
                acknowledged += [i for i, _b in pending]
        pulled = _at(device, url).pull_all()
    finally:
        process.kill()
        process.wait(timeout=30)
    ids = [m["id"] for m in pulled]
    assert len(ids) == len(set(ids)) == len(sent)
    assert set(ids) == set(sent) == set(acknowledged)
    seqs = [m["seq"] for m in pulled]
    assert seqs == sorted(set(seqs))


def _at(device: Dev, url: str) -> Dev:
    device.http = httpx.Client(base_url=url, timeout=30, headers={"Authorization": f"Bearer {device.credential}"})
    return device
