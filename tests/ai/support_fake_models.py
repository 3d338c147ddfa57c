"""A langchain-core chat model for the engine's tests that writes its tokens slowly and says what it saw."""

from __future__ import annotations

import threading
from collections.abc import Iterator
from typing import Any

from langchain_core.language_models import BaseChatModel
from langchain_core.messages import AIMessage, AIMessageChunk
from langchain_core.outputs import ChatGeneration, ChatGenerationChunk, ChatResult
from pydantic import ConfigDict, Field


class SlowModel(BaseChatModel):
    """Writes `tokens` pieces "t0 ", "t1 "... waiting `delay` seconds before each; records kwargs and closes."""

    model_config = ConfigDict(arbitrary_types_allowed=True)
    tokens: int = 5
    delay: float = 0.0
    written: int = 0
    closed: bool = False
    kwargs_seen: list[dict[str, Any]] = Field(default_factory=list)
    first_written: threading.Event = Field(default_factory=threading.Event)

    @property
    def _llm_type(self) -> str:
        return "slow-fake"

    def _generate(self, messages, stop=None, run_manager=None, **kwargs) -> ChatResult:
        text = "".join(c.message.content for c in self._stream(messages, stop, run_manager, **kwargs))
        return ChatResult(generations=[ChatGeneration(message=AIMessage(content=text))])

    def _stream(self, messages, stop=None, run_manager=None, **kwargs) -> Iterator[ChatGenerationChunk]:
        self.kwargs_seen.append(dict(kwargs))
        try:
            for i in range(self.tokens):
                threading.Event().wait(self.delay)
                self.written += 1
                yield ChatGenerationChunk(message=AIMessageChunk(content=f"t{i} "))
                self.first_written.set()
        finally:
            self.closed = True
