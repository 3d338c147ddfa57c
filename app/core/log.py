"""Rotating log files on the stick; never passwords, keys or health data (callers log counts).

Whatever fails, no exception message reaches a log or the console: every log record, from any logger
and for any handler (ours, Prefect's console handler, waitress's, Flet's), is scrubbed when it is made,
and the hooks Python uses for uncaught errors in threads print scrubbed tracebacks (app.core.scrub)."""

from __future__ import annotations

import logging
import sys
import threading
from collections.abc import Callable
from logging.handlers import RotatingFileHandler
from pathlib import Path
from types import TracebackType
from typing import Any

from app.core.scrub import describe, scrubbed_traceback

FORMAT = "%(asctime)s %(levelname)s %(name)s: %(message)s"
log = logging.getLogger(__name__)


def scrub_record(record: logging.LogRecord) -> logging.LogRecord:
    """Replace the record's exception by its scrubbed traceback and any exception argument by its type."""
    exc_info = record.exc_info
    if exc_info:
        if exc_info[1] is not None:
            record.exc_text = scrubbed_traceback(exc_info[1])
        record.exc_info = None
    if isinstance(record.msg, BaseException):
        record.msg = describe(record.msg)
    if isinstance(record.args, tuple):
        record.args = tuple(describe(a) if isinstance(a, BaseException) else a for a in record.args)
    elif isinstance(record.args, dict):
        record.args = {k: describe(v) if isinstance(v, BaseException) else v for k, v in record.args.items()}
    return record


class _ScrubbingFactory:
    """A log record factory that scrubs what the wrapped one makes; `scrubs` marks it as installed."""

    scrubs = True

    def __init__(self, base: Callable[..., logging.LogRecord]) -> None:
        self.base = base

    def __call__(self, *args: Any, **kwargs: Any) -> logging.LogRecord:
        return scrub_record(self.base(*args, **kwargs))


def _excepthook(exc_type: type[BaseException], exc: BaseException | None, tb: TracebackType | None) -> None:
    if exc is None:
        exc = exc_type()
    exc.__traceback__ = tb
    print(scrubbed_traceback(exc), file=sys.stderr)


def _thread_excepthook(args: threading.ExceptHookArgs) -> None:
    if args.exc_type is SystemExit:
        return
    name = args.thread.name if args.thread is not None else "?"
    exc = args.exc_value if args.exc_value is not None else args.exc_type()
    log.error("The thread %s stopped on an error.", name, exc_info=(args.exc_type, exc, args.exc_traceback))
    print(f"Exception in thread {name}:\n{scrubbed_traceback(exc)}", file=sys.stderr)


def _unraisablehook(unraisable: sys.UnraisableHookArgs) -> None:
    where = getattr(unraisable.object, "__qualname__", type(unraisable.object).__name__)
    if unraisable.exc_value is not None:
        print(f"Exception ignored in {where}:\n{scrubbed_traceback(unraisable.exc_value)}", file=sys.stderr)


def install_scrubbing() -> None:
    """Scrub every log record and every uncaught error's printout in this process; idempotent."""
    if not getattr(logging.getLogRecordFactory(), "scrubs", False):
        logging.setLogRecordFactory(_ScrubbingFactory(logging.getLogRecordFactory()))
    logging.raiseExceptions = False  # a failing handler (full stick) must not print the record to stderr
    sys.excepthook = _excepthook
    threading.excepthook = _thread_excepthook
    sys.unraisablehook = _unraisablehook


def configure(logs: Path, level: int = logging.INFO) -> None:
    """Send the app's log records to data/logs/app.log (1 MiB x 5 files), scrubbed; idempotent."""
    install_scrubbing()
    root = logging.getLogger()
    target = str(logs / "app.log")
    if any(getattr(h, "baseFilename", None) == target for h in root.handlers):
        return
    handler = RotatingFileHandler(target, maxBytes=1_048_576, backupCount=5, encoding="utf-8")
    handler.setFormatter(logging.Formatter(FORMAT))
    root.addHandler(handler)
    root.setLevel(level)
