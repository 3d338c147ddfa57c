"""Two relay processes (`python -m app relay`) on one database serve one studio's devices consistently."""

from __future__ import annotations

import base64
import os
import signal
import subprocess
import sys
import threading

import httpx

from app.sync import crypto
from tests.conftest import REPO
from tests.relay.conftest import Dev, b64


def _start(database: str) -> tuple[subprocess.Popen, str]:
    env = {k: v for k, v in os.environ.items() if not k.startswith("TATTOO_")}
    env["PYTHONPATH"] = str(REPO)
    process = subprocess.Popen([sys.executable, "-m", "app", "relay", "--database", database, "--port", "0",
                                "--threads", "4"], stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True,
                               env=env, cwd=REPO)
    line = process.stdout.readline()
    assert line.startswith("Relay listening on http://127.0.0.1:"), line + process.stderr.read()
    return process, line.split()[-1]


def _stop(process: subprocess.Popen) -> str:
    process.send_signal(signal.SIGTERM)
    _out, err = process.communicate(timeout=30)
    assert process.returncode == 0, err
    return err


def test_devices_split_between_two_relays_see_the_same_studio(relay_db):
    (a, url_a), (b, url_b) = _start(relay_db), _start(relay_db)
    try:
        first = Dev.first(url_a, "studio-two")
        ring = crypto.SyncKeyring.new("studio-two")
        devices = [first]
        for url in (url_b, url_a):
            code = crypto.new_pairing_code()
            lookup, sealed = crypto.seal_for_pairing(ring, code)
            opened = first.http.post("/v1/pairing", json={"lookup": b64(lookup), "sealed": b64(sealed)})
            assert opened.status_code == 201
            devices.append(Dev(url, httpx.post(f"{url}/v1/pairing/join", json={"lookup": b64(lookup)}).json()))
        sent: dict[str, list[str]] = {}

        def work(n: int, device: Dev) -> None:
            other = httpx.Client(base_url=url_b if device.url == url_a else url_a, timeout=30,
                                 headers={"Authorization": f"Bearer {device.credential}"})
            ids = [f"d{n}-m{i}" for i in range(40)]
            sent[device.device_id] = ids
            for start in range(0, 40, 5):
                batch = [{"id": i, "body": b64(ring.seal(i, f"{start}:0:{n}", str(n), b"change"))}
                         for i in ids[start:start + 5]]
                assert device.http.post("/v1/messages", json={"messages": batch}).status_code == 200
                # the same batch again through the other relay, as after a lost answer: stored once
                assert other.post("/v1/messages", json={"messages": batch}).json()["stored"] == 0

        threads = [threading.Thread(target=work, args=(n, d)) for n, d in enumerate(devices)]
        for thread in threads:
            thread.start()
        for thread in threads:
            thread.join(timeout=120)
        views = [[(m["seq"], m["id"]) for m in d.pull_all(limit=17)] for d in devices]
        assert views[0] == views[1] == views[2]
        assert sorted(i for _seq, i in views[0]) == sorted(i for ids in sent.values() for i in ids)
        assert len({seq for seq, _i in views[0]}) == 120
        for device in devices:  # every message opens on every device, none twice
            applied: set[str] = set()
            for m in device.pull_all():
                applied.add(ring.open(base64.b64decode(m["body"]), relay_id=m["id"],
                                      applied=applied).message_id)
            assert len(applied) == 120
    finally:
        logs = _stop(a) + _stop(b)
    assert "change" not in logs and "studio-two" not in logs
