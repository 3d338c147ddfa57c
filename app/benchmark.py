"""API benchmark: each interactive call over HTTP beside the raw SQL it rests on, encrypted and plain.

Like app/container.py this module sees every layer: it serves the API and reads the file directly."""

from __future__ import annotations

import statistics
import tempfile
import time
from datetime import datetime, timedelta
from pathlib import Path

import httpx

from app.core import crypto
from app.core import paths as stick_paths
from app.db import bench_queries as raw_sql

OPERATIONS = ("http floor", "client search", "client detail", "week calendar", "day register", "payment insert",
              "session move", "login/unlock")


def _times(fn, rounds: int) -> list[float]:
    out = []
    for i in range(rounds):
        start = time.perf_counter()
        fn(i)
        out.append((time.perf_counter() - start) * 1000)
    return out


def _pct(values: list[float], q: float) -> float:
    ordered = sorted(values)
    return ordered[min(len(ordered) - 1, int(q * len(ordered)))]


def run_on(paths: stick_paths.StickPaths, username: str, password: str, rounds: int, workdir: Path) -> dict:
    """Serve the studio at `paths`, log in, and time every operation over HTTP and as raw SQL."""
    from app.api.serving import serving
    from app.db.engine import connect_raw

    with serving(paths) as served, httpx.Client(base_url=served.url, timeout=30) as http:
        login = {"username": username, "password": password}
        token = http.post("/api/auth/login", json=login).raise_for_status().json()["token"]
        http.headers["Authorization"] = f"Bearer {token}"
        key = served.container.studio_key()
        enc = connect_raw(paths.db, key)
        plain = raw_sql.plain_copy(enc, workdir / "plain-copy.db")
        try:
            sample = raw_sql.Sample.pick(enc)
            rows = _measure(http, enc, plain, sample, paths, key, login, rounds)
        finally:
            enc.close()
            plain.close()
            (workdir / "plain-copy.db").unlink(missing_ok=True)  # plaintext: never left behind
    return {"rounds": rounds, "operations": rows}


def run_demo(scale: float, rounds: int) -> dict:
    """Build a demo studio at `scale` in a temp folder and benchmark it."""
    from app.demo.studio import create_demo_studio

    with tempfile.TemporaryDirectory(prefix="bench-api-") as tmp:
        paths = stick_paths.resolve(home=Path(tmp) / "stick").ensure()
        create_demo_studio(paths, scale=scale, seed=42)
        return {"scale": scale, **run_on(paths, "admin", "demo-admin", rounds, Path(tmp))}


def _measure(http, enc, plain, sample, paths, key, login: dict, rounds: int) -> list[dict]:
    from app.db.engine import connect_raw

    week_from = sample.week_start.isoformat()
    week_to = (sample.week_start + timedelta(days=7)).isoformat()
    far = datetime(2031, 1, 7, 9, 0, tzinfo=sample.week_start.tzinfo)
    versions = {"v": sample.session_version}

    def move(i: int) -> None:
        answer = http.post(f"/api/sessions/{sample.session_id}/move",
                           json={"version": versions["v"], "starts_at": (far + timedelta(days=i)).isoformat()})
        answer.raise_for_status()
        versions["v"] = answer.json()["version"]

    def ok(response: httpx.Response) -> None:
        response.raise_for_status()

    api = {
        "client search": lambda i: ok(http.get("/api/clients",
                                               params={"q": sample.prefixes[i % len(sample.prefixes)]})),
        "client detail": lambda i: ok(http.get(f"/api/clients/{sample.client_ids[i % len(sample.client_ids)]}")),
        "week calendar": lambda i: ok(http.get("/api/sessions", params={"from": week_from, "to": week_to})),
        "day register": lambda i: ok(http.get(f"/api/register/{sample.day.isoformat()}")),
        "payment insert": lambda i: ok(http.post("/api/payments", json={
            "amount_minor": 1000 + i, "method": "card", "kind": "payment"})),
        "session move": move,
        "login/unlock": lambda i: ok(http.post("/api/auth/login", json=login)),
        "http floor": lambda i: ok(http.get("/api/auth/me")),  # token check + one cached lookup: the fixed cost
    }
    rows = []
    for name in OPERATIONS:
        n = max(5, rounds // 10) if name == "login/unlock" else rounds
        api_ms = _times(api[name], n)
        if name == "login/unlock":
            raw_fn = lambda i: (crypto.derive_key(login["password"], b"s" * 16, crypto.KdfParams()),  # noqa: E731
                                connect_raw(paths.db, key).close())
            enc_ms, plain_ms = _times(raw_fn, n), None
        else:
            query = raw_sql.QUERIES[name]
            enc_ms = _times(lambda i, q=query: q(enc, sample, i), n)
            plain_ms = _times(lambda i, q=query: q(plain, sample, i), n)
        rows.append({
            "operation": name, "n": n,
            "api_p50": _pct(api_ms, .5), "api_p95": _pct(api_ms, .95), "api_p99": _pct(api_ms, .99),
            "raw_p50": statistics.median(enc_ms),
            "plain_p50": statistics.median(plain_ms) if plain_ms else None,
        })
    return rows


def print_table(result: dict) -> None:
    """Print one line per operation: API percentiles, raw SQL medians and the two ratios."""
    head = f"{'operation':<15} {'api p50':>8} {'p95':>8} {'p99':>8} {'raw p50':>8} {'api/raw':>8} " \
           f"{'plain p50':>9} {'enc/plain':>9}"
    where = f"a demo studio at scale {result['scale']}" if "scale" in result else "this studio"
    print(f"API benchmark on {where} (ms; {result['rounds']} calls each)")
    print(head)
    for r in result["operations"]:
        plain = f"{r['plain_p50']:9.2f}" if r["plain_p50"] is not None else f"{'-':>9}"
        ratio = f"{r['raw_p50'] / r['plain_p50']:9.2f}" if r["plain_p50"] else f"{'-':>9}"
        print(f"{r['operation']:<15} {r['api_p50']:8.2f} {r['api_p95']:8.2f} {r['api_p99']:8.2f} "
              f"{r['raw_p50']:8.2f} {r['api_p50'] / r['raw_p50']:8.2f} {plain} {ratio}")
