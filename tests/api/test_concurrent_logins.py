"""Many logins, password changes and user creations at once over a real waitress: all finish, the
server keeps answering /api/health, and every user created has a key slot."""

from __future__ import annotations

import json
import threading
import time
from concurrent.futures import ThreadPoolExecutor, wait

import httpx
import pytest

from app.api import create_app
from app.api.server import ApiServer
from app.api.serving import serving
from app.client.http import raise_for_answer
from app.container import Container
from app.core import crypto
from app.core.keyslots import FORMAT, SEALED, KeySlots, user_slot_id
from app.domain.errors import BusyError
from tests.conftest import ADMIN, ADMIN_PASSWORD

STAFF, STAFF_PASSWORD = "sam", "staff password"
BOUND_S = 60  # everything below finishes in a few seconds; a hang shows up as this bound


@pytest.fixture
def served(created, stick):
    """A real waitress on 127.0.0.1 over the fresh studio, with 8 worker threads."""
    with serving(stick, threads=8) as running:
        yield running.url, stick


def _post(url: str, path: str, body: dict, token: str | None = None) -> httpx.Response:
    headers = {"Authorization": f"Bearer {token}"} if token else {}
    return httpx.post(url + path, json=body, headers=headers, timeout=60)


def _token(url: str, username: str, password: str) -> str:
    answer = _post(url, "/api/auth/login", {"username": username, "password": password})
    assert answer.status_code == 200, answer.text
    return answer.json()["token"]


def _watch_health(url: str, stop: threading.Event, seen: list) -> None:
    while not stop.is_set():
        started = time.monotonic()
        try:
            status = httpx.get(url + "/api/health", timeout=10).status_code
        except httpx.HTTPError as exc:
            status = type(exc).__name__
        seen.append((status, time.monotonic() - started))
        stop.wait(0.05)


@pytest.mark.slow  # about 11 s on an idle 2-core machine, 30 s on a loaded one
def test_concurrent_logins_password_changes_and_user_creations_all_finish(served):
    url, stick = served
    admin = _token(url, ADMIN, ADMIN_PASSWORD)
    made = _post(url, "/api/users", {"username": STAFF, "display_name": "Sam", "role": "staff",
                                     "password": STAFF_PASSWORD}, admin)
    assert made.status_code == 201, made.text
    staff = _token(url, STAFF, STAFF_PASSWORD)

    jobs = []
    for i in range(6):
        jobs.append(("login", lambda: _post(url, "/api/auth/login", {"username": ADMIN, "password": ADMIN_PASSWORD})))
        jobs.append(("login", lambda: _post(url, "/api/auth/login", {"username": "nobody", "password": "x" * 10})))
        jobs.append(("password", lambda: _post(url, "/api/auth/password", {
            "current_password": "not the password", "new_password": "another password"}, staff)))
        jobs.append(("create", lambda i=i: _post(url, "/api/users", {
            "username": f"artist{i}", "display_name": f"Artist {i}", "role": "staff",
            "password": f"artist password {i}"}, admin)))
    stop, health = threading.Event(), []
    watcher = threading.Thread(target=_watch_health, args=(url, stop, health), daemon=True)
    watcher.start()
    started = time.monotonic()
    pool = ThreadPoolExecutor(max_workers=6)  # fewer than the server's 8 threads: health has room
    futures = {pool.submit(job): kind for kind, job in jobs}
    finished, pending = wait(futures, timeout=BOUND_S)
    pool.shutdown(wait=False, cancel_futures=True)  # a hang fails here, not in a join
    elapsed = time.monotonic() - started
    stop.set()
    watcher.join(15)
    assert not pending and elapsed < BOUND_S

    # On a loaded computer a request may wait past the bound and be told "busy" (503): never a hang.
    answers = [(futures[f], f.result()) for f in finished]
    assert {a.status_code for k, a in answers if k == "login"} <= {200, 401, 429, 503}
    assert {a.status_code for k, a in answers if k == "password"} <= {401, 429, 503}  # never a change
    assert {a.status_code for k, a in answers if k == "create"} <= {201, 503}
    assert any(a.status_code == 200 for k, a in answers if k == "login")
    created = {a.json()["username"] for k, a in answers if k == "create" and a.status_code == 201}
    assert created, answers
    assert health and all(status == 200 for status, _ in health), health[:20]
    assert max(took for _, took in health) < 10

    slots = KeySlots.load(stick.keyslots)
    users = httpx.get(url + "/api/users", headers={"Authorization": f"Bearer {admin}"}, timeout=30).json()
    assert {u["username"] for u in users} == {ADMIN, STAFF} | created  # a busy create left no user
    for user in users:
        assert user_slot_id(user["username"]) in slots, user["username"]
    for name in created:  # every created user logs in with their own password
        assert _post(url, "/api/auth/login", {"username": name,
                                               "password": f"artist password {name[-1]}"}).status_code == 200
    assert _post(url, "/api/auth/login", {"username": ADMIN, "password": ADMIN_PASSWORD}).status_code == 200
    doc = json.loads(stick.keyslots.read_text())  # every slot written meanwhile is sealed to the live key
    assert doc["format"] == FORMAT and all(slot["kind"] == SEALED for slot in doc["slots"].values())


def test_a_busy_derivation_answers_503_with_a_sentence_and_retry_after(client, monkeypatch):
    def busy(secret, salt, params):
        raise BusyError(crypto.BUSY, retry_after=2.0)
    monkeypatch.setattr(crypto, "derive_key", busy)
    answer = client.post("/api/auth/login", json={"username": ADMIN, "password": ADMIN_PASSWORD})
    assert answer.status_code == 503 and answer.headers["Retry-After"] == "2"
    assert answer.json == {"error": "busy", "message": "The computer is busy checking another password; try again.",
                           "fields": []}
    with pytest.raises(BusyError, match="busy checking another password"):
        raise_for_answer(httpx.Response(503, json=answer.json, headers={"Retry-After": "2"}))


def test_the_server_and_studio_close_during_a_burst_of_logins(created, stick):
    container = Container(stick)
    server = ApiServer(create_app(container), threads=8).start()
    token = _token(server.url, ADMIN, ADMIN_PASSWORD)
    pool = ThreadPoolExecutor(max_workers=12)
    for i in range(24):  # logins beside password changes: two derivations at once hung here for good
        if i % 2:
            pool.submit(_post, server.url, "/api/auth/login", {"username": ADMIN, "password": ADMIN_PASSWORD})
        else:
            pool.submit(_post, server.url, "/api/auth/password", {
                "current_password": "not the password", "new_password": "another password"}, token)
    time.sleep(1.0)  # logins are being checked now; this is what a SIGTERM handler then does
    closing = threading.Thread(target=lambda: (server.stop(), container.close()), daemon=True)
    started = time.monotonic()
    closing.start()
    closing.join(60)
    pool.shutdown(wait=False, cancel_futures=True)
    assert not closing.is_alive() and time.monotonic() - started < 60
