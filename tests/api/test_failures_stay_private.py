"""Whatever fails under a request, the answer is a sentence and no client data reaches the log or the
console: a real studio behind a real waitress on 127.0.0.1, with the database made to fail for real."""

from __future__ import annotations

import logging

import httpx
import pytest
from sqlalchemy import event

from app.api.serving import serving
from app.client.http import ApiSession
from app.core import log
from app.domain.errors import StickFullError
from tests.conftest import ADMIN, ADMIN_PASSWORD
from tools.stick_process import bearer

ALLERGY, CONDITION, NOTE = "Zq9-PEANUT-ANAPHYLAXIS-Mirvel", "Zq9-EPILEPSY-Quandor", "Zq9-CASH-UNDER-MATTRESS"
MEDICATION, SKIN = "Zq9-ISOTRETINOIN-Brell", "Zq9-KELOID-SCARS-Ondrak"
MARKERS = (ALLERGY, CONDITION, NOTE, MEDICATION, SKIN)


@pytest.fixture
def served(created, stick):
    """(httpx client logged in as the admin, the studio's Database, app.log path) over a real waitress."""
    log.configure(stick.logs)
    try:
        with serving(stick) as served, httpx.Client(base_url=served.url, timeout=60) as http:
            http.headers.update(bearer(http, ADMIN, ADMIN_PASSWORD))
            yield http, served.container.services.clients.db, stick.logs / "app.log"
    finally:
        root = logging.getLogger()
        for handler in [h for h in root.handlers if getattr(h, "baseFilename", "").startswith(str(stick.root))]:
            root.removeHandler(handler)
            handler.close()


def _new_client(http) -> str:
    made = http.post("/api/clients", json={"first_name": "Ines", "last_name": "Private"})
    assert made.status_code == 201, made.text
    return made.json()["id"]


def _medical_body() -> dict:
    return {"allergies": f"{ALLERGY} " * 60, "conditions": f"{CONDITION} " * 60,
            "medications": f"{MEDICATION} " * 60, "skin_notes": f"{SKIN} " * 60}  # 6 KiB: more than a page


def _medical(http, client_id: str):
    return http.put(f"/api/clients/{client_id}/medical", json=_medical_body())


def _everything_written(stick, capfd) -> str:
    out, err = capfd.readouterr()
    files = "".join(p.read_text("utf-8", errors="replace") for p in stick.data.rglob("*")
                    if p.is_file() and p.suffix != ".db")
    return files + out + err


def test_a_failing_insert_answers_500_in_words_and_logs_no_value(served, stick, capfd):
    http, db, app_log = served
    client_id = _new_client(http)
    with db.write() as conn:  # a real SQLite error on the next insert, raised inside the driver
        conn.exec_driver_sql("CREATE TRIGGER refuse_medical BEFORE INSERT ON medical_profiles "
                             "BEGIN SELECT RAISE(ABORT, 'refused by the test'); END")
    answer = _medical(http, client_id)
    assert answer.status_code == 500, answer.text
    assert answer.json()["error"] == "internal"
    assert answer.json()["message"].startswith("Something went wrong on the studio's side and nothing was saved")
    logged = app_log.read_text("utf-8")
    assert "IntegrityError" in logged and "Traceback (most recent call last)" in logged  # where, and what kind
    assert 'File "' in logged and "message hidden" in logged
    seen = _everything_written(stick, capfd) + answer.text
    assert [m for m in MARKERS if m in seen] == []


def test_a_full_database_answers_503_keeps_what_was_acknowledged_and_writes_again_once_freed(served, stick, capfd):
    http, db, _ = served
    client_id = _new_client(http)
    paid = http.post("/api/payments", json={"amount_minor": 5000, "method": "cash", "kind": "payment",
                                            "client_id": client_id})
    assert paid.status_code == 201, paid.text

    def no_room(dbapi_connection, _record):  # SQLite's own SQLITE_FULL once the file would grow
        pages = dbapi_connection.execute("PRAGMA page_count").fetchone()[0]
        dbapi_connection.execute(f"PRAGMA max_page_count = {pages}")

    with db.raw() as raw:
        raw.execute("VACUUM")  # no free pages left inside the file: a row that needs a page must grow it
    event.listen(db.engine, "connect", no_room)
    db.engine.dispose()
    try:
        full = [_medical(http, client_id),
                http.post("/api/clients", json={"first_name": "Nora", "last_name": "Later",
                                                "notes": f"{NOTE} " * 200})]  # payments: tests/reliability
        typed = ApiSession(str(http.base_url).rstrip("/"))  # what the UI uses: the same sentence, as a domain error
        typed.token = http.headers["Authorization"].removeprefix("Bearer ")
        with pytest.raises(StickFullError, match="^The stick is full: free space"):
            typed.call("PUT", f"/api/clients/{client_id}/medical", json=_medical_body())
        typed.close()
    finally:
        event.remove(db.engine, "connect", no_room)
        db.engine.dispose()
    for answer in full:
        assert answer.status_code == 503, answer.text
        assert answer.json()["error"] == "stick_full"
        assert answer.json()["message"].startswith("The stick is full: free space")
    again = _medical(http, client_id)
    assert again.status_code == 200, again.text
    kept = {p["id"] for p in http.get("/api/payments", params={"client_id": client_id}).json()}
    assert paid.json()["id"] in kept
    seen = _everything_written(stick, capfd)
    assert [m for m in MARKERS if m in seen] == []
