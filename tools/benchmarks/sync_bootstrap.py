"""`tools/bench --sync-bootstrap`: a new device joins a demo studio (default scale 1.0) from nothing through a relay
on a throwaway PostgreSQL (the relay in its own process, as deployed), beside the app's own restore of a backup of
the same studio; then a day's delta (~300 changes made through the services: bookings, moves, payments) pushed by
one device and pulled by the other. Figures: seconds and bytes; targets: bootstrap <= 3x restore, delta <= 1 s."""

from __future__ import annotations

import tempfile
import time
from datetime import UTC, datetime, timedelta
from pathlib import Path

import psycopg

from app.core import paths as stick_paths
from tools.benchmarks.sync_relay import REPO, _start_relay
from tools.pg_cluster import throwaway_cluster

DAY_OPERATIONS = 100  # of each: bookings, moves, payments (~300 changes of the day)


def _services(db):
    from app.core.clock import Clock
    from app.services.sync.service import SyncService
    from app.sync.relay_client import RelayClient

    return SyncService(db, RelayClient, Clock())


def _day(studio) -> int:
    """A day's work through the services on `studio`; return the changes it captured."""
    from app.services.register.payments import PaymentService
    from app.services.register.service import RegisterService
    from app.services.sessions.service import BookingService

    db, admin = studio.db, studio.user
    with db.read() as conn:
        before = conn.exec_driver_sql("SELECT coalesce(max(seq), 0) FROM sync_outbox").scalar()
        clients = [r[0] for r in conn.exec_driver_sql("SELECT id FROM clients "
                                                      "ORDER BY id LIMIT ?", (DAY_OPERATIONS,))]
        artists = [r[0] for r in conn.exec_driver_sql("SELECT id FROM users WHERE is_artist = 1 AND active = 1")]
    sessions, payments = BookingService(db), PaymentService(db)
    try:
        RegisterService(db).open_day(admin, datetime.now(UTC).date(), 0)
    except Exception:  # the demo's today may be open already
        pass
    first = datetime(2031, 1, 6, 9, tzinfo=UTC)
    booked = [sessions.book(admin, client_id=clients[i % len(clients)], artist_id=artists[i % len(artists)],
                            starts_at=first + timedelta(days=i // len(artists)), duration_min=60)
              for i in range(DAY_OPERATIONS)]
    for record in booked:
        sessions.move(admin, record.id, version=record.version, starts_at=record.starts_at + timedelta(hours=3))
    for i in range(DAY_OPERATIONS):
        payments.take_payment(admin, amount_minor=5_00 + i, method="cash", kind="payment",
                              client_id=clients[i % len(clients)])
    with db.read() as conn:
        return int(conn.exec_driver_sql("SELECT max(seq) FROM sync_outbox").scalar() or 0) - int(before or 0)


def run(scale: float) -> dict:
    """Measure in temp sticks and a throwaway PostgreSQL; return the figures."""
    from app.demo.studio import create_demo_studio
    from app.domain.records import StudioSettings
    from app.services.backups.service import BackupService
    from app.services.studio.service import StudioService

    with tempfile.TemporaryDirectory(prefix="bench-sync-bootstrap-") as tmp, throwaway_cluster() as cluster:
        folder = Path(tmp)
        with psycopg.connect(cluster.url("postgres"), autocommit=True) as pg:
            pg.execute('CREATE DATABASE "bootstrap"')
        relay, url = _start_relay(REPO, cluster.url("bootstrap"), 4)
        try:
            paths_a = stick_paths.resolve(home=folder / "a").ensure()
            start = time.perf_counter()
            summary = create_demo_studio(paths_a, scale=scale, seed=42)
            demo_s = time.perf_counter() - start
            a = StudioService(paths_a).unlock("admin", "demo-admin")
            backups = BackupService(a.db, paths_a)
            record = backups.backup_now(a.user)
            start = time.perf_counter()
            backups.restore(a.user, record.name)
            restore_s = time.perf_counter() - start
            a.close()
            a = StudioService(paths_a).unlock("admin", "demo-admin")
            sync_a = _services(a.db)
            sync_a.start(a.user, url)
            start = time.perf_counter()
            first = sync_a.sync_now()  # the whole studio as messages, then the first snapshot
            first_sync_s = time.perf_counter() - start
            code = sync_a.invite(a.user)
            with psycopg.connect(cluster.url("bootstrap")) as pg:
                held = pg.execute("SELECT size FROM snapshots").fetchone()
            snapshot_bytes = int(held[0]) if held else 0

            paths_b = stick_paths.resolve(home=folder / "b").ensure()
            b, _code = StudioService(paths_b).create(StudioSettings("New device", "EUR", "Europe/Madrid"),
                                                     "admin", "bench device password")
            sync_b = _services(b.db)
            start = time.perf_counter()
            joined = sync_b.join_fresh(b.user, url, code)
            bootstrap_s = time.perf_counter() - start

            changes = _day(a)
            start = time.perf_counter()
            pushed = sync_a.sync_now()
            push_s = time.perf_counter() - start
            start = time.perf_counter()
            pulled = sync_b.sync_now()
            pull_s = time.perf_counter() - start
            same = _same(a.db, b.db)
            a.close()
            b.close()
        finally:
            relay.terminate()
            relay.wait(timeout=30)
    return {
        "scale": scale, "clients": summary.clients, "sessions": summary.sessions, "payments": summary.payments,
        "demo_s": demo_s, "db_bytes": record.size, "restore_s": restore_s,
        "first_sync_s": first_sync_s, "first_sync_messages": first.pushed,
        "snapshot_bytes": snapshot_bytes, "bootstrap_s": bootstrap_s, "bootstrap_pulled_changes": joined.applied,
        "bootstrap_vs_restore": bootstrap_s / max(restore_s, 1e-9),
        "day_changes": changes, "day_push_s": push_s, "day_pull_s": pull_s, "day_push_pull_s": push_s + pull_s,
        "day_messages": pushed.pushed, "day_applied": pulled.applied, "converged": same,
    }


def _same(a, b) -> bool:
    from app.db import capture

    def rows(db) -> dict:
        with db.read() as conn:
            return {t: conn.exec_driver_sql(f'SELECT * FROM "{t}" ORDER BY id').fetchall() for t in capture.SYNCED}
    return rows(a) == rows(b)


def print_table(r: dict) -> None:
    """Print the figures beside their targets."""
    rows = [
        (f"demo studio, scale {r['scale']}", f"{r['clients']} clients / {r['sessions']} sessions / "
                                             f"{r['payments']} payments", f"made in {r['demo_s']:.0f} s"),
        ("backup restore (the app's own)", f"{r['restore_s']:.2f} s", f"{r['db_bytes'] / 2**20:.1f} MiB backup"),
        ("first sync of the studio", f"{r['first_sync_s']:.2f} s", f"{r['first_sync_messages']} messages + snapshot"),
        ("snapshot on the relay (sealed)", f"{r['snapshot_bytes'] / 2**20:.2f} MiB", ""),
        ("bootstrap of a fresh device", f"{r['bootstrap_s']:.2f} s",
         f"{r['bootstrap_vs_restore']:.2f}x restore (target <= 3x)"),
        (f"day's delta: {r['day_changes']} changes", f"{r['day_push_pull_s']:.2f} s",
         f"push {r['day_push_s']:.2f} s + pull {r['day_pull_s']:.2f} s (target <= 1 s)"),
        ("devices identical afterwards", "yes" if r["converged"] else "NO", ""),
    ]
    width = max(len(name) for name, _v, _n in rows)
    for name, value, note in rows:
        print(f"{name:<{width}}  {value:>34}  {note}")
