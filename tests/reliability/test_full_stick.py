"""A stick that fills up while the studio is open: writes answer 503 with a sentence, nothing personal
reaches a file on the stick or the console, and every payment acknowledged before stays."""

from __future__ import annotations

import os
import re
import signal
import subprocess
import sys
import threading
from pathlib import Path

import httpx

from app.core import paths as stick_paths
from app.domain.records import StudioSettings
from app.services.studio import StudioService
from tests.conftest import ADMIN, ADMIN_PASSWORD, REPO, STUDIO_NAME

URL = re.compile(r"http://127\.0\.0\.1:\d+")
# Unique strings that would only appear outside the encrypted database through a leak
ALLERGY, CONDITION, MEDICATION = "Qx7-LATEX-ALLERGY-Zorblat", "Qx7-HAEMOPHILIA-Vindrel", "Qx7-WARFARIN-Plimsoll"
NAME, ADDRESS, NOTE = "Qx7Hortensia", "Qx7 Marzipan Lane 17", "Qx7-PAID-IN-OLD-COINS"
MARKERS = (ALLERGY, CONDITION, MEDICATION, NAME, ADDRESS, NOTE)


def create_studio(root: Path) -> None:
    """A fresh studio on the tiny stick, made in this process (quicker than `init`)."""
    paths = stick_paths.resolve(home=root).ensure()
    opened, _ = StudioService(paths).create(StudioSettings(STUDIO_NAME, "EUR", "Europe/Madrid"),
                                            ADMIN, ADMIN_PASSWORD)
    opened.close()


class Served:
    """`python -m app serve` on the stick; both pipes drained in threads, kept for the leak check."""

    def __init__(self, root: Path):
        env = {k: v for k, v in os.environ.items() if not k.startswith(("TATTOO_", "PREFECT_"))}
        self.proc = subprocess.Popen([sys.executable, "-m", "app", "serve", "--home", str(root), "--port", "0"],
                                     stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True, cwd=REPO,
                                     env={**env, "PYTHONPATH": str(REPO)})
        self.out: list[str] = []
        self.err: list[str] = []
        self._ready = threading.Event()
        self._readers = [threading.Thread(target=self._drain, args=(self.proc.stdout, self.out), daemon=True),
                         threading.Thread(target=self._drain, args=(self.proc.stderr, self.err), daemon=True)]
        for reader in self._readers:
            reader.start()

    def _drain(self, pipe, into: list[str]) -> None:
        for line in pipe:
            into.append(line)
            if URL.search(line):
                self._ready.set()
        self._ready.set()

    def url(self) -> str:
        self._ready.wait(60)
        found = URL.search("".join(self.out))
        assert found, "".join(self.err)
        return found.group(0)

    def stop(self) -> int:
        if self.proc.poll() is None:
            self.proc.send_signal(signal.SIGTERM)
        try:
            code = self.proc.wait(timeout=120)
        except subprocess.TimeoutExpired:
            self.proc.kill()
            code = self.proc.wait(timeout=10)
        for reader in self._readers:
            reader.join(timeout=10)
        return code


def leaks(root: Path, *texts: str) -> list[str]:
    """Every file under the stick, and each captured text, that holds one of the markers."""
    found = []
    for path in sorted(p for p in root.rglob("*") if p.is_file()):
        data = path.read_bytes()
        found += [f"{path}: {m}" for m in MARKERS if m.encode() in data or m.encode("utf-16-le") in data]
    for i, text in enumerate(texts):
        found += [f"output {i}: {m}" for m in MARKERS if m in text]
    return found


def test_a_full_stick_refuses_writes_in_words_leaks_nothing_and_keeps_what_was_acknowledged(tiny):
    create_studio(tiny.root)
    served = Served(tiny.root)
    try:
        http = httpx.Client(base_url=served.url(), timeout=60)
        token = http.post("/api/auth/login", json={"username": ADMIN, "password": ADMIN_PASSWORD}).json()["token"]
        http.headers["Authorization"] = f"Bearer {token}"
        client = http.post("/api/clients", json={"first_name": "Ana", "last_name": "Before"})
        assert client.status_code == 201, client.text
        client_id = client.json()["id"]
        acknowledged = http.post("/api/payments", json={"amount_minor": 4200, "method": "cash", "kind": "payment",
                                                        "client_id": client_id})
        assert acknowledged.status_code == 201, acknowledged.text

        tiny.fill()
        refused = [
            http.put(f"/api/clients/{client_id}/medical", json={
                "allergies": f"{ALLERGY} " * 60, "conditions": f"{CONDITION} " * 60,
                "medications": f"{MEDICATION} " * 60}),
            http.post("/api/clients", json={"first_name": NAME, "last_name": NAME, "address": ADDRESS}),
            http.post("/api/payments", json={"amount_minor": 999, "method": "card", "kind": "payment",
                                             "client_id": client_id, "note": f"{NOTE} " * 20}),
            http.post("/api/backups"),
        ]
        for answer in refused:
            assert answer.status_code == 503, answer.text
            assert answer.json()["error"] == "stick_full"
            assert answer.json()["message"].startswith("The stick is full: free space"), answer.text
            assert not leaks(tiny.root, answer.text)

        assert http.get(f"/api/clients/{client_id}").status_code == 200  # reading goes on while full
        tiny.free()
        again = http.post("/api/payments", json={"amount_minor": 100, "method": "cash", "kind": "payment",
                                                 "client_id": client_id})
        assert again.status_code == 201, again.text  # space freed: the same running app writes again
        kept = {p["id"] for p in http.get("/api/payments", params={"client_id": client_id}).json()}
        assert {acknowledged.json()["id"], again.json()["id"]} <= kept
        http.close()
    finally:
        code = served.stop()
    assert code == 0, "".join(served.err)
    output = "".join(served.out) + "".join(served.err)
    assert "Traceback" not in output, output
    assert not leaks(tiny.root, output)
