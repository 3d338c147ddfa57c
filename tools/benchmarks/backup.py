"""`tools/bench --backup`: backups at demo scale beside the floor (copy the file + SHA-256 once), all in one run:
backup time, the longest wait of a payment taken during a backup, verify, restore, incremental mirror, the
exit backup, the bytes 30 points take in the chunk store with ~200 writes between each, and what a full
check at backup time (the snapshot written out, every page's HMAC and quick_check) would add to each point."""

from __future__ import annotations

import hashlib
import shutil
import statistics
import tempfile
import threading
import time
from pathlib import Path

from app.core import paths as stick_paths

TARGETS = {"backup_vs_floor": 3.0, "payment_wait_ms": 300.0, "points30_vs_db": 1.5, "exit_backup_s": 3.0}


def _floor_s(db: Path, folder: Path) -> float:
    start = time.perf_counter()
    shutil.copyfile(db, folder / "floor.db")
    digest = hashlib.sha256()
    with open(folder / "floor.db", "rb") as fh:
        while chunk := fh.read(1 << 20):
            digest.update(chunk)
    took = time.perf_counter() - start
    (folder / "floor.db").unlink()
    return took


class _Till:
    """Takes payments one after another in a thread and keeps how long each took."""

    def __init__(self, payments, actor):
        self.payments, self.actor = payments, actor
        self.waits: list[tuple[float, float]] = []  # (start, seconds)
        self._stop = threading.Event()
        self._thread = threading.Thread(target=self._run, daemon=True)

    def _run(self) -> None:
        while not self._stop.is_set():
            start = time.perf_counter()
            self.payments.take_payment(self.actor, amount_minor=1_00, method="cash", kind="payment")
            self.waits.append((start, time.perf_counter() - start))
            time.sleep(0.01)

    def __enter__(self):
        self._thread.start()
        return self

    def __exit__(self, *exc):
        self._stop.set()
        self._thread.join()


def _pay(payments, actor, n: int) -> None:
    for _ in range(n):
        payments.take_payment(actor, amount_minor=1_00, method="cash", kind="payment")


def run(scale: float, rounds: int, points: int = 30, writes: int = 200) -> dict:
    """Generate a demo studio at `scale` in a temp stick and measure its backups; return the figures."""
    from app.core.clock import Clock
    from app.db.snapshot import check_copy, snapshot_bytes
    from app.demo.studio import create_demo_studio
    from app.services.backups.service import BackupService
    from app.services.backups.space import used_bytes
    from app.services.register.payments import PaymentService
    from app.services.register.service import RegisterService
    from app.services.studio.service import StudioService

    with tempfile.TemporaryDirectory(prefix="bench-backup-") as tmp:
        folder = Path(tmp)
        paths = stick_paths.resolve(home=folder / "stick").ensure()
        create_demo_studio(paths, scale=scale, seed=42)
        studio = StudioService(paths).unlock("admin", "demo-admin")
        try:
            clock, admin = Clock(), studio.user
            payments, backups = PaymentService(studio.db, clock), BackupService(studio.db, paths, clock)
            try:
                RegisterService(studio.db, clock).open_day(admin, clock.now().date(), 0)
            except Exception:  # the demo's today may be open already
                pass
            db_size = paths.db.stat().st_size
            floor = statistics.median(_floor_s(paths.db, folder) for _ in range(rounds))
            times: list[float] = []
            waits: list[float] = []  # the first point stores every page; the next ones only what changed
            for _ in range(rounds + 1):
                if times:
                    _pay(payments, admin, writes)
                with _Till(payments, admin) as till:
                    time.sleep(0.2)
                    start = time.perf_counter()
                    record = backups.backup_now(admin)
                    end = time.perf_counter()
                    time.sleep(0.2)
                times.append(end - start)
                waits.append(max([0.0, *(w for s, w in till.waits if s < end and s + w > start)]))
                normal = statistics.median(w for s, w in till.waits if s + w <= start or s >= end)
            first_s, first_wait = times.pop(0), waits.pop(0)
            worst = max(waits)
            start = time.perf_counter()
            bad = [r for r in backups.verify(admin, record.name) if r.state != "verified"]
            verify_s = time.perf_counter() - start
            _pay(payments, admin, 1)
            start = time.perf_counter()
            exit_point = None if backups.up_to_date(admin) else backups.backup_now(admin)
            exit_s = time.perf_counter() - start
            start = time.perf_counter()
            skipped = backups.up_to_date(admin)
            skip_s = time.perf_counter() - start
            drive = folder / "mirror-drive"
            drive.mkdir()
            backups.init_mirror(admin, drive)
            backups.mirror(admin)
            _pay(payments, admin, writes)
            backups.backup_now(admin)
            start = time.perf_counter()
            mirrored = backups.mirror(admin)
            mirror_s = time.perf_counter() - start
            start = time.perf_counter()
            backups.restore(admin, record.name)
            restore_s = time.perf_counter() - start
            start = time.perf_counter()
            snapshot = snapshot_bytes(studio.db)
            (folder / "checked.db").write_bytes(snapshot)
            full_check_bad = len(check_copy(folder / "checked.db", bytes.fromhex(studio.db.key_hex())))
            full_check_s = time.perf_counter() - start
            (folder / "checked.db").unlink()
            del snapshot
            shutil.rmtree(paths.backups)
            shutil.rmtree(drive / "TattooStudioBackups")
            backups.init_mirror(admin, drive)
            adds = []
            for _ in range(points):
                _pay(payments, admin, writes)
                start = time.perf_counter()
                backups.backup_now(admin)
                adds.append(time.perf_counter() - start)
            points_bytes = used_bytes(paths.backups)
            start = time.perf_counter()
            first_mirror = backups.mirror(admin)
            first_mirror_s = time.perf_counter() - start
        finally:
            studio.close()
    backup_s = statistics.median(times)
    return {"scale": scale, "db_bytes": db_size, "floor_s": floor, "backup_s": backup_s, "first_point_s": first_s,
            "first_point_wait_ms": first_wait * 1000, "backup_times_s": times,
            "payment_waits_ms": [w * 1000 for w in waits],
            "backup_vs_floor": backup_s / floor, "payment_wait_ms": worst * 1000,
            "payment_normal_ms": normal * 1000, "verify_s": verify_s, "verify_bad": len(bad),
            "restore_s": restore_s, "mirror_incremental_s": mirror_s, "mirror_copied": len(mirrored.copied),
            "exit_backup_s": exit_s, "exit_backup_taken": exit_point is not None, "exit_skip_check_s": skip_s,
            "exit_skipped_when_unchanged": skipped, "points": points, "writes_between": writes,
            "points_bytes": points_bytes, "points30_vs_db": points_bytes / db_size,
            "points_first_s": adds[0], "points_next_s": statistics.median(adds[1:]),
            "points_mirror_s": first_mirror_s, "points_mirror_copied": len(first_mirror.copied),
            "full_check_s": full_check_s, "full_check_bad": full_check_bad, "targets": TARGETS}


def print_table(r: dict) -> None:
    """The figures beside their targets."""
    mb = 1_000_000
    rows = [
        ("database size", f"{r['db_bytes'] / mb:.1f} MB", ""),
        ("floor: copy + SHA-256", f"{r['floor_s']:.2f} s", ""),
        ("first point on a stick (every page new)", f"{r['first_point_s']:.2f} s",
         f"payment wait {r['first_point_wait_ms']:.0f} ms"),
        ("backup (median, 200 writes since the last)", f"{r['backup_s']:.2f} s",
         f"{r['backup_vs_floor']:.1f}x floor (target <= 3x)"),
        ("longest payment wait during those backups", f"{r['payment_wait_ms']:.0f} ms",
         f"normal {r['payment_normal_ms']:.0f} ms (target <= 300 ms)"),
        ("verify one point", f"{r['verify_s']:.2f} s", f"{r['verify_bad']} bad"),
        ("restore", f"{r['restore_s']:.2f} s", ""),
        ("incremental mirror", f"{r['mirror_incremental_s']:.2f} s", f"{r['mirror_copied']} point(s) copied"),
        ("exit backup after a write", f"{r['exit_backup_s']:.2f} s", "target <= 3 s"),
        ("exit with nothing written", f"{r['exit_skip_check_s'] * 1000:.1f} ms",
         "skipped" if r["exit_skipped_when_unchanged"] else "NOT skipped"),
        (f"{r['points']} points, {r['writes_between']} writes between", f"{r['points_bytes'] / mb:.0f} MB",
         f"{r['points30_vs_db']:.1f}x the database (target <= 1.5x)"),
        ("  first point / each next point (median)", f"{r['points_first_s']:.2f} s", f"{r['points_next_s']:.2f} s"),
        ("  mirror of all 30 to an empty drive", f"{r['points_mirror_s']:.2f} s",
         f"{r['points_mirror_copied']} point(s) copied"),
        ("full check at backup time (not done: see store.py)", f"{r['full_check_s']:.2f} s",
         f"{r['full_check_bad']} problems; snapshot written, HMACs + quick_check"),
    ]
    width = max(len(name) for name, _, _ in rows)
    for name, value, note in rows:
        print(f"{name:<{width}}  {value:>12}  {note}")
