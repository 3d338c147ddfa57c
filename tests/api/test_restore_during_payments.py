"""A restore while the register takes payments: every acknowledged payment survives somewhere.

Three clients post payments through a real waitress server while an admin restores an older backup.
Each payment answered 201 must be in the restored database or in the `before-restore` safety backup;
each one refused must have been answered with a sentence (503 while the restore runs, 401 after it,
since a restore ends every login).
"""

from __future__ import annotations

import threading
from pathlib import Path

from app.api.serving import serving
from app.core.keyslots import KeySlots
from app.db.engine import connect_raw
from tests.conftest import ADMIN, ADMIN_PASSWORD
from tests.services.support_backup import rebuilt
from tools.stick_process import call, login

CLIENTS = 3
MAX_POSTS = 400  # per client: the loop ends by itself even if the stop signal never comes


def _payment_ids(path: Path, key: bytes) -> set[str]:
    conn = connect_raw(path, key)
    try:
        return {row[0] for row in conn.execute("SELECT id FROM payments")}
    finally:
        conn.close()


def _post_payments(base: str, token: str, stop: threading.Event, answers: list) -> None:
    for n in range(MAX_POSTS):
        if stop.is_set():
            return
        answer = call(base, "POST", "/api/payments", {"amount_minor": 100 + n, "method": "cash", "kind": "payment"},
                      token=token)
        answers.append(answer)
        if answer[0] == 503:
            stop.wait(0.005)  # as a client told "try again in a moment" would


def test_every_acknowledged_payment_is_in_the_restored_database_or_the_safety_backup(created, stick):
    stop = threading.Event()
    answers: list[list[tuple[int, dict]]] = [[] for _ in range(CLIENTS)]
    with serving(stick, threads=6) as served:
        base = served.url
        try:
            token = login(base, ADMIN, ADMIN_PASSWORD)
            status, taken = call(base, "POST", "/api/backups", token=token)
            assert status == 201, taken
            posters = [threading.Thread(target=_post_payments, args=(base, token, stop, answers[i]), daemon=True)
                       for i in range(CLIENTS)]
            for poster in posters:
                poster.start()
            while sum(len(a) for a in answers) < 30 and any(p.is_alive() for p in posters):
                stop.wait(0.01)
            status, restored = call(base, "POST", f"/api/backups/{taken['name']}/restore", token=token)
            assert status == 200, restored
            after = sum(len(a) for a in answers)
            while sum(len(a) for a in answers) < after + 15 and any(p.is_alive() for p in posters):
                stop.wait(0.01)  # a few more posts after the restore: they are refused (every login ended)
            stop.set()
            for poster in posters:
                poster.join(timeout=60)
        finally:
            stop.set()
    key = KeySlots.load(stick.keyslots).unwrap_user(ADMIN, ADMIN_PASSWORD)
    with rebuilt(stick.backups, restored["safety_backup"]) as safety:
        kept = _payment_ids(stick.db, key) | _payment_ids(safety, key)
    flat = [answer for client in answers for answer in client]
    acknowledged = [body["id"] for status, body in flat if status == 201]
    refused = [(status, body) for status, body in flat if status != 201]
    assert len(acknowledged) >= 30 and refused  # the race really ran on both sides of the restore
    assert [i for i in acknowledged if i not in kept] == []
    for status, body in refused:
        assert status in (401, 503), body
        assert body["message"].endswith(".") and " " in body["message"]
    during = [body["message"] for status, body in refused if status == 503]
    assert all(m == "A restore is running; try again in a moment." for m in during)
