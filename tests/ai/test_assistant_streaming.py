"""Answers stream piece by piece, stop when asked (or when the reader goes away), one at a time per user."""

from __future__ import annotations

import time

import pytest

from app.ai.assistant.service import Ask
from app.ai.errors import AssistantMissingError
from app.domain.errors import BusyError
from tests.ai.support_assistant_models import streams

REPLY = Ask("reply", "Do you have time on Friday?")


def test_the_answer_arrives_in_pieces(astudio):
    pieces = list(astudio.service(streams("Thanks for writing, Friday works")).answer(astudio.admin, REPLY))
    assert len(pieces) > 3 and "".join(pieces) == "Thanks for writing, Friday works"


def test_stop_ends_the_answer_and_frees_the_user(astudio):
    service = astudio.service(streams("one two three four five six", "again"))
    answer = service.answer(astudio.admin, REPLY)
    assert next(answer) == "one"
    assert service.stop(astudio.admin) is True
    assert list(answer) == []  # nothing more after the stop
    assert service.stop(astudio.admin) is False  # nothing left to stop
    assert "".join(service.answer(astudio.admin, REPLY)) == "again"


def test_one_answer_at_a_time_per_user_and_closing_frees_it(astudio):
    service = astudio.service(streams("one two three", "second"))
    answer = service.answer(astudio.admin, REPLY)
    next(answer)
    with pytest.raises(BusyError, match="still writing your last answer"):
        service.answer(astudio.admin, REPLY)
    answer.close()  # the reader went away (a closed browser tab)
    assert "".join(service.answer(astudio.admin, REPLY)) == "second"


def test_a_refused_request_does_not_leave_the_user_busy(astudio):
    service = astudio.service(streams("fine"))
    with pytest.raises(Exception, match="Type what you want"):
        service.answer(astudio.admin, Ask("reply", "   "))
    assert "".join(service.answer(astudio.admin, REPLY)) == "fine"


def test_without_a_model_the_assistant_says_so(astudio):
    service = astudio.service()  # the engine of a stick with no model imported (or without the extra)
    status = service.status(astudio.admin)
    assert status.available is False and "assistant" in status.reason
    with pytest.raises(AssistantMissingError, match=status.reason):
        service.answer(astudio.admin, REPLY)


def test_a_model_failing_mid_answer_becomes_a_sentence(astudio, caplog):
    from langchain_core.language_models.fake_chat_models import FakeListChatModel

    from app.ai.assistant.generation import ModelFailedError

    service = astudio.service(FakeListChatModel(responses=["abcdefgh"], error_on_chunk_number=3))
    pieces = service.answer(astudio.admin, REPLY)
    with pytest.raises(ModelFailedError, match="could not write this answer. Try a shorter request"):
        list(pieces)
    assert "FakeListChatModelError" in caplog.text and REPLY.text not in caplog.text
    assert service.stop(astudio.admin) is False  # the user is free to ask again


def test_an_answer_closed_before_its_first_piece_frees_the_user_and_the_engine(astudio):
    service = astudio.service(streams("never read", "read"))
    service.answer(astudio.admin, REPLY).close()  # the reader went away before the first piece
    assert service.stop(astudio.admin) is False  # the user is free at once
    deadline = time.monotonic() + 10
    while service.status(astudio.admin).busy and time.monotonic() < deadline:  # the engine's worker notices
        time.sleep(0.02)
    assert "".join(service.answer(astudio.admin, REPLY)) == "read"
