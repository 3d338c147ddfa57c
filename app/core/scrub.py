"""Tracebacks without exception messages: what failed and where, never the values it failed on.

A database error's text carries the statement's values (allergies, names, payment notes), an OSError's
the file name, a pydantic error the typed input. So the app prints and logs each exception in a chain as
its type and frames only; an OSError keeps its errno and the system's wording (no file name)."""

from __future__ import annotations

import traceback

HIDDEN = "(message hidden: it may hold personal data)"
_CAUSE = "\nThe above exception was the direct cause of the following exception:\n\n"
_CONTEXT = "\nDuring handling of the above exception, another exception occurred:\n\n"


def describe(exc: BaseException) -> str:
    """One line naming the error without its message, e.g. `OperationalError (message hidden...)`."""
    name = type(exc).__qualname__
    module = type(exc).__module__
    if module not in ("builtins", "__main__"):
        name = f"{module}.{name}"
    if isinstance(exc, OSError) and exc.errno is not None:
        return f"{name}: [Errno {exc.errno}] {exc.strerror or ''}".rstrip()
    return f"{name}: {HIDDEN}"


def _one(exc: BaseException) -> str:
    frames = traceback.format_list(traceback.extract_tb(exc.__traceback__)) if exc.__traceback__ else []
    head = "Traceback (most recent call last):\n" if frames else ""
    return head + "".join(frames) + describe(exc) + "\n"


def scrubbed_traceback(exc: BaseException) -> str:
    """The whole chain (causes and contexts, oldest first) as Python prints it, messages hidden."""
    parts: list[str] = []
    seen: set[int] = set()
    current: BaseException | None = exc
    while current is not None and id(current) not in seen:
        seen.add(id(current))
        parts.append(_one(current))
        if current.__cause__ is not None:
            parts.append(_CAUSE)
            current = current.__cause__
        elif current.__context__ is not None and not current.__suppress_context__:
            parts.append(_CONTEXT)
            current = current.__context__
        else:
            current = None
    if parts and parts[-1] in (_CAUSE, _CONTEXT):
        parts.pop()
    return "".join(reversed(parts)).rstrip("\n")
