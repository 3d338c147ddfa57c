"""Tell a full or read-only stick apart from other failures, whichever layer raised it.

A full stick shows up as OSError ENOSPC/EDQUOT (Windows: ERROR_DISK_FULL) from our own file writes, or as
SQLite's "database or disk is full" (SQLITE_FULL) from the database; a read-only one as EROFS (Windows:
ERROR_WRITE_PROTECT) or SQLite's "attempt to write a readonly database" (SQLITE_READONLY). The exception
text is only read here to classify it, never printed: it may hold personal data."""

from __future__ import annotations

import errno
from collections.abc import Iterator

from app.domain.errors import StickFullError, StickReadOnlyError, StorageError

_FULL_ERRNOS = {errno.ENOSPC, getattr(errno, "EDQUOT", errno.ENOSPC)}
_FULL_WINERRORS = {39, 112}  # ERROR_HANDLE_DISK_FULL, ERROR_DISK_FULL
_READONLY_WINERRORS = {19}  # ERROR_WRITE_PROTECT
_SQLITE_FULL, _SQLITE_READONLY = 13, 8
_FULL_TEXT = ("database or disk is full", "no space left on device")
_READONLY_TEXT = ("attempt to write a readonly database", "read-only file system")


def _chain(exc: BaseException) -> Iterator[BaseException]:
    """Yield the error, what it wraps (SQLAlchemy's .orig) and its causes, each once."""
    seen: set[int] = set()
    todo: list[BaseException | None] = [exc]
    while todo:
        current = todo.pop()
        if current is None or id(current) in seen:
            continue
        seen.add(id(current))
        yield current
        todo.extend([getattr(current, "orig", None), current.__cause__, current.__context__])


def _kind(exc: BaseException) -> type[StorageError] | None:
    if isinstance(exc, (StickFullError, StickReadOnlyError)):
        return type(exc)
    if isinstance(exc, OSError):
        if exc.errno in _FULL_ERRNOS or getattr(exc, "winerror", None) in _FULL_WINERRORS:
            return StickFullError
        if exc.errno == errno.EROFS or getattr(exc, "winerror", None) in _READONLY_WINERRORS:
            return StickReadOnlyError
    code = getattr(exc, "sqlite_errorcode", None)
    if code is not None:
        if code & 0xFF == _SQLITE_FULL:
            return StickFullError
        if code & 0xFF == _SQLITE_READONLY:
            return StickReadOnlyError
    if type(exc).__module__.startswith(("sqlite3", "sqlcipher3", "sqlalchemy")):
        text = str(exc).lower()
        if any(t in text for t in _FULL_TEXT):
            return StickFullError
        if any(t in text for t in _READONLY_TEXT):
            return StickReadOnlyError
    return None


def stick_problem(exc: BaseException) -> StorageError | None:
    """Return the sentence-bearing error if `exc` (or what caused it) means the stick is full or
    read-only, else None. Full wins: a write that failed for space is the one to explain."""
    kinds = {_kind(e) for e in _chain(exc)} - {None}
    if StickFullError in kinds:
        return StickFullError()
    if StickReadOnlyError in kinds:
        return StickReadOnlyError()
    return None
