"""A stick that fills up while the studio is open: writes answer 503 with a sentence, nothing personal
reaches a file on the stick or the console, and every payment acknowledged before stays."""

from __future__ import annotations

from pathlib import Path

import httpx

from app.core import paths as stick_paths
from app.domain.records import StudioSettings
from app.services.studio.service import StudioService
from tests.conftest import ADMIN, ADMIN_PASSWORD, STUDIO_NAME
from tools.stick_process import App, bearer

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


def serve(root: Path) -> App:
    """`python -m app serve` on the stick; all it prints is kept for the leak check."""
    return App.source(["serve", "--home", str(root), "--port", "0"], drop=("TATTOO_", "PREFECT_"))


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
    served = serve(tiny.root)
    try:
        http = httpx.Client(base_url=served.urls("API listening", 60)[0], timeout=60)
        http.headers.update(bearer(http, ADMIN, ADMIN_PASSWORD))
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
        code = served.stop(timeout=120, strict=False)
    assert code == 0, "".join(served.stderr)
    output = "".join(served.stdout) + "".join(served.stderr)
    assert "Traceback" not in output, output
    assert not leaks(tiny.root, output)
