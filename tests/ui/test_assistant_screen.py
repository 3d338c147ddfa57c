"""The Assistant screen under the UI harness, over a real API whose engine runs a fake chat model: shown only
where the assistant can answer for this role, the answer streams into the screen, Stop ends it."""

from __future__ import annotations

import threading
import time

import pytest
from langchain_core.language_models.fake_chat_models import FakeListChatModel

from app.ai.engine import AssistantEngine
from app.api.serving import serving
from app.client import StudioClient
from app.client.models import SettingsIn, UserCreateIn
from tests.conftest import ADMIN, ADMIN_PASSWORD, STAFF, STAFF_PASSWORD
from tests.ui.support_shell import log_in, make_shell

DRAFT = "Keep it clean and moisturised. " * 3
LONG = "word " * 400
BOUND_S = 30


class _Engine:
    """serving's `beside` hook: the container's engine runs `model` (set before the first login wires it)."""

    def __init__(self, model):
        self.model = model

    def __call__(self, container):
        container.engine = AssistantEngine(chat_model=self.model)
        return self

    def stop(self) -> None:
        pass


def _serve(stick, model):
    return serving(stick, beside=_Engine(model))


def _shown_labels(ui) -> list[str]:
    return [getattr(c, "label", None) for c in ui.shown()]


def _labels(shell) -> list[str]:
    return [d.label for d in shell.rail.destinations]


@pytest.fixture
def staff_made(created, stick):
    """Add a staff account (before the API under test starts)."""
    with serving(stick) as served:
        admin = StudioClient(served.url)
        admin.login(ADMIN, ADMIN_PASSWORD)
        admin.create_user(UserCreateIn(username=STAFF, display_name="Sam Staff", role="staff",
                                       password=STAFF_PASSWORD))
        admin.close()


def test_the_screen_is_hidden_without_a_model(ui, admin_ui):
    assert "Assistant" not in _labels(admin_ui) and "Admin" in _labels(admin_ui)


def test_staff_see_it_only_when_an_admin_allows_it(ui, stick, staff_made):
    with _serve(stick, FakeListChatModel(responses=[DRAFT])) as served:
        shell = make_shell(ui, served.url)
        log_in(ui, STAFF, STAFF_PASSWORD)
        assert "Assistant" not in _labels(shell)
        shell.log_out()
        admin = StudioClient(served.url)
        admin.login(ADMIN, ADMIN_PASSWORD)
        admin.update_settings(SettingsIn(assistant_for_staff=True))
        admin.close()
        log_in(ui, STAFF, STAFF_PASSWORD)
        assert "Assistant" in _labels(shell)
        shell.navigate("assistant")
        ui.pick("Task", "summary")
        assert "Include health" not in _shown_labels(ui)  # staff have no right to health until an admin gives it
        shell.client.close()


def test_an_aftercare_draft_streams_into_the_screen(ui, created, stick):
    with _serve(stick, FakeListChatModel(responses=[DRAFT])) as served:
        shell = make_shell(ui, served.url)
        log_in(ui, ADMIN, ADMIN_PASSWORD)
        assert _labels(shell)[-2:] == ["Assistant", "Admin"]
        shell.navigate("assistant")
        ui.click("Ask")
        assert ui.has_text("Type what you want the assistant to do first.")
        ui.type("Describe the tattoo and the client", "fresh forearm piece, client with eczema")
        ui.click("Ask")
        assert ui.has_text(DRAFT.strip()) and ui.has_text("Done. This is a draft")
        ui.pick("Task", "summary")
        assert "Include health" in _shown_labels(ui)  # an admin may include health
        ui.pick("Task", "translate")
        assert "Language code (e.g. de)" in _shown_labels(ui)
        shell.client.close()


def test_stop_ends_the_answer_on_the_screen(ui, created, stick):
    with _serve(stick, FakeListChatModel(responses=[LONG], sleep=0.01)) as served:
        shell = make_shell(ui, served.url)
        log_in(ui, ADMIN, ADMIN_PASSWORD)
        shell.navigate("assistant")
        view, readers = shell.view, []
        shell._background = lambda _page, work: readers.append(threading.Thread(target=work)) or readers[-1].start()
        ui.type("Describe the tattoo and the client", "fresh forearm")
        ui.click("Ask")
        deadline = time.monotonic() + BOUND_S
        while not view.answer.value and time.monotonic() < deadline:  # the first words arrive
            time.sleep(0.05)
        assert view.answer.value and view.ask_button.disabled and not view.stop_button.disabled
        ui.click("Stop")
        readers[0].join(BOUND_S)
        assert not readers[0].is_alive()
        assert view.state.value == "Stopped." and 0 < len(view.answer.value) < len(LONG)
        assert not view.ask_button.disabled and view.stop_button.disabled
        shell.client.close()
