"""From the assistant's prompt turns to the engine: langchain-core messages, built only when a model is called
(langchain-core is part of the optional extra), and a whole answer for the query choice."""

from __future__ import annotations

import logging
import threading
import time
from collections.abc import Iterator
from typing import TYPE_CHECKING, Any

from app.ai.assistant.prompts import Turn
from app.ai.engine import AssistantEngine
from app.ai.errors import AssistantBusyError
from app.core.i18n import _
from app.domain.errors import DomainError

if TYPE_CHECKING:
    from langchain_core.messages import BaseMessage

FREE_WAIT_SECONDS = 2.0  # how long a request waits for the engine to finish freeing itself
log = logging.getLogger(__name__)


class ModelFailedError(DomainError):
    """The model failed in a way the engine does not name (e.g. a prompt longer than its context)."""


def sentences_only(pieces: Iterator[str]) -> Iterator[str]:
    """The pieces, with any failure that is not already a sentence turned into one (its kind logged, no text)."""
    try:
        yield from pieces
    except DomainError:
        raise
    except Exception as exc:
        log.warning("The assistant's model failed (%s).", type(exc).__name__)
        raise ModelFailedError(_("The assistant could not write this answer. Try a shorter request, or ask again; "
                                 "if it keeps happening, an admin can import a model with a larger context."
                                 )) from None


def as_messages(turns: list[Turn]) -> list[BaseMessage]:
    """The prompt's turns as langchain-core messages (the engine's input)."""
    from langchain_core.messages import HumanMessage, SystemMessage

    return [SystemMessage(t.text) if t.role == "system" else HumanMessage(t.text) for t in turns]


def stream_when_free(engine: AssistantEngine, messages: list[BaseMessage], stop: threading.Event,
                     json_schema: dict[str, Any] | None = None) -> Iterator[str]:
    """Start an answer, waiting up to FREE_WAIT_SECONDS for the engine to be free: the worker frees itself a
    moment after an answer's last piece or its stop, and the next request should not be refused for that."""
    deadline = time.monotonic() + FREE_WAIT_SECONDS
    while True:
        try:
            return engine.stream(messages, stop, json_schema=json_schema)
        except AssistantBusyError:
            if time.monotonic() >= deadline:
                raise
            time.sleep(0.02)


def complete(engine: AssistantEngine, turns: list[Turn], json_schema: dict[str, Any] | None = None) -> str:
    """The whole answer at once (the query choice, which is parsed, not shown); the schema constrains it.
    It has a stop of its own: the engine sets an answer's stop when the answer is dropped."""
    return "".join(sentences_only(stream_when_free(engine, as_messages(turns), threading.Event(), json_schema)))
