"""What a question gets back: the answer's pieces as they are written, and the engine's status for the panel."""

from __future__ import annotations

import queue
import threading
from collections.abc import Iterator
from dataclasses import dataclass
from typing import Any

from app.ai.records import ModelInfo

END = object()


@dataclass(frozen=True)
class EngineStatus:
    """What the Assistant panel needs to know to show itself (or to say why not)."""

    ready: bool                # a question can be asked: the extra is here, a model imported (or injected), memory
    loaded: bool               # the model is in memory now
    busy: bool                 # an answer is being written
    model: ModelInfo | None    # the pinned model, if any
    reason: str                # why it is not ready: a sentence, "" when ready


class Answer(Iterator[str]):
    """The pieces of one answer as they are written; `close()` (or dropping it) stops the generation."""

    def __init__(self, pieces: queue.Queue[Any], stop: threading.Event):
        self._pieces, self._stop, self._done = pieces, stop, False

    def __next__(self) -> str:
        if self._done:
            raise StopIteration
        item = self._pieces.get()
        if item is END:
            self._done = True
            raise StopIteration
        if isinstance(item, BaseException):
            self._done = True
            raise item
        return str(item)

    def close(self) -> None:
        """Stop the generation; the pieces not read yet are dropped."""
        self._stop.set()
        self._done = True

    def __del__(self) -> None:
        self._stop.set()
