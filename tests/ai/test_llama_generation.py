"""The real path with no download: the tiny random-weights GGUF imported through ModelService, loaded by the
engine into llama.cpp on its worker, answers streamed, JSON constrained by a schema, stop, time limit, idle
unload, a changed or too-big model refused. The words are random by design: the plumbing is what is checked."""

from __future__ import annotations

import threading
import time

import pytest

pytest.importorskip("llama_cpp", reason="the assistant's extra (pip install .[ai]) is not installed")

from langchain_core.messages import HumanMessage, SystemMessage  # noqa: E402

from app.ai.chat import LlamaChatModel  # noqa: E402
from app.ai.engine import AssistantEngine  # noqa: E402
from app.ai.errors import AnswerTimeoutError, InvalidAnswerError, ModelChangedError, NotEnoughMemoryError  # noqa: E402

ASK = [SystemMessage(content="You are the studio's assistant."), HumanMessage(content="who is booked tomorrow?")]
QUERIES = ["bookings_on_day", "card_takings_in_week", "expiring_ink_lots"]
SCHEMA = {"type": "object", "properties": {"query": {"type": "string", "enum": QUERIES}}, "required": ["query"],
          "additionalProperties": False}


def _wait_until(condition, seconds: float = 10.0) -> bool:
    end = time.monotonic() + seconds
    while time.monotonic() < end and not condition():
        time.sleep(0.02)
    return condition()


class StopAfter(threading.Event):
    """A stop button pressed after the engine has looked at it `times` times (once when the model is loaded,
    then once per piece)."""

    def __init__(self, times: int):
        super().__init__()
        self.left = times

    def is_set(self) -> bool:
        self.left -= 1
        return self.left < 0 or super().is_set()


@pytest.fixture
def imported(models, opened, tiny_gguf):
    return models.import_model(opened.user, tiny_gguf)


@pytest.fixture
def engine_for(models, imported):
    made = []

    def make(**kwargs):
        options = {"max_tokens": 32, "chat_options": {"seed": 7}, **kwargs}
        made.append(AssistantEngine(models, **options))
        return made[-1]

    yield make
    for engine in made:
        engine.close()


def test_a_real_generation_streams_tokens_from_llama_cpp(engine_for):
    engine = engine_for()
    assert engine.status().ready and not engine.loaded
    pieces = list(engine.stream(ASK))
    assert engine.loaded and isinstance(engine.chat_model(), LlamaChatModel)
    assert len(pieces) > 1 and all(isinstance(p, str) and p for p in pieces)  # piece by piece, not one block
    assert engine.answer(ASK) == "".join(pieces)  # same seed, same prompt: llama.cpp is deterministic


def test_a_json_schema_constrains_llama_cpps_output_to_an_answer_that_parses(engine_for):
    engine = engine_for(max_tokens=96)
    for seed in (1, 2, 3):
        engine.chat_options["seed"] = seed
        engine.unload()
        try:
            chosen = engine.answer_json(ASK, SCHEMA)
        except InvalidAnswerError as invalid:  # cut off by max_tokens: said in a sentence, never a traceback
            assert "could not be understood" in str(invalid)
            continue
        assert set(chosen) == {"query"} and chosen["query"] in QUERIES


def test_the_chat_model_honours_stop_sequences(engine_for):
    chat = engine_for(max_tokens=48).chat_model()
    full = chat.invoke(ASK, seed=11).content
    assert len(full) > 4
    stop = full[2:4]
    assert chat.invoke(ASK, seed=11, stop=[stop]).content == full[:full.index(stop)]


def test_stopping_ends_llama_cpps_generation_between_tokens(engine_for):
    engine = engine_for(max_tokens=300)
    pieces = list(engine.stream(ASK, stop_event=StopAfter(1 + 3)))
    assert len(pieces) == 3
    assert _wait_until(lambda: not engine.status().busy)
    assert list(engine.stream(ASK, max_tokens=8))  # the model answers again after a stop


def test_an_answer_past_the_time_limit_is_stopped_with_a_sentence(engine_for):
    engine = engine_for(answer_seconds=0.000001, max_tokens=300)
    with pytest.raises(AnswerTimeoutError, match="was stopped. Ask a shorter question"):
        list(engine.stream(ASK))


def test_the_model_is_unloaded_after_idle_minutes_and_loaded_again(engine_for):
    engine = engine_for(idle_seconds=0.3)
    first = engine.answer(ASK)
    assert _wait_until(lambda: not engine.loaded)
    assert engine.answer(ASK) == first and engine.loaded


def test_a_changed_model_file_is_refused_by_the_engine(engine_for, models, imported):
    path = models.folder / imported.file_name
    data = bytearray(path.read_bytes())
    data[len(data) // 2] ^= 0x01
    path.write_bytes(bytes(data))
    engine = engine_for()
    with pytest.raises(ModelChangedError, match="changed since it was imported"):
        list(engine.stream(ASK))
    assert not engine.loaded and not engine.status().busy


def test_a_changed_model_file_answers_again_once_re_imported(engine_for, models, opened, imported, tiny_gguf):
    path = models.folder / imported.file_name
    data = bytearray(path.read_bytes())
    data[-1] ^= 0xFF  # one changed byte in the last weight
    path.write_bytes(bytes(data))
    engine = engine_for()
    with pytest.raises(ModelChangedError, match="An admin imports it again"):
        list(engine.stream(ASK))
    models.import_model(opened.user, tiny_gguf)
    assert "".join(engine.stream(ASK)) and engine.loaded


def test_a_model_too_big_for_the_free_memory_is_refused_before_loading(engine_for, memory, imported):
    memory.free = imported.memory_bytes // 2
    engine = engine_for()
    with pytest.raises(NotEnoughMemoryError, match="needs about .* GB of memory"):
        engine.stream(ASK)
    status = engine.status()
    assert not engine.loaded and not status.busy and not status.ready and "GB free" in status.reason
