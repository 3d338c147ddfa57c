"""Aftercare: a session marked done gets its sheet as a PDF, in the studio's language, with the client's name in any
script and the inks used, kept in the plugin's store and downloadable through the plugin's route."""

from __future__ import annotations

import subprocess
from datetime import date

from tests.plugins.conftest import book
from tests.plugins.support_plugins import bearer_for


def _text(pdf: bytes, tmp_path) -> str:
    path = tmp_path / "sheet.pdf"
    path.write_bytes(pdf)
    return subprocess.run(["pdftotext", str(path), "-"], capture_output=True, text=True, check=True,
                          timeout=60).stdout


def _finish(rig, session_id: str) -> None:
    for status in ("confirmed", "in_progress", "done"):
        rig.container.services.booking.set_status(rig.artist, session_id, status)


def _inked_session(rig) -> str:
    services = rig.container.services
    session_id = book(rig, quote_minor=9000, first_name="Дарья", last_name="Смирнова")
    for colour, lot in (("Lining Black", "LB-2291"), ("Crimson", "CR-0457")):
        ink = services.inks.create_lot(rig.admin, brand="Eternal", colour=colour, lot=lot, expires_on=date(2099, 1, 1))
        services.inks.record_used(rig.artist, session_id, ink.id)
    return session_id


def test_marking_a_session_done_makes_its_sheet_in_the_studios_language(rig, tmp_path):
    rig.container.services.settings.update(rig.admin, locale="es")
    session_id = _inked_session(rig)
    _finish(rig, session_id)
    rig.calls("session_status_changed", rig.artist, session_id=session_id, status="done")  # as the core does
    kept = rig.store("aftercare").get(f"sheet:{session_id}")
    assert kept is not None and not rig.host.failures()
    text = _text(rig.modules["aftercare"].sheet(rig.container.services, rig.store("aftercare"), rig.staff,
                                                session_id), tmp_path)
    assert "Дарья Смирнова" in text and "Ink Artist" in text
    for ink in ("Lining Black", "LB-2291", "Crimson", "CR-0457"):
        assert ink in text
    assert "Cliente" in text and "Tintas usadas" in text and "Marca" in text  # the studio speaks Spanish


def test_another_status_makes_no_sheet_and_the_route_says_so(rig):
    session_id = book(rig, quote_minor=9000)
    rig.container.services.booking.set_status(rig.artist, session_id, "confirmed")
    rig.calls("session_status_changed", rig.artist, session_id=session_id, status="confirmed")
    assert rig.store("aftercare").items("sheet:") == []
    client = rig.mounted_api(rig.calls("register_routes", None)).test_client()
    answer = client.get(f"/api/plugins/aftercare/sessions/{session_id}/sheet.pdf", headers=bearer_for(client, "sam"))
    assert answer.status_code == 404 and "marked done" in answer.json["message"]


def test_the_studios_own_text_is_printed_and_the_sheet_downloads(rig, tmp_path):
    client = rig.mounted_api(rig.calls("register_routes", None)).test_client()
    admin, staff = bearer_for(client, "boss"), bearer_for(client, "sam")
    own = "Keep it clean with Bepanthen.\nNo gym for 3 days."
    assert client.put("/api/plugins/aftercare/text", json={"text": own}, headers=staff).status_code == 403
    assert client.put("/api/plugins/aftercare/text", json={"text": own}, headers=admin).json == {"text": own}
    session_id = _inked_session(rig)
    _finish(rig, session_id)
    rig.calls("session_status_changed", rig.artist, session_id=session_id, status="done")
    answer = client.get(f"/api/plugins/aftercare/sessions/{session_id}/sheet.pdf", headers=staff)
    assert answer.status_code == 200 and answer.mimetype == "application/pdf"
    text = _text(answer.data, tmp_path)
    assert "Bepanthen" in text and "No gym for 3 days." in text and "Дарья Смирнова" in text


def test_the_core_fires_the_event_when_a_session_is_marked_done(rig):
    session_id = _inked_session(rig)
    _finish(rig, session_id)
    assert rig.store("aftercare").get(f"sheet:{session_id}") is not None
