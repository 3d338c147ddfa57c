"""/api/assistant over the app's engine with a fake chat model: status, a streamed answer, refusals as JSON
sentences, and (on a real waitress) stop by the stop route or by going away, through the typed client."""

from __future__ import annotations

import time

import pytest
from langchain_core.language_models.fake_chat_models import FakeListChatModel

from app.ai.engine import AssistantEngine
from app.api import create_app
from app.api.serving import serving
from app.client import StudioClient
from app.client.models import AskIn
from app.container import Container
from tests.conftest import ADMIN, ADMIN_PASSWORD, STAFF, STAFF_PASSWORD
from tools.stick_process import bearer

LONG = "The aftercare draft goes on for a while. " * 20
REPLY = {"task": "reply", "text": "Can I come on Friday?"}
BOUND_S = 30


def _container(stick, model) -> Container:
    container = Container(stick)
    container.engine = AssistantEngine(chat_model=model)  # the engine the first login wires in
    return container


@pytest.fixture
def assistant_api(created, stick):
    """(test client, admin headers, staff headers) over an engine whose model answers 'Friday works.'."""
    container = _container(stick, FakeListChatModel(responses=["Friday works."]))
    client = create_app(container).test_client()
    admin = bearer(client, ADMIN, ADMIN_PASSWORD)
    made = client.post("/api/users", headers=admin, json={"username": STAFF, "display_name": "Sam", "role": "staff",
                                                           "password": STAFF_PASSWORD})
    assert made.status_code == 201
    yield client, admin, bearer(client, STAFF, STAFF_PASSWORD)
    container.close()


def test_status_says_available_and_who_may_use_it(assistant_api):
    client, admin, staff = assistant_api
    assert client.get("/api/assistant", headers=admin).json == {
        "available": True, "allowed": True, "health_allowed": True, "busy": False, "reason": ""}
    assert client.get("/api/assistant", headers=staff).json["allowed"] is False


def test_the_answer_streams_back_as_text(assistant_api):
    client, admin, _staff = assistant_api
    answer = client.post("/api/assistant/answers", headers=admin, json=REPLY, buffered=False)
    assert answer.status_code == 200 and answer.mimetype == "text/plain"
    pieces = [piece for piece in answer.response if piece]
    assert len(pieces) > 1 and b"".join(pieces).decode() == "Friday works."


def test_refusals_come_before_the_answer_as_sentences(assistant_api):
    client, admin, staff = assistant_api
    refused = client.post("/api/assistant/answers", headers=staff, json=REPLY)
    assert refused.status_code == 403 and "Ask an admin to allow it" in refused.json["message"]
    assert client.patch("/api/settings", headers=admin, json={"assistant_for_staff": True}).status_code == 200
    health = client.post("/api/assistant/answers", headers=staff,
                         json={"task": "summary", "text": "Leo", "include_health": True})
    assert health.status_code == 403 and "may not include health information" in health.json["message"]
    bad = client.post("/api/assistant/answers", headers=admin, json={"task": "delete", "text": "x"})
    assert bad.status_code == 422


def test_without_a_model_the_route_says_what_to_do(created, stick):
    container = Container(stick)  # the real engine: no model imported on this stick
    try:
        client = create_app(container).test_client()
        admin = bearer(client, ADMIN, ADMIN_PASSWORD)
        status = client.get("/api/assistant", headers=admin).json
        assert status["available"] is False and status["reason"]
        refused = client.post("/api/assistant/answers", headers=admin, json=REPLY)
        assert refused.status_code == 404 and refused.json["message"] == status["reason"]
    finally:
        container.close()


@pytest.fixture
def served_assistant(created, stick):
    """A real waitress whose engine's model writes LONG slowly; yields two logged-in admin clients."""
    model = FakeListChatModel(responses=[LONG], sleep=0.01)
    with serving(stick, threads=4, beside=lambda c: _Engine(c, model)) as running:
        reader, stopper = StudioClient(running.url), StudioClient(running.url)
        reader.login(ADMIN, ADMIN_PASSWORD)
        stopper.login(ADMIN, ADMIN_PASSWORD)
        yield reader, stopper
        reader.close()
        stopper.close()


class _Engine:
    """Puts the fake model's engine into the container before the first login (serving's `beside` hook)."""

    def __init__(self, container: Container, model):
        container.engine = AssistantEngine(chat_model=model)

    def stop(self) -> None:
        pass


def test_pieces_arrive_while_written_and_the_stop_route_ends_the_answer(served_assistant):
    reader, stopper = served_assistant
    pieces = reader.assistant.ask(AskIn(task="aftercare", text="fresh forearm"))
    first = next(pieces)  # arrives long before the whole answer is written (about 8 s at this pace)
    assert first and LONG.startswith(first)
    assert stopper.assistant.stop() is True
    rest = "".join(pieces)
    assert len(first + rest) < len(LONG)  # stopped part-way
    assert stopper.assistant.stop() is False


def test_going_away_stops_the_answer(served_assistant):
    reader, stopper = served_assistant
    pieces = reader.assistant.ask(AskIn(task="aftercare", text="fresh forearm"))
    next(pieces)
    pieces.close()  # the reader goes away: the connection closes
    deadline = time.monotonic() + BOUND_S
    while stopper.assistant.status().busy and time.monotonic() < deadline:  # the server has not noticed yet
        time.sleep(0.2)
    assert time.monotonic() < deadline - BOUND_S + 5, "the answer went on after its reader left"
    again = "".join(stopper.assistant.ask(AskIn(task="aftercare", text="healed?")))
    assert again == LONG  # the engine is free again (the fake model answers the same text)


def test_an_artist_makes_and_reads_only_their_own_briefing(assistant_api):
    client, admin, staff = assistant_api
    assert client.get("/api/assistant/briefing", headers=admin).json["exists"] is False
    refused = client.post("/api/assistant/briefing", headers=staff)  # the desk account is no artist
    assert refused.status_code == 409 and "Only artists get a briefing" in refused.json["message"]
    made = client.post("/api/users", headers=admin, json={"username": "ink", "display_name": "Ink", "role": "staff",
                                                           "password": "artist password", "is_artist": True})
    assert made.status_code == 201
    artist = bearer(client, "ink", "artist password")
    briefing = client.post("/api/assistant/briefing", headers=artist).json
    assert briefing["exists"] is True and briefing["text"] == "Friday works."  # the fake model phrased it
    assert client.get("/api/assistant/briefing", headers=artist).json == briefing
    assert client.get("/api/assistant/briefing", headers=staff).json["exists"] is False
