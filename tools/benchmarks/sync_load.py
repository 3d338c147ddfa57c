"""The client side of `tools/bench --sync`: a fleet of studio devices that sync with a relay on a fixed cadence.

Everything a device would spend CPU on is done before the timed window: the studios are created and paired, and
every message a device will push is sealed, base64-encoded and written into its request body in advance. In the
window a device only sends prepared bytes and reads the answer (the stdlib's http.client, lighter than httpx), so
the latency measured is the relay's (and the loopback's), not the clients' sealing or JSON work. Each device syncs
at its own phase of the interval (real devices are not in step) and keeps its schedule: a late sync does not push
the next one back, so a slow relay meets the same offered load instead of a politely shrinking one.
"""

from __future__ import annotations

import base64
import http.client
import json
import os
import random
import threading
import time
import uuid
from dataclasses import dataclass, field
from urllib.parse import urlsplit

import httpx

from app.sync import crypto

# one change as the device encodes it (a session's edited fields); a message holds `changes` of them
CHANGE = ('{"tbl":"sessions","row":"%s","hlc":"%d:0:%s","op":"upsert","fields":{"starts_at":"2026-12-01 10:00:00",'
          '"duration_min":120,"status":"booked","placement":"forearm","quote_minor":12000,"version":3}}')


@dataclass
class Device:
    """One device of the fleet: the relay it talks to, its credential and its prepared push bodies."""

    url: str
    credential: str
    bodies: list[bytes]
    after: int = 0
    stored: int = 0
    delivered: int = 0
    errors: int = 0
    latencies: list[tuple[str, float]] = field(default_factory=list)


def studio(url: str, devices: int) -> tuple[crypto.SyncKeyring, list[str]]:
    """A new studio on the relay at `url` and `devices` device credentials (the first one's and paired ones)."""
    studio_id = uuid.uuid4().hex
    first = httpx.post(f"{url}/v1/studios", json={"studio_id": studio_id}, timeout=30).json()
    ring, credentials = crypto.SyncKeyring.new(studio_id), [first["credential"]]
    for _i in range(devices - 1):  # the pairing exchange's relay side (the code's derivation is not what we time)
        lookup = base64.b64encode(os.urandom(32)).decode()
        httpx.post(f"{url}/v1/pairing", json={"lookup": lookup, "sealed": "AAAA"},
                   headers={"Authorization": f"Bearer {first['credential']}"}, timeout=30)
        credentials.append(httpx.post(f"{url}/v1/pairing/join", json={"lookup": lookup}, timeout=30)
                           .json()["credential"])
    return ring, credentials


def sealed_bodies(ring: crypto.SyncKeyring, node: str, syncs: int, changes: int) -> list[bytes]:
    """The JSON bodies of `syncs` pushes, each one sealed message of `changes` changes, as the device sends them."""
    bodies = []
    for n in range(syncs):
        message_id = f"{node}-{n}"
        hlc = f"{1_900_000_000_000 + n}:0:{node}"
        plain = ("[" + ",".join(CHANGE % (f"{node}-{n}-{c}", 1_900_000_000_000 + n, node)
                                for c in range(changes)) + "]").encode()
        sealed = base64.b64encode(ring.seal(message_id, hlc, node, plain)).decode()
        bodies.append(json.dumps({"messages": [{"id": message_id, "body": sealed}]}).encode())
    return bodies


def fleet(urls: list[str], studios: int, devices: int, syncs: int, changes: int) -> list[Device]:
    """`studios` x `devices` prepared devices; device d of every studio talks to relay d mod len(urls)."""
    out = []
    for s in range(studios):
        ring, credentials = studio(urls[0], devices)
        for d, credential in enumerate(credentials):
            out.append(Device(urls[(s * devices + d) % len(urls)], credential,
                              sealed_bodies(ring, f"s{s}d{d}", syncs, changes)))
    return out


def _timed(conn: http.client.HTTPConnection, method: str, path: str, body: bytes | None,
           headers: dict[str, str]) -> tuple[int, bytes, float]:
    start = time.perf_counter()
    conn.request(method, path, body=body, headers=headers)
    answer = conn.getresponse()
    data = answer.read()
    return answer.status, data, time.perf_counter() - start


def _sync(conn: http.client.HTTPConnection, device: Device, n: int, headers: dict[str, str]) -> None:
    """One sync: push the n-th prepared message, then pull until the relay has nothing more."""
    status, data, took = _timed(conn, "POST", "/v1/messages", device.bodies[n],
                                {**headers, "Content-Type": "application/json"})
    device.latencies.append(("push", took))
    if status != 200:
        device.errors += 1
        return
    device.stored += json.loads(data)["stored"]
    more = True
    while more:
        status, data, took = _timed(conn, "GET", f"/v1/messages?after={device.after}&limit=500", None, headers)
        device.latencies.append(("pull", took))
        if status != 200:
            device.errors += 1
            return
        doc = json.loads(data)
        if doc["messages"]:
            device.after = doc["messages"][-1]["seq"]
        device.delivered += len(doc["messages"])
        more = doc["more"]


def _loop(device: Device, phase: float, interval: float, t0: float, stop: threading.Event) -> None:
    where = urlsplit(device.url)
    conn = http.client.HTTPConnection(where.hostname or "127.0.0.1", where.port, timeout=60)
    headers = {"Authorization": f"Bearer {device.credential}"}
    n = 0
    try:
        while n < len(device.bodies):
            due = t0 + phase + n * interval
            if stop.wait(max(0.0, due - time.perf_counter())):
                return
            try:
                _sync(conn, device, n, headers)
            except (OSError, http.client.HTTPException, ValueError):
                device.errors += 1
                conn.close()
            n += 1
    finally:
        conn.close()


def drive(devices: list[Device], seconds: float, interval: float, seed: int = 20) -> float:
    """Run every device's syncs for `seconds` (each at a random phase of `interval`); return the wall time."""
    rng, stop = random.Random(seed), threading.Event()
    t0 = time.perf_counter() + 0.5
    workers = [threading.Thread(target=_loop, daemon=True,
                                args=(device, rng.uniform(0, interval), interval, t0, stop)) for device in devices]
    for worker in workers:
        worker.start()
    time.sleep(max(0.0, t0 + seconds - time.perf_counter()))
    stop.set()
    for worker in workers:
        worker.join(timeout=60)
    return time.perf_counter() - t0
