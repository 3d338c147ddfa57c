"""Reading back a row this transaction has just written."""

from __future__ import annotations

from typing import TypeVar

from app.domain.errors import StorageError

_Record = TypeVar("_Record")


def read_back(found: _Record | None, what: str) -> _Record:
    """Return a record read back in the transaction that wrote it (or that a foreign key guarantees);
    raise StorageError with a sentence if it is missing, which only a damaged database does."""
    if found is None:
        raise StorageError(f"The {what} just saved cannot be read back: the studio database may be damaged. "
                           "Run `check`, and restore the last good backup if it reports a problem.")
    return found
