"""The history of background jobs (backups, mirror, verify, prune) in data/jobs.json: counts only."""

from __future__ import annotations

import json
import threading
from dataclasses import dataclass
from datetime import datetime
from pathlib import Path
from typing import Any

from app.core.atomic import write_atomic
from app.core.paths import StickPaths
from app.domain.records import User
from app.services.authz import require_user

HISTORY_FILE = "jobs.json"
KEEP = 200
_lock = threading.Lock()


@dataclass(frozen=True)
class JobRun:
    """One run of a background job: who ran it (Prefect or the direct fallback), how it ended, how long."""

    name: str
    state: str
    started: datetime
    duration: float
    size: int | None
    fallback: bool
    flow_run_id: str | None = None


def history_path(paths: StickPaths) -> Path:
    """Where the job history is kept."""
    return paths.data / HISTORY_FILE


def _read(path: Path) -> list[dict[str, Any]]:
    try:
        raw = json.loads(path.read_text("utf-8"))
    except (OSError, ValueError):
        return []
    return [e for e in raw if isinstance(e, dict)] if isinstance(raw, list) else []


def record_run(paths: StickPaths, run: JobRun) -> None:
    """Append one run to the history (the newest KEEP runs are kept), atomically."""
    entry = {"name": run.name, "state": run.state, "started": run.started.isoformat(),
             "duration": round(run.duration, 3), "size": run.size, "fallback": run.fallback,
             "flow_run_id": run.flow_run_id}
    with _lock:
        path = history_path(paths)
        entries = (_read(path) + [entry])[-KEEP:]
        path.parent.mkdir(parents=True, exist_ok=True)
        write_atomic(path, json.dumps(entries, indent=1).encode("utf-8"))


def read_runs(paths: StickPaths) -> list[JobRun]:
    """Every remembered run, newest first (an unreadable file reads as no history)."""
    runs = []
    for e in _read(history_path(paths)):
        try:
            runs.append(JobRun(name=str(e["name"]), state=str(e["state"]),
                               started=datetime.fromisoformat(e["started"]), duration=float(e["duration"]),
                               size=e.get("size"), fallback=bool(e.get("fallback")),
                               flow_run_id=e.get("flow_run_id")))
        except (KeyError, TypeError, ValueError):
            continue
    return list(reversed(runs))


class JobHistoryService:
    """Reads the job history for the Backups screen (any signed-in user)."""

    def __init__(self, paths: StickPaths):
        self.paths = paths

    def history(self, actor: User | None, limit: int = 50) -> list[JobRun]:
        """The newest `limit` job runs, newest first."""
        require_user(actor)
        return read_runs(self.paths)[:limit]
