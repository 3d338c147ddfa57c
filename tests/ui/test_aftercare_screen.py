"""The "Aftercare" screen the aftercare plugin adds (register_screens): it offers today's finished sessions and
fetches the chosen one's sheet from the plugin's route."""

from __future__ import annotations

import flet as ft
import pytest

from app.api.server import ApiServer
from tests.conftest import STAFF, STAFF_PASSWORD
from tests.plugins.conftest import book, rig  # noqa: F401  (the plugin rig fixture)
from tests.ui.support_shell import log_in, make_shell


@pytest.fixture
def served(ui, rig):  # noqa: F811
    """A staff member's shell over the API with the plugins' routes."""
    server = ApiServer(rig.mounted_api(rig.calls("register_routes", None))).start()
    shell = make_shell(ui, server.url)
    log_in(ui, STAFF, STAFF_PASSWORD)
    yield shell
    shell.client.close()
    server.stop()


def test_the_screen_offers_todays_finished_sessions_and_saves_a_sheet(ui, rig, served, tmp_path, monkeypatch):  # noqa: F811
    waiting = book(rig, quote_minor=5000, first_name="Not", last_name="Done")
    finished = book(rig, quote_minor=5000, first_name="Дарья", last_name="Смирнова")
    for status in ("confirmed", "in_progress", "done"):
        rig.container.services.booking.set_status(rig.artist, finished, status)
    rig.calls("session_status_changed", rig.artist, session_id=finished, status="done")
    [(_name, [screen])] = [pair for pair in rig.calls("register_screens", rig.staff) if pair[0] == "aftercare"]
    assert (screen.key, screen.label, screen.roles) == ("aftercare", "Aftercare", ("admin", "staff"))
    served.body.content = served.act(screen.build(served).build)
    served.page.update()
    session = ui.field("Today's session")
    assert [o.key for o in session.options] == [finished] and waiting not in [o.key for o in session.options]
    assert session.options[0].text.endswith(" Дарья Смирнова (Ink Artist)")
    ui.click("Save aftercare sheet")
    assert ui.has_text("Choose the session whose sheet you want.")
    target, asked = tmp_path / "sheet.pdf", []

    async def choose(_picker, **options):
        asked.append(options["file_name"])
        return str(target)

    monkeypatch.setattr(ft.FilePicker, "save_file", choose)
    ui.pick("Today's session", finished)
    ui.click("Save aftercare sheet")
    assert asked == [f"aftercare-{finished}.pdf"] and target.read_bytes().startswith(b"%PDF")
    assert ui.has_text(f"Saved aftercare-{finished}.pdf to {target}.")
