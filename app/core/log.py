"""Rotating log files on the stick; never passwords, keys or health data (callers log counts)."""

from __future__ import annotations

import logging
from logging.handlers import RotatingFileHandler
from pathlib import Path

FORMAT = "%(asctime)s %(levelname)s %(name)s: %(message)s"


def configure(logs: Path, level: int = logging.INFO) -> None:
    """Send the app's log records to data/logs/app.log (1 MiB x 5 files); idempotent."""
    root = logging.getLogger()
    target = str(logs / "app.log")
    if any(getattr(h, "baseFilename", None) == target for h in root.handlers):
        return
    handler = RotatingFileHandler(target, maxBytes=1_048_576, backupCount=5, encoding="utf-8")
    handler.setFormatter(logging.Formatter(FORMAT))
    root.addHandler(handler)
    root.setLevel(level)
