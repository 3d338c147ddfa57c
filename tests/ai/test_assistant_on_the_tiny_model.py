"""The assistant's service on the real path: the tiny random-weights GGUF imported and pinned, llama.cpp choosing
a query under the fixed queries' JSON schema, the answer streamed and stopped. The words are random by design:
what is checked is that every outcome is an answer or a sentence, never a crash."""

from __future__ import annotations

import pytest

pytest.importorskip("llama_cpp", reason="the assistant's extra (pip install .[ai]) is not installed")

from app.ai.assistant.service import Ask, AssistantService  # noqa: E402
from app.ai.engine import AssistantEngine  # noqa: E402
from app.ai.models import ModelService  # noqa: E402
from app.domain.errors import DomainError, NotFoundError, ValidationError  # noqa: E402
from tools.tiny_gguf import write_tiny_llama  # noqa: E402


@pytest.fixture(scope="module")
def roomy_gguf(tmp_path_factory):
    """The tiny model with a 4096-token context (its vocabulary makes about a token a character)."""
    return write_tiny_llama(tmp_path_factory.mktemp("usb") / "tiny-llama-4k.gguf", context=4096)


@pytest.fixture
def real(astudio, roomy_gguf):
    """The assistant over the app's engine on the imported tiny model."""
    models = ModelService(astudio.db, astudio.paths, astudio.clock)
    models.import_model(astudio.admin, roomy_gguf)
    engine = AssistantEngine(models, max_tokens=96, chat_options={"seed": 3})
    yield AssistantService(astudio.reads, engine, astudio.clock)
    engine.close()


def test_a_question_goes_through_the_schema_to_a_query_or_a_sentence(astudio, real):
    outcomes = []
    for seed in (1, 2, 3):
        real.engine.chat_options["seed"] = seed
        try:
            outcomes.append("".join(real.answer(astudio.admin, Ask("question", "who is booked tomorrow?"))))
        except (ValidationError, NotFoundError) as sentence:  # the random model's JSON was cut short or named no one
            assert str(sentence).endswith(".")
            outcomes.append(sentence)
    assert len(outcomes) == 3 and not real.status(astudio.admin).busy


def test_a_draft_streams_from_llama_cpp_and_stops(astudio, real):
    pieces = real.answer(astudio.admin, Ask("reply", "Can I come on Friday?"))
    first = next(pieces)
    assert isinstance(first, str) and first
    assert real.stop(astudio.admin) is True
    rest = list(pieces)
    assert len(rest) <= 1  # at most the piece already on its way when Stop was pressed
    again = "".join(real.answer(astudio.admin, Ask("translate", "Keep it clean.", language="es")))
    assert isinstance(again, str)


def test_every_task_is_an_answer_or_a_sentence(astudio, real):
    for ask in (Ask("aftercare", "fresh forearm, eczema"), Ask("summary", "Leo", include_health=True)):
        try:
            assert isinstance("".join(real.answer(astudio.admin, ask)), str)
        except DomainError as sentence:  # e.g. the answer ran past the engine's time limit
            assert str(sentence)
