"""Questions about data: the model picks one fixed read-only query as JSON, the app runs it as the acting user."""

from __future__ import annotations

import json

import pytest

from app.ai.assistant.queries import CHOICE_SCHEMA, QUERY_NAMES
from app.ai.assistant.service import Ask
from app.domain.errors import ForbiddenError, NotFoundError, ValidationError
from tests.ai.support_assistant_models import prompt_text, says


def _question(astudio, actor, choice: str, question: str = "a question"):
    router = says(choice)
    messages = astudio.service(router).prompt(actor, Ask("question", question))
    return router, prompt_text(messages)


def test_the_model_is_asked_for_json_matching_the_fixed_queries(astudio):
    router, _prompt = _question(astudio, astudio.admin, '{"query": "bookings_on_day", "day": "2026-12-02"}',
                                "who is booked tomorrow?")
    (routing_messages, kwargs), = router.calls
    assert kwargs["json_schema"] == CHOICE_SCHEMA
    named = {d["properties"]["query"]["const"] for d in CHOICE_SCHEMA["$defs"].values()}
    assert named == set(QUERY_NAMES)
    assert "2026-12-01" in prompt_text(routing_messages)  # the model knows what "tomorrow" means
    assert "who is booked tomorrow?" in prompt_text(routing_messages)
    assert all(f'"query": "{name}"' in prompt_text(routing_messages) for name in QUERY_NAMES)
    assert len(prompt_text(routing_messages)) < 1500  # short enough for a small model's context


def test_bookings_of_a_day_reach_the_phrasing_prompt(astudio):
    _router, prompt = _question(astudio, astudio.admin,
                                '{"query": "bookings_on_day", "day": "2026-12-02"}', "who is booked tomorrow?")
    assert "Leo Pérez with Ink Moreno, shoulder" in prompt
    assert "Ana Gómez with Rosa Negra, wrist" in prompt
    assert "no show" not in prompt  # only that day's sessions


def test_an_artists_free_hours_leave_out_their_sessions(astudio):
    choice = {"query": "artist_free_hours", "start": "2026-12-02", "end": "2026-12-02", "hours": 3, "artist": "ink"}
    _router, prompt = _question(astudio, astudio.admin, json.dumps(choice))
    assert "Ink Moreno is free on Wednesday, December 2, 2026 from 1:00\u202fPM to 8:00\u202fPM." in prompt
    assert "from 10:00" not in prompt  # 10-11 is only one hour before the 11:00 session
    assert "Rosa Negra" not in prompt


def test_takings_by_method_are_the_registers_figures(astudio):
    choice = {"query": "takings_by_method", "start": "2026-11-30", "end": "2026-12-06", "method": "card"}
    _router, prompt = _question(astudio, astudio.admin, json.dumps(choice))
    assert "Card: €50.00" in prompt
    assert "Cash" not in prompt


def test_takings_are_refused_to_staff_as_the_reports_refuse_them(astudio):
    astudio.set(assistant_for_staff=True)
    choice = {"query": "takings_by_method", "start": "2026-11-30", "end": "2026-12-06", "method": None}
    with pytest.raises(ForbiddenError, match="Only an admin can see the studio's financial reports"):
        _question(astudio, astudio.staff, json.dumps(choice))


def test_ink_lots_expiring_in_the_range(astudio):
    choice = {"query": "ink_lots_expiring", "start": "2026-12-01", "end": "2026-12-31"}
    _router, prompt = _question(astudio, astudio.admin, json.dumps(choice))
    assert "Eternal Black, lot A1, expires on Sunday, December 20, 2026." in prompt
    assert "R9" not in prompt


def test_a_clients_history_by_name(astudio):
    _router, prompt = _question(astudio, astudio.admin, '{"query": "client_history", "client": "Leo"}')
    assert "Sessions: 3, with Ink Moreno, Rosa Negra." in prompt
    assert "No-shows: 1" in prompt and "Open balance: €50.00" in prompt and "Spent: €150.00" in prompt
    assert "latex" not in prompt  # a question never carries health: only a ticked summary does


@pytest.mark.parametrize("answer", ["not json at all", '{"query": "delete_client", "client": "Leo"}',
                                    '{"query": "bookings_on_day", "day": "tomorrow"}',
                                    '{"query": "ink_lots_expiring", "start": "2026-12-31", "end": "2026-12-01"}',
                                    '{"query": "bookings_on_day", "day": "2026-12-02", "then": "drop"}'])
def test_an_answer_outside_the_fixed_queries_gets_a_sentence(astudio, answer):
    with pytest.raises(ValidationError, match="could not match this question to one it can answer"):
        _question(astudio, astudio.admin, answer)


def test_an_unknown_client_or_artist_gets_a_sentence(astudio):
    with pytest.raises(NotFoundError, match="No client is called 'Zed'"):
        _question(astudio, astudio.admin, '{"query": "client_history", "client": "Zed"}')
    choice = {"query": "artist_free_hours", "start": "2026-12-02", "end": "2026-12-03", "hours": 2, "artist": "Bo"}
    with pytest.raises(NotFoundError, match="No artist is called 'Bo'"):
        _question(astudio, astudio.admin, json.dumps(choice))
