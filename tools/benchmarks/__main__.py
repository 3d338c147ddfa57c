"""`tools/bench`: the foundation benchmark (unlock, commits, demo, DB size); with --api, the API one;
with --rekey, a re-key at --scale; with --backup, the backups one beside the floor; with --startup, the
frozen bundle's size, startup times and memory against the source run; with --logins, concurrent logins per
second over a served studio; with --sync, the sync relay under 50 studios x 3 devices on a throwaway PostgreSQL;
with --sync-bootstrap, a fresh device joining a --scale studio from the relay's snapshot beside a restore, and a
day's delta;
with --assistant [--model FILE.gguf], the assistant's engine beside llama.cpp called directly."""

from __future__ import annotations

import argparse
import json
import statistics
import tempfile
import time
from pathlib import Path

from app.core import crypto
from app.core import paths as stick_paths

REPO = Path(__file__).resolve().parents[2]


def _median_ms(fn, rounds: int) -> float:
    times = []
    for _ in range(rounds):
        start = time.perf_counter()
        fn()
        times.append((time.perf_counter() - start) * 1000)
    return statistics.median(times)


def _commit_ms(db, rounds: int) -> float:
    from app.core.clock import Clock
    from app.db.repos.audit import AuditRepository

    audit, clock = AuditRepository(), Clock()

    def one() -> None:
        with db.write() as conn:
            audit.record(conn, at=clock.now(), actor_id=None, action="bench", entity="bench", entity_id=None)
    return _median_ms(one, rounds)


def _plain_commit_ms(folder: Path, rounds: int) -> float:
    import sqlite3

    conn = sqlite3.connect(folder / "plain.db", isolation_level=None)
    conn.execute("PRAGMA journal_mode=DELETE")
    conn.execute("PRAGMA synchronous=FULL")
    conn.execute("CREATE TABLE t (x TEXT)")

    def one() -> None:
        conn.execute("BEGIN IMMEDIATE")
        conn.execute("INSERT INTO t VALUES ('bench')")
        conn.execute("COMMIT")
    try:
        return _median_ms(one, rounds)
    finally:
        conn.close()


def foundation(scale: float, rounds: int) -> dict:
    """Measure the foundation's figures in a temp stick; return them as a dict."""
    from app.db.engine import connect_raw
    from app.demo.studio import create_demo_studio
    from app.services.studio.service import StudioService

    with tempfile.TemporaryDirectory(prefix="bench-") as tmp:
        folder = Path(tmp)
        paths = stick_paths.resolve(home=folder / "stick").ensure()
        start = time.perf_counter()
        summary = create_demo_studio(paths, scale=scale, seed=42)
        demo_s = time.perf_counter() - start
        service = StudioService(paths)
        studio = service.unlock("admin", "demo-admin")
        key = bytes.fromhex(studio.db.key_hex())
        commit = _commit_ms(studio.db, rounds * 4)
        studio.close()
        return {
            "scale": scale,
            "unlock_ms": _median_ms(lambda: service.unlock("admin", "demo-admin").close(), rounds),
            "kdf_ms": _median_ms(lambda: crypto.derive_key("x", b"0" * 16, crypto.KdfParams()), rounds),
            "raw_key_open_ms": _median_ms(lambda: connect_raw(paths.db, key).close(), rounds),
            "commit_ms": commit,
            "plain_sqlite_commit_ms": _plain_commit_ms(folder, rounds * 4),
            "demo_s": demo_s,
            "db_mib": paths.db.stat().st_size / 2**20,
            "clients": summary.clients, "sessions": summary.sessions, "payments": summary.payments,
        }


def _print_table(result: dict) -> None:
    rows = [
        ("unlock (KDF + open + checks)", f"{result['unlock_ms']:.0f} ms"),
        ("  of which Argon2id", f"{result['kdf_ms']:.0f} ms"),
        ("  raw-key SQLCipher open", f"{result['raw_key_open_ms']:.1f} ms"),
        ("one-row commit, SQLCipher", f"{result['commit_ms']:.2f} ms"),
        ("one-row commit, plain SQLite", f"{result['plain_sqlite_commit_ms']:.2f} ms"),
        ("  ratio", f"{result['commit_ms'] / max(result['plain_sqlite_commit_ms'], 1e-9):.2f}x"),
        (f"demo generation at scale {result['scale']}", f"{result['demo_s']:.1f} s"),
        ("database size", f"{result['db_mib']:.1f} MiB"),
        ("rows: clients / sessions / payments", f"{result['clients']} / {result['sessions']} / {result['payments']}"),
    ]
    width = max(len(name) for name, _ in rows)
    for name, value in rows:
        print(f"{name:<{width}}  {value:>20}")


def main() -> None:
    """Parse flags, run, print the table and write the JSON."""
    parser = argparse.ArgumentParser(prog="tools/bench", description=__doc__)
    parser.add_argument("--scale", type=float, default=1.0, help="demo scale to generate (default 1.0)")
    parser.add_argument("--rounds", type=int, default=5, help="repetitions per timing (median); --api: calls")
    parser.add_argument("--api", action="store_true", help="time API calls against their raw SQL instead")
    parser.add_argument("--startup", action="store_true",
                        help="the window: seconds to the login form painted (warm, cold), bytes and files read before "
                             "it, a USB stick estimate, RSS by process, Prefect's server alone: source and bundle")
    parser.add_argument("--baseline", type=Path,
                        help="--startup: another checkout (its source and bundle/) measured in the same run")
    parser.add_argument("--rekey", action="store_true",
                        help="time deactivating a user (a re-key of the database) at --scale, and a write during it")
    parser.add_argument("--logins", action="store_true",
                        help="concurrent logins per second over a served studio (--threads x --rounds logins)")
    parser.add_argument("--threads", type=int, default=8, help="--logins: threads logging in at once")
    parser.add_argument("--backup", action="store_true",
                        help="backups beside the floor (copy + SHA-256): time, payment wait, verify, restore, "
                             "mirror, exit, bytes for 30 points")
    parser.add_argument("--sync", action="store_true",
                        help="the sync relay: --studios x --devices pushing and pulling for --seconds on PostgreSQL")
    parser.add_argument("--sync-bootstrap", action="store_true",
                        help="a fresh device joins a --scale studio through the relay's snapshot, beside a backup "
                             "restore; then a day's delta (~300 changes) pushed and pulled")
    parser.add_argument("--seconds", type=float, default=60.0, help="--sync: how long the load runs (default 60)")
    parser.add_argument("--studios", type=int, default=50, help="--sync: studios (default 50)")
    parser.add_argument("--devices", type=int, default=3, help="--sync: devices per studio (default 3)")
    parser.add_argument("--interval", type=float, default=6.0,
                        help="--sync: seconds between one device's syncs (push + pull; default 6: 10x the product)")
    parser.add_argument("--changes", type=int, default=5, help="--sync: changes in the message each sync pushes")
    parser.add_argument("--relay-processes", default="1,2",
                        help="--sync: relay process counts to run the load with, comma-separated (default 1,2)")
    parser.add_argument("--relay-source", type=Path,
                        help="--sync: also run the load against the relay of this checkout (e.g. a git archive of "
                             "an older commit), for a before/after pair from one run")
    parser.add_argument("--assistant", action="store_true",
                        help="the assistant: load, first token, tokens/s through the app beside llama.cpp direct, "
                             "RSS loaded and after unload (needs the ai extra)")
    parser.add_argument("--model", type=Path,
                        help="--assistant: a GGUF model file to measure (default: a tiny random-weights one)")
    parser.add_argument("--tokens", type=int, default=128, help="--assistant: tokens per answer at most")
    parser.add_argument("--out", type=Path, help="JSON file (default data/bench/<name>.json)")
    args = parser.parse_args()
    name = ("api" if args.api else "startup" if args.startup else "rekey" if args.rekey
            else "logins" if args.logins else "backup" if args.backup else "sync" if args.sync
            else "sync_bootstrap" if args.sync_bootstrap
            else "assistant" if args.assistant else "foundation")
    if args.sync_bootstrap:
        from tools.benchmarks import sync_bootstrap

        result = sync_bootstrap.run(args.scale)
        sync_bootstrap.print_table(result)
    elif args.sync:
        from tools.benchmarks import sync_relay

        result = sync_relay.run(args.seconds, args.studios, args.devices, args.changes, max(0.05, args.interval),
                                processes=tuple(int(n) for n in args.relay_processes.split(",")),
                                relay_source=args.relay_source)
        sync_relay.print_table(result)
    elif args.assistant:
        from tools.benchmarks import assistant

        result = assistant.run(max(1, args.rounds), args.model, max(2, args.tokens))
        assistant.print_table(result)
    elif args.rekey:
        from tools.benchmarks import rekey

        result = rekey.run(args.scale)
        rekey.print_table(result)
    elif args.logins:
        from tools.benchmarks import logins

        result = logins.run(max(1, args.threads), max(1, args.rounds))
        logins.print_table(result)
    elif args.backup:
        from tools.benchmarks import backup

        result = backup.run(args.scale, min(args.rounds, 3))
        backup.print_table(result)
    elif args.startup:
        from tools.benchmarks import startup

        result = startup.run(min(args.rounds, 5), args.baseline)
        startup.print_table(result)
    elif args.api:
        from app import benchmark

        result = benchmark.run_demo(args.scale, max(args.rounds, 20))
        benchmark.print_table(result)
    else:
        result = foundation(args.scale, args.rounds)
        _print_table(result)
    args.out = args.out or REPO / "data" / "bench" / f"{name}.json"
    args.out.parent.mkdir(parents=True, exist_ok=True)
    args.out.write_text(json.dumps(result, indent=2))
    print(f"written to {args.out}")


if __name__ == "__main__":
    main()
