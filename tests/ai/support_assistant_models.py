"""Fake chat models for the assistant's tests: langchain-core's own, plus one that remembers what it was given."""

from __future__ import annotations

from typing import Any

from langchain_core.language_models.fake_chat_models import FakeListChatModel, GenericFakeChatModel
from langchain_core.messages import AIMessage


class RecordingFake(FakeListChatModel):
    """FakeListChatModel that keeps each call's messages and keyword arguments (json_schema=...)."""

    calls: list[tuple[list[Any], dict[str, Any]]] = []

    def _call(self, messages, stop=None, run_manager=None, **kwargs):
        self.calls.append((list(messages), dict(kwargs)))
        return super()._call(messages, stop, run_manager, **kwargs)

    def _stream(self, messages, stop=None, run_manager=None, **kwargs):
        self.calls.append((list(messages), dict(kwargs)))
        yield from super()._stream(messages, stop, run_manager, **kwargs)


def says(*answers: str) -> RecordingFake:
    """A model that answers these texts in turn (whole, or streamed one character at a time)."""
    return RecordingFake(responses=list(answers), calls=[])


def streams(*texts: str) -> GenericFakeChatModel:
    """A model that streams these answers in turn, word by word (spaces are their own chunks)."""
    return GenericFakeChatModel(messages=iter([AIMessage(content=text) for text in texts]))


def prompt_text(messages) -> str:
    """Every message of a prompt as one text, to look for what reached the model."""
    return "\n".join(t.text for t in messages)
