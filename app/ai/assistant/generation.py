"""How the assistant gets text out of a chat model: streamed, stoppable, optionally constrained to a JSON schema.

`TextGenerator` is the seam to the engine: `app.ai.engine.AssistantEngine.stream` has this shape, and
`ChatModelGenerator` adapts any langchain-core chat model (the tests' fake models, or the engine's llama.cpp model)."""

from __future__ import annotations

import threading
from collections.abc import Iterator
from typing import TYPE_CHECKING, Any, Protocol

from app.ai.assistant.prompts import Turn

if TYPE_CHECKING:  # langchain-core is part of the optional extra: imported only when a model is called
    from langchain_core.language_models import BaseChatModel
    from langchain_core.messages import BaseMessage


class TextGenerator(Protocol):
    """Streams a model's answer to `messages` as text pieces until done or until `stop` is set."""

    def stream(self, messages: list[BaseMessage], stop_event: threading.Event | None = None,
               json_schema: dict[str, Any] | None = None) -> Iterator[str]:
        """Yield the answer's text pieces; a `json_schema` constrains the answer to JSON matching it."""
        ...


class ChatModelGenerator:
    """A TextGenerator over a langchain-core chat model; the schema goes to the model as `json_schema=`."""

    def __init__(self, model: BaseChatModel):
        self.model = model

    def stream(self, messages: list[BaseMessage], stop_event: threading.Event | None = None,
               json_schema: dict[str, Any] | None = None) -> Iterator[str]:
        """Yield the model's streamed chunks' text, checking `stop_event` between chunks."""
        stop = stop_event or threading.Event()
        runnable = self.model.bind(json_schema=json_schema) if json_schema is not None else self.model
        chunks = runnable.stream(messages)
        try:
            for chunk in chunks:
                if stop.is_set():
                    return
                if text := chunk.text:
                    yield text
        finally:
            close = getattr(chunks, "close", None)
            if close is not None:  # let the model's own generator end its work now
                close()


def as_messages(turns: list[Turn]) -> list[BaseMessage]:
    """The prompt's turns as langchain-core messages (the engine's and any chat model's input)."""
    from langchain_core.messages import HumanMessage, SystemMessage

    return [SystemMessage(t.text) if t.role == "system" else HumanMessage(t.text) for t in turns]


def complete(generator: TextGenerator, turns: list[Turn], stop: threading.Event,
             json_schema: dict[str, Any] | None = None) -> str:
    """The whole answer at once (for the query choice, which is parsed, not shown)."""
    return "".join(generator.stream(as_messages(turns), stop, json_schema=json_schema))
