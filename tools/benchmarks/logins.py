"""`tools/bench --logins`: concurrent logins over a real waitress on 127.0.0.1 (logins per second, latency,
whether /api/health kept answering), and how long a wrong password takes for a known name against an
unknown one (they should match: the time must not tell which names exist)."""

from __future__ import annotations

import statistics
import tempfile
import threading
import time
from concurrent.futures import ThreadPoolExecutor
from pathlib import Path

import httpx

from app.core import paths as stick_paths

ADMIN, ADMIN_PASSWORD = "admin", "bench admin password"


def _user(i: int) -> tuple[str, str]:
    return f"artist{i}", f"artist password {i}"


def _studio(folder: Path, users: int) -> stick_paths.StickPaths:
    """A fresh studio with an admin and `users` staff accounts, closed again."""
    from app.domain.records import StudioSettings
    from app.services.studio.service import StudioService
    from app.services.users import UserService

    paths = stick_paths.resolve(home=folder / "stick").ensure()
    opened, _ = StudioService(paths).create(StudioSettings("Bench", "EUR", "Europe/Madrid"), ADMIN, ADMIN_PASSWORD)
    try:
        service = UserService(opened.db, paths)
        for i in range(users):
            name, password = _user(i)
            service.create(opened.user, username=name, display_name=name, role="staff", password=password)
    finally:
        opened.close()
    return paths


def _health(url: str, stop: threading.Event, seen: list[tuple[bool, float]]) -> None:
    with httpx.Client(timeout=10) as http:
        while not stop.is_set():
            start = time.perf_counter()
            try:
                ok = http.get(url + "/api/health").status_code == 200
            except httpx.HTTPError:
                ok = False
            seen.append((ok, (time.perf_counter() - start) * 1000))
            stop.wait(0.05)


def _login_ms(http: httpx.Client, username: str, password: str) -> tuple[int, float]:
    start = time.perf_counter()
    status = http.post("/api/auth/login", json={"username": username, "password": password}).status_code
    return status, (time.perf_counter() - start) * 1000


def run(threads: int, per_thread: int) -> dict:
    """Serve a fresh studio and log in `threads` x `per_thread` times at once; return the figures."""
    from app.api.serving import serving

    with tempfile.TemporaryDirectory(prefix="bench-logins-") as tmp, \
            serving(_studio(Path(tmp), threads), threads=max(4, threads)) as server:
        stop, health = threading.Event(), list[tuple[bool, float]]()
        watcher = threading.Thread(target=_health, args=(server.url, stop, health), daemon=True)
        try:
            with httpx.Client(base_url=server.url, timeout=60) as http:
                _login_ms(http, ADMIN, ADMIN_PASSWORD)  # the first login opens the studio
                known = [_login_ms(http, _user(i)[0], "not the password")[1] for i in range(threads)]
                unknown = [_login_ms(http, f"nobody{i}", "not the password")[1] for i in range(threads)]

                def worker(i: int) -> list[tuple[int, float]]:
                    with httpx.Client(base_url=server.url, timeout=60) as own:
                        return [_login_ms(own, *_user(i)) for _ in range(per_thread)]
                watcher.start()
                start = time.perf_counter()
                with ThreadPoolExecutor(max_workers=threads) as pool:
                    answers = [a for batch in pool.map(worker, range(threads)) for a in batch]
                wall = time.perf_counter() - start
        finally:
            stop.set()
            watcher.join(15)
    took = [ms for _, ms in answers]
    return {
        "threads": threads, "logins": len(answers), "wall_s": wall,
        "logins_per_s": len(answers) / wall,
        "ok": sum(status == 200 for status, _ in answers),
        "busy_503": sum(status == 503 for status, _ in answers),
        "login_ms_median": statistics.median(took), "login_ms_max": max(took),
        "health_checks": len(health), "health_failures": sum(not ok for ok, _ in health),
        "health_ms_max": max((ms for _, ms in health), default=0.0),
        "wrong_password_known_name_ms": statistics.median(known),
        "wrong_password_unknown_name_ms": statistics.median(unknown),
    }


def print_table(result: dict) -> None:
    """Print the figures a person reads."""
    rows = [
        (f"concurrent logins ({result['threads']} threads)", f"{result['logins']} in {result['wall_s']:.1f} s"),
        ("  logins per second", f"{result['logins_per_s']:.1f}"),
        ("  answered 200 / busy 503", f"{result['ok']} / {result['busy_503']}"),
        ("  login median / max", f"{result['login_ms_median']:.0f} / {result['login_ms_max']:.0f} ms"),
        ("/api/health during the run", f"{result['health_checks'] - result['health_failures']}"
                                       f"/{result['health_checks']} ok, max {result['health_ms_max']:.0f} ms"),
        ("wrong password, known name", f"{result['wrong_password_known_name_ms']:.0f} ms"),
        ("wrong password, unknown name", f"{result['wrong_password_unknown_name_ms']:.0f} ms"),
    ]
    width = max(len(name) for name, _ in rows)
    for name, value in rows:
        print(f"{name:<{width}}  {value:>24}")
