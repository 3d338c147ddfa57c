"""`tools/bench --sync`, the relay part: S studios x D devices sync concurrently through the relay on PostgreSQL for
--seconds (default 60), once with one relay process and once with two (the relay is stateless; devices are split
between the processes). Each device syncs every --interval seconds (default 6: ten times the product's one sync a
minute), and each sync pushes one sealed message of --changes changes and pulls what the others sent. The messages
are sealed before the timed window (see sync_load), so the figures are the relay's: changes stored and delivered per
second, request latency (p50/p95/max, pushes and pulls together and apart), the relay processes' and PostgreSQL's
CPU, and PostgreSQL bytes per studio-year at ~300 changes a day (the issue's day's delta) before any snapshot
compacts them. --relay-source DIR runs the same load against the relay of another checkout too (`git archive` of an
older commit), so a before/after pair comes from one run on one machine state."""

from __future__ import annotations

import math
import os
import signal
import statistics
import subprocess
import sys
from pathlib import Path

import psycopg

from tools.benchmarks import sync_load
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


def _start_relay(source: Path, database: str, threads: int) -> tuple[subprocess.Popen, str]:
    env = {**{k: v for k, v in os.environ.items() if not k.startswith("TATTOO_")}, "PYTHONPATH": str(source)}
    relay = subprocess.Popen([sys.executable, "-m", "app", "relay", "--database", database, "--port", "0",
                              "--threads", str(threads), "--per-minute", "1000000"],
                             stdout=subprocess.PIPE, stderr=subprocess.DEVNULL, text=True, env=env, cwd=source)
    line = relay.stdout.readline() if relay.stdout else ""
    if not line.startswith("Relay listening on "):
        relay.kill()
        raise RuntimeError("the relay did not start")
    return relay, line.split()[-1]


def run(seconds: float = 60.0, studios: int = 50, devices: int = 3, changes: int = 5, interval: float = 6.0,
        threads: int = 16, processes: tuple[int, ...] = (1, 2), relay_source: Path | None = None) -> dict:
    """Run the load for each relay source and process count on one throwaway cluster; return every row's figures."""
    sources = [("this checkout", REPO)] + ([(f"{relay_source}", relay_source)] if relay_source else [])
    rows = []
    with throwaway_cluster() as cluster:
        runs = [(label, source, count) for count in processes for label, source in sources]  # before/after side by side
        for n, (label, source, count) in enumerate(runs):
            rows.append({"relay": label, **_one(cluster, f"bench{n}", source, count, seconds, studios, devices,
                                                changes, interval, threads)})
    return {"rows": rows}


def _one(cluster: Cluster, name: str, source: Path, count: int, seconds: float, studios: int, devices: int,
         changes: int, interval: float, threads: int) -> dict:
    with psycopg.connect(cluster.url("postgres"), autocommit=True) as db:
        db.execute(f'CREATE DATABASE "{name}"')
    relays = [_start_relay(source, cluster.url(name), threads) for _p in range(count)]
    try:
        fleet = sync_load.fleet([url for _r, url in relays], studios, devices,
                                math.ceil(seconds / interval) + 1, changes)
        load = os.getloadavg()[0]
        pids = [relay.pid for relay, _url in relays]
        relay_cpu0, pg_cpu0 = _cpu_s(pids), _cpu_s(cluster.server_pids())
        wall = sync_load.drive(fleet, seconds, interval)
        relay_cpu, pg_cpu = _cpu_s(pids) - relay_cpu0, _cpu_s(cluster.server_pids()) - pg_cpu0
    finally:
        for relay, _url in relays:
            relay.send_signal(signal.SIGTERM)
            relay.wait(timeout=30)
    with psycopg.connect(cluster.url(name), autocommit=True) as db:
        db.execute("VACUUM ANALYZE messages")
        stored, size, body = db.execute("SELECT count(*), pg_total_relation_size('messages'), avg(size) "
                                        "FROM messages").fetchall()[0]
    per_message = size / max(stored, 1)
    return {
        "seconds": round(wall, 1), "studios": studios, "devices_per_studio": devices, "changes_per_sync": changes,
        "interval_s": interval, "relay_processes": count, "relay_threads": threads, "cpus": os.cpu_count(),
        "load_avg_1m_at_start": load,
        "changes_stored_per_s": sum(d.stored for d in fleet) * changes / wall,
        "changes_delivered_per_s": sum(d.delivered for d in fleet) * changes / wall,
        **_latency([took for d in fleet for _kind, took in d.latencies], wall, ""),
        **_latency([took for d in fleet for kind, took in d.latencies if kind == "push"], wall, "push_"),
        **_latency([took for d in fleet for kind, took in d.latencies if kind == "pull"], wall, "pull_"),
        "errors": sum(d.errors for d in fleet),
        "relay_cpu_pct": 100 * relay_cpu / wall, "postgres_cpu_pct": 100 * pg_cpu / wall,
        "messages": stored, "sealed_message_bytes": float(body or 0), "pg_bytes_per_message": per_message,
        "pg_mib_per_studio_year": per_message / changes * CHANGES_PER_DAY * 365 / 2**20,
    }


def _latency(took: list[float], wall: float, prefix: str) -> dict:
    took = sorted(took)
    return {f"{prefix}requests": len(took), f"{prefix}requests_per_s": len(took) / wall,
            f"{prefix}p50_ms": statistics.median(took) * 1000 if took else 0.0,
            f"{prefix}p95_ms": took[int(len(took) * 0.95)] * 1000 if took else 0.0,
            f"{prefix}max_ms": took[-1] * 1000 if took else 0.0}


def print_table(result: dict) -> None:
    """Print the figures, one column per relay run."""
    runs = result["rows"]
    first = runs[0]
    print(f"{first['studios']} studios x {first['devices_per_studio']} devices, each syncing every "
          f"{first['interval_s']:g} s ({60 / first['interval_s']:g}x the product's once a minute): push one sealed "
          f"message of {first['changes_per_sync']} changes, then pull; {first['cpus']} CPUs shared by the clients, "
          f"the relay and PostgreSQL")
    lines = [
        ("relay", lambda r: f"{r['relay']} x{r['relay_processes']}"),
        ("seconds / load at start", lambda r: f"{r['seconds']} s / {r['load_avg_1m_at_start']:.1f}"),
        ("changes stored / s", lambda r: f"{r['changes_stored_per_s']:.0f}"),
        ("changes delivered / s", lambda r: f"{r['changes_delivered_per_s']:.0f}"),
        ("requests / s (failed)", lambda r: f"{r['requests_per_s']:.0f} ({r['errors']})"),
        ("latency p50 / p95 / max", lambda r: f"{r['p50_ms']:.1f} / {r['p95_ms']:.1f} / {r['max_ms']:.0f} ms"),
        ("  push p50 / p95", lambda r: f"{r['push_p50_ms']:.1f} / {r['push_p95_ms']:.1f} ms"),
        ("  pull p50 / p95", lambda r: f"{r['pull_p50_ms']:.1f} / {r['pull_p95_ms']:.1f} ms"),
        ("relay CPU (all processes)", lambda r: f"{r['relay_cpu_pct']:.0f} % of one core"),
        ("PostgreSQL CPU", lambda r: f"{r['postgres_cpu_pct']:.0f} % of one core"),
        ("sealed message / PG bytes", lambda r: f"{r['sealed_message_bytes']:.0f} B / "
                                                f"{r['pg_bytes_per_message']:.0f} B"),
        (f"PG per studio-year ({CHANGES_PER_DAY} changes/day)", lambda r: f"{r['pg_mib_per_studio_year']:.1f} MiB"),
    ]
    width = max(len(name) for name, _f in lines)
    cells = [[show(r) for r in runs] for _n, show in lines]
    col = max(len(c) for row in cells for c in row)
    for (name, _f), row in zip(lines, cells, strict=True):
        print(f"{name:<{width}}  " + "  ".join(f"{c:>{col}}" for c in row))
