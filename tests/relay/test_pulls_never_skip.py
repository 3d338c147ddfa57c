"""A device pulling while others push through two relays never skips a message: sequences commit in order."""

from __future__ import annotations

import threading

import httpx

from app.relay.server import relay_server
from tests.relay.conftest import Dev, b64


def test_a_reader_pulling_during_concurrent_pushes_through_two_relays_misses_nothing(relay, relay_db):
    first = Dev.first(relay.url)
    with relay_server(relay_db, threads=4) as other:
        writers = [first, *_paired(first, relay.url, other.url, 3)]
        reader = writers[-1]
        done = threading.Event()
        seen: list[str] = []

        def write(n: int, device: Dev) -> None:
            for start in range(0, 60, 3):
                answer = device.push([(f"w{n}-{i}", b"sealed") for i in range(start, start + 3)])
                assert answer.status_code == 200

        def read() -> None:
            after = 0
            while True:
                finished = done.is_set()
                page = reader.http.get("/v1/messages", params={"after": after, "limit": 7}).json()
                seen.extend(m["id"] for m in page["messages"])
                if page["messages"]:
                    after = page["messages"][-1]["seq"]
                elif finished:
                    return

        threads = [threading.Thread(target=write, args=(n, d)) for n, d in enumerate(writers[:3])]
        puller = threading.Thread(target=read)
        for thread in [*threads, puller]:
            thread.start()
        for thread in threads:
            thread.join(timeout=120)
        done.set()
        puller.join(timeout=120)
    expected = {f"w{n}-{i}" for n in range(3) for i in range(60)}
    assert len(seen) == len(expected) and set(seen) == expected


def _paired(first: Dev, url_a: str, url_b: str, count: int) -> list[Dev]:
    devices = []
    for n in range(count):
        lookup = bytes([n]) * 32
        first.http.post("/v1/pairing", json={"lookup": b64(lookup), "sealed": b64(b"sealed keyring")})
        url = url_b if n % 2 == 0 else url_a
        devices.append(Dev(url, httpx.post(f"{url}/v1/pairing/join", json={"lookup": b64(lookup)}).json()))
    return devices
