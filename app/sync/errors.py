"""The relay client's failure, in a module of its own so the services can catch it without loading HTTP."""

from __future__ import annotations


class RelayUnavailableError(RuntimeError):
    """The relay could not be reached or refused the request; `str()` says what to do; `status` is the relay's
    HTTP status when it answered (None when it could not be reached)."""

    def __init__(self, sentence: str, status: int | None = None):
        super().__init__(sentence)
        self.status = status
