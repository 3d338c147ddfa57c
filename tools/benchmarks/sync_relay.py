"""`tools/bench --sync`, the relay part: S studios x D devices push and pull sealed changes concurrently through a
relay process on PostgreSQL for --seconds (default 60). Figures: changes stored and delivered per second, request
latency (p50/p95/max), the relay's and PostgreSQL's CPU, and the PostgreSQL bytes one change costs, as a
studio-year at ~300 changes a day (the issue's day's delta) before any snapshot compacts them."""

from __future__ import annotations

import base64
import os
import signal
import statistics
import subprocess
import sys
import threading
import time
import uuid
from pathlib import Path

import httpx
import psycopg

from app.sync import crypto
from tools.pg_cluster import Cluster, throwaway_cluster

REPO = Path(__file__).resolve().parents[2]
CHANGES_PER_DAY = 300
TICK = os.sysconf("SC_CLK_TCK")


def _cpu_s(pids: list[int]) -> float:
    total = 0
    for pid in pids:
        try:
            fields = Path(f"/proc/{pid}/stat").read_text().rsplit(")", 1)[1].split()
        except OSError:
            continue
        total += int(fields[11]) + int(fields[12])  # utime + stime
    return total / TICK


def _start_relay(database: str, threads: int) -> tuple[subprocess.Popen, str]:
    env = {**{k: v for k, v in os.environ.items() if not k.startswith("TATTOO_")}, "PYTHONPATH": str(REPO)}
    relay = subprocess.Popen([sys.executable, "-m", "app", "relay", "--database", database, "--port", "0",
                              "--threads", str(threads), "--per-minute", "1000000"],
                             stdout=subprocess.PIPE, stderr=subprocess.DEVNULL, text=True, env=env, cwd=REPO)
    line = relay.stdout.readline() if relay.stdout else ""
    if not line.startswith("Relay listening on "):
        relay.kill()
        raise RuntimeError("the relay did not start")
    return relay, line.split()[-1]


def _one_sync(http: httpx.Client, ring: crypto.SyncKeyring, node: str, batch: int, payload: bytes,
              latencies: list[float], state: dict, stop: threading.Event) -> None:
    """One sync of one device: push `batch` sealed changes, then pull until nothing is left."""
    items = []
    for _i in range(batch):
        state["n"] += 1
        message_id = f"{node}-{state['n']}"
        sealed = ring.seal(message_id, f"{int(time.time() * 1000)}:{state['n']}:{node}", node, payload)
        items.append({"id": message_id, "body": base64.b64encode(sealed).decode()})
    start = time.perf_counter()
    pushed = http.post("/v1/messages", json={"messages": items})
    latencies.append(time.perf_counter() - start)
    state["stored"] += pushed.json()["stored"] if pushed.status_code == 200 else 0
    more = True
    while more and not stop.is_set():
        start = time.perf_counter()
        doc = http.get("/v1/messages", params={"after": state["after"], "limit": 500}).json()
        latencies.append(time.perf_counter() - start)
        if doc["messages"]:
            state["after"] = doc["messages"][-1]["seq"]
        state["delivered"] += len(doc["messages"])
        more = doc["more"]


def _device_loop(url: str, credential: str, ring: crypto.SyncKeyring, node: str, batch: int, interval: float,
                 stop: threading.Event, out: dict) -> None:
    state = {"stored": 0, "delivered": 0, "after": 0, "n": 0}
    payload = b'{"table":"sessions","id":"%s","fields":{"start":"2026-12-01T10:00","price_cents":12000}}' % (
        node.encode())
    with httpx.Client(base_url=url, timeout=30, headers={"Authorization": f"Bearer {credential}"}) as http:
        while not stop.is_set():
            began = time.perf_counter()
            try:
                _one_sync(http, ring, node, batch, payload, out["lat"], state, stop)
            except httpx.HTTPError:
                out["errors"] += 1
            stop.wait(max(0.0, interval - (time.perf_counter() - began)))
    out["stored"] += state["stored"]
    out["delivered"] += state["delivered"]


def _studio(url: str, devices: int) -> tuple[crypto.SyncKeyring, list[str]]:
    studio_id = uuid.uuid4().hex
    first = httpx.post(f"{url}/v1/studios", json={"studio_id": studio_id}, timeout=30).json()
    ring, credentials = crypto.SyncKeyring.new(studio_id), [first["credential"]]
    for _i in range(devices - 1):  # the pairing exchange's relay side (the code's derivation is not what we time)
        lookup = os.urandom(32)
        httpx.post(f"{url}/v1/pairing", json={"lookup": base64.b64encode(lookup).decode(), "sealed": "AAAA"},
                   headers={"Authorization": f"Bearer {first['credential']}"}, timeout=30)
        joined = httpx.post(f"{url}/v1/pairing/join", json={"lookup": base64.b64encode(lookup).decode()}, timeout=30)
        credentials.append(joined.json()["credential"])
    return ring, credentials


def run(seconds: float, studios: int = 50, devices: int = 3, batch: int = 5, interval: float = 1.0,
        threads: int = 16) -> dict:
    """Run the load against a throwaway cluster and one relay process; return the figures."""
    with throwaway_cluster() as cluster:
        with psycopg.connect(cluster.url("postgres"), autocommit=True) as db:
            db.execute('CREATE DATABASE "bench"')
        relay, url = _start_relay(cluster.url("bench"), threads)
        try:
            return _measure(cluster, relay, url, seconds, studios, devices, batch, interval, threads)
        finally:
            relay.send_signal(signal.SIGTERM)
            relay.wait(timeout=30)


def _measure(cluster: Cluster, relay: subprocess.Popen, url: str, seconds: float, studios: int, devices: int,
             batch: int, interval: float, threads: int) -> dict:
    fleet = [_studio(url, devices) for _s in range(studios)]
    out: dict = {"lat": [], "stored": 0, "delivered": 0, "errors": 0}
    stop = threading.Event()
    workers = [threading.Thread(target=_device_loop, daemon=True,
                                args=(url, cred, ring, f"s{s}d{d}", batch, interval, stop, out))
               for s, (ring, creds) in enumerate(fleet) for d, cred in enumerate(creds)]
    load = os.getloadavg()[0]
    relay_cpu0, pg_cpu0, wall0 = _cpu_s([relay.pid]), _cpu_s(cluster.server_pids()), time.perf_counter()
    for worker in workers:
        worker.start()
    time.sleep(seconds)
    stop.set()
    for worker in workers:
        worker.join(timeout=60)
    wall = time.perf_counter() - wall0
    relay_cpu, pg_cpu = _cpu_s([relay.pid]) - relay_cpu0, _cpu_s(cluster.server_pids()) - pg_cpu0
    with psycopg.connect(cluster.url("bench"), autocommit=True) as db:
        db.execute("VACUUM ANALYZE messages")
        count, size, body = db.execute("SELECT count(*), pg_total_relation_size('messages'), avg(size) "
                                       "FROM messages").fetchall()[0]
    lat = sorted(out["lat"])
    per_change = size / max(count, 1)
    return {
        "seconds": round(wall, 1), "studios": studios, "devices_per_studio": devices, "batch": batch,
        "interval_s": interval, "relay_threads": threads, "cpus": os.cpu_count(),
        "load_avg_1m_at_start": load,
        "changes_stored_per_s": out["stored"] / wall, "changes_delivered_per_s": out["delivered"] / wall,
        "requests": len(lat), "requests_per_s": len(lat) / wall, "errors": out["errors"],
        "p50_ms": statistics.median(lat) * 1000 if lat else 0.0,
        "p95_ms": lat[int(len(lat) * 0.95)] * 1000 if lat else 0.0, "max_ms": lat[-1] * 1000 if lat else 0.0,
        "relay_cpu_pct": 100 * relay_cpu / wall, "postgres_cpu_pct": 100 * pg_cpu / wall,
        "messages": count, "sealed_change_bytes": float(body or 0), "pg_bytes_per_change": per_change,
        "pg_mib_per_studio_year": per_change * CHANGES_PER_DAY * 365 / 2**20,
    }


def print_table(r: dict) -> None:
    """Print the figures as a two-column table."""
    rows = [
        ("load", f"{r['studios']} studios x {r['devices_per_studio']} devices, {r['seconds']} s"),
        ("each device", f"push {r['batch']} + pull, every {r['interval_s']} s"),
        ("machine", f"{r['cpus']} CPUs, load {r['load_avg_1m_at_start']:.1f} at start"),
        ("changes stored / s", f"{r['changes_stored_per_s']:.0f}"),
        ("changes delivered / s", f"{r['changes_delivered_per_s']:.0f}"),
        ("requests / s", f"{r['requests_per_s']:.0f} ({r['requests']} in all, {r['errors']} failed)"),
        ("latency p50 / p95 / max", f"{r['p50_ms']:.1f} / {r['p95_ms']:.1f} / {r['max_ms']:.0f} ms"),
        ("relay CPU (1 process)", f"{r['relay_cpu_pct']:.0f} % of one core"),
        ("PostgreSQL CPU", f"{r['postgres_cpu_pct']:.0f} % of one core"),
        ("sealed change / PG bytes per change", f"{r['sealed_change_bytes']:.0f} B / {r['pg_bytes_per_change']:.0f} B"),
        (f"PG per studio-year ({CHANGES_PER_DAY}/day)", f"{r['pg_mib_per_studio_year']:.1f} MiB"),
    ]
    width = max(len(name) for name, _v in rows)
    for name, value in rows:
        print(f"{name:<{width}}  {value}")
