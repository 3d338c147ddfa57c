"""`tools/bench --rekey`: how long deactivating a user (a re-key) holds the database at a demo scale,
how long a write made meanwhile waits, and SQLCipher's in-place `PRAGMA rekey` on a copy for comparison."""

from __future__ import annotations

import shutil
import tempfile
import threading
import time
from datetime import UTC, datetime
from pathlib import Path

from app.core import crypto
from app.core import paths as stick_paths


def run(scale: float) -> dict:
    """Make a demo studio at `scale` in a temp folder, deactivate its staff user; return the figures."""
    from app.db.engine import connect_raw
    from app.db.repos.audit import AuditRepository
    from app.demo.studio import create_demo_studio
    from app.services.studio.service import StudioService
    from app.services.users import UserService

    with tempfile.TemporaryDirectory(prefix="bench-rekey-") as tmp:
        paths = stick_paths.resolve(home=Path(tmp) / "stick").ensure()
        create_demo_studio(paths, scale=scale, seed=42)
        service = StudioService(paths)
        service.unlock("staff", "demo-staff").close()  # their slot is sealed from now on
        studio = service.unlock("admin", "demo-admin")
        users = UserService(studio.db, paths)
        staff = next(u for u in users.list_users(studio.user) if u.username == "staff")
        waited: list[float] = []

        def write_meanwhile() -> None:
            time.sleep(0.5)  # the re-key has started
            start = time.perf_counter()
            with studio.db.write() as conn:
                AuditRepository().record(conn, at=datetime.now(UTC), actor_id=None, action="bench",
                                         entity="bench", entity_id=None)
            waited.append(time.perf_counter() - start)

        writer = threading.Thread(target=write_meanwhile)
        start = time.perf_counter()
        writer.start()
        done = users.deactivate(studio.user, staff.id)
        wall = time.perf_counter() - start
        writer.join()
        key = studio.db.key()
        studio.close()
        copy = Path(tmp) / "copy.db"
        shutil.copyfile(paths.db, copy)
        conn = connect_raw(copy, key)
        start = time.perf_counter()
        conn.execute(f"PRAGMA rekey = \"x'{crypto.new_db_key().hex()}'\"")
        in_place = time.perf_counter() - start
        conn.close()
        return {"scale": scale, "db_mib": paths.db.stat().st_size / 2**20, "rekey_held_s": done.report.seconds,
                "deactivate_wall_s": wall, "write_waited_s": waited[0] if waited else None,
                "pragma_rekey_in_place_s": in_place}


def print_table(result: dict) -> None:
    """Print the figures, one per line."""
    rows = [("database size", f"{result['db_mib']:.1f} MiB"),
            ("re-key: database held (export, check, swap)", f"{result['rekey_held_s']:.2f} s"),
            ("deactivate, whole call (strip backup slots too)", f"{result['deactivate_wall_s']:.2f} s"),
            ("a write made during it waited", f"{result['write_waited_s']:.2f} s"),
            ("for comparison: PRAGMA rekey in place", f"{result['pragma_rekey_in_place_s']:.2f} s")]
    width = max(len(name) for name, _ in rows)
    for name, value in rows:
        print(f"{name:<{width}}  {value:>12}")
