"""The engine with langchain-core chat models (no llama.cpp): pieces stream in order, one answer at a time,
stop by cancel/stop event/close, a time limit, idle unload and reload, and sentences for what cannot run."""

from __future__ import annotations

import threading
import time

import pytest

pytest.importorskip("langchain_core", reason="the assistant's extra (pip install .[ai]) is not installed")

from langchain_core.language_models import GenericFakeChatModel  # noqa: E402
from langchain_core.messages import AIMessage, HumanMessage  # noqa: E402

from app.ai.engine import AssistantEngine, EngineStatus  # noqa: E402
from app.ai.errors import (  # noqa: E402
    AnswerTimeoutError,
    AssistantBusyError,
    AssistantMissingError,
    InvalidAnswerError,
    NotEnoughMemoryError,
)
from tests.ai.support_fake_models import SlowModel  # noqa: E402

ASK = [HumanMessage(content="who is booked tomorrow?")]


def _wait_until(condition, seconds: float = 10.0) -> bool:
    end = time.monotonic() + seconds
    while time.monotonic() < end:
        if condition():
            return True
        time.sleep(0.02)
    return condition()


@pytest.fixture
def engine_for():
    made = []

    def make(**kwargs):
        made.append(AssistantEngine(**kwargs))
        return made[-1]

    yield make
    for engine in made:
        engine.close()


def test_pieces_stream_in_order_and_json_schema_reaches_the_model(engine_for):
    model = SlowModel(tokens=4)
    engine = engine_for(chat_model=model)
    assert list(engine.stream(ASK)) == ["t0 ", "t1 ", "t2 ", "t3 "]
    assert engine.status() == EngineStatus(ready=True, loaded=True, busy=False, model=None, reason="")
    engine.answer(ASK, max_tokens=7)
    schema = {"type": "object", "properties": {"query": {"enum": ["tomorrow"]}}}
    "".join(engine.stream(ASK, json_schema=schema))
    assert model.kwargs_seen[1] == {"max_tokens": 7}
    assert model.kwargs_seen[2] == {"max_tokens": 512, "json_schema": schema}


def test_a_second_question_while_one_is_answered_is_refused_with_a_sentence(engine_for):
    model = SlowModel(tokens=50, delay=0.05)
    engine = engine_for(chat_model=model)
    first = engine.stream(ASK)
    assert next(first) == "t0 " and engine.status().busy
    with pytest.raises(AssistantBusyError, match="answering another question. Wait for it to finish or stop it"):
        engine.stream(ASK)
    first.close()
    assert _wait_until(lambda: not engine.status().busy)
    assert "".join(engine.stream(ASK)).startswith("t0 t1 ")


@pytest.mark.parametrize("how", ["cancel", "stop_event", "close"])
def test_an_answer_stops_between_tokens_and_the_model_stops_writing(engine_for, how):
    model = SlowModel(tokens=200, delay=0.02)
    engine = engine_for(chat_model=model)
    stop = threading.Event()
    answer = engine.stream(ASK, stop_event=stop)
    assert next(answer) == "t0 "
    {"cancel": engine.cancel, "stop_event": stop.set, "close": answer.close}[how]()
    rest = list(answer)
    assert _wait_until(lambda: model.closed)  # the model's generator was closed: no token after the stop
    assert len(rest) < 20 and model.written < 40
    assert _wait_until(lambda: not engine.status().busy)


def test_an_answer_past_the_time_limit_stops_with_a_sentence(engine_for):
    model = SlowModel(tokens=500, delay=0.02)
    engine = engine_for(chat_model=model, answer_seconds=0.3)
    pieces = []
    with pytest.raises(AnswerTimeoutError, match="took longer than 0 seconds and was stopped"):
        for piece in engine.stream(ASK):
            pieces.append(piece)
    assert 0 < len(pieces) < 100 and _wait_until(lambda: model.closed)


def test_the_model_loads_on_first_use_on_the_worker_and_unloads_when_idle(engine_for):
    loads, threads = [], []

    def load():
        threads.append(threading.current_thread().name)
        loads.append(GenericFakeChatModel(messages=iter([AIMessage(content="one"), AIMessage(content="two")])))
        return loads[-1]

    engine = engine_for(load=load, idle_seconds=0.3)
    assert not engine.loaded and loads == []
    assert engine.answer(ASK) == "one" and len(loads) == 1 and threads[0].startswith("assistant")
    assert _wait_until(lambda: not engine.loaded)  # unloaded after 0.3 s without a question
    assert engine.answer(ASK) == "one" and len(loads) == 2  # a fresh load (each fake starts its list again)


def test_a_busy_model_is_not_unloaded_while_it_answers(engine_for):
    model = SlowModel(tokens=30, delay=0.02)
    engine = engine_for(load=lambda: model, idle_seconds=0.0)
    answer = engine.stream(ASK)
    assert next(answer) == "t0 "
    assert not engine.unload_if_idle() and engine.loaded
    assert len(list(answer)) == 29


def test_an_answer_that_is_not_the_json_asked_for_is_refused_with_a_sentence(engine_for):
    engine = engine_for(chat_model=GenericFakeChatModel(messages=iter([AIMessage(content='{"query": "tomorrow"}'),
                                                                     AIMessage(content='{"query": "tom')])))
    schema = {"type": "object"}
    assert engine.answer_json(ASK, schema) == {"query": "tomorrow"}
    with pytest.raises(InvalidAnswerError, match="could not be understood. Ask again"):
        engine.answer_json(ASK, schema)


def test_a_failure_while_loading_is_raised_where_the_answer_is_read(engine_for):
    def load():
        raise NotEnoughMemoryError("Not enough memory for the test model.")

    engine = engine_for(load=load)
    answer = engine.stream(ASK)
    with pytest.raises(NotEnoughMemoryError, match="Not enough memory"):
        next(answer)
    assert _wait_until(lambda: not engine.status().busy)


def test_without_a_model_the_engine_says_so_and_refuses_to_start(engine_for, models, monkeypatch):
    monkeypatch.setattr("app.ai.engine.ai_available", lambda: True)
    engine = engine_for(models=models)
    status = engine.status()
    assert not status.ready and status.model is None and "No assistant model is imported yet" in status.reason
    with pytest.raises(AssistantMissingError, match="An admin imports a GGUF model file on the Admin screen"):
        engine.stream(ASK)


def test_without_the_extra_the_engine_says_how_to_get_it(engine_for, models, monkeypatch):
    monkeypatch.setattr("app.ai.engine.ai_available", lambda: False)
    status = engine_for(models=models).status()
    assert not status.ready and "not installed on this stick" in status.reason and "'ai' extra" in status.reason


def test_a_stop_pressed_while_the_model_loads_computes_no_token(engine_for):
    model, loading, go_on = SlowModel(tokens=5), threading.Event(), threading.Event()

    def load():
        loading.set()
        go_on.wait(10)
        return model

    engine = engine_for(load=load)
    answer = engine.stream(ASK)
    assert loading.wait(10)
    engine.cancel()
    go_on.set()
    assert list(answer) == [] and model.kwargs_seen == [] and engine.loaded
