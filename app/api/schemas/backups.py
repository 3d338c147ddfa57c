"""Backups: one backup, and the status the Backups screen shows."""

from __future__ import annotations

from datetime import datetime

from app.api.schemas.common import Out


class BackupOut(Out):
    name: str
    kind: str
    created_at: datetime | None
    size: int
    state: str
    counts: dict[str, int]


class BackupStatusOut(Out):
    last_backup: BackupOut | None
    mirror_path: str | None
    mirror_present: bool
    last_mirror_name: str | None
    last_mirror_at: datetime | None
    warning: str | None


class JobRunOut(Out):
    name: str
    state: str
    started: datetime
    duration: float
    size: int | None
    fallback: bool
    flow_run_id: str | None
