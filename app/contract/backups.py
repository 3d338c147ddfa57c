"""Backups: one backup, and the status the Backups screen shows."""

from __future__ import annotations

import os
from datetime import datetime
from typing import Annotated

from pydantic import Field

from app.contract.common import Out, Strict
from app.domain.bounds import BACKUP_NAME_PATTERN, MAX_BACKUP_NAME

# A backup's file name as `GET /api/backups/list` shows it (the path argument of restore and export).
BackupName = Annotated[str, Field(min_length=1, max_length=MAX_BACKUP_NAME, pattern=BACKUP_NAME_PATTERN)]


class BackupOut(Out):
    """One backup on the stick or the mirror drive, with its last known state."""
    name: str
    kind: str
    created_at: datetime | None
    size: int
    state: str
    counts: dict[str, int]
    location: str = "stick"  # "stick", or "mirror" for a copy on the mirror drive
    problems: list[str] = []


class BackupStatusOut(Out):
    """The last good backup, the mirror drive and its last copy, and a warning when one is due."""
    last_backup: BackupOut | None
    mirror_path: str | None
    mirror_present: bool
    last_mirror_name: str | None
    last_mirror_at: datetime | None
    warning: str | None
    refused: str | None = None  # why the last backup was refused for lack of space (until one is taken)
    free_bytes: int | None = None  # free space on the stick
    stick_bytes: int = 0  # what the backups take on the stick
    mirror_bytes: int | None = None  # what they take on the mirror drive, when it is plugged in
    last_verify_at: datetime | None = None
    retention: str = ""  # what the retention policy keeps, as a sentence


class JobRunOut(Out):
    """One background job run (backup, mirror, verify, prune): its state, duration and outcome."""
    name: str
    state: str
    started: datetime
    duration: float
    size: int | None
    fallback: bool
    flow_run_id: str | None


class RestoreOut(Out):
    """What a restore put back; every login ends with it, so everyone logs in again."""

    name: str
    backup_created_at: datetime | None
    counts: dict[str, int]
    safety_backup: str


_FULL_PATH = r"^([A-Za-z]:[\\/]|\\\\)" if os.name == "nt" else r"^/"


class ExportIn(Strict):
    """Where to copy a backup: a folder that already exists."""
    folder: str = Field(min_length=1, max_length=4096, description="A full path to an existing folder.",
                        json_schema_extra={"pattern": _FULL_PATH})  # the service says what is wrong in a sentence


class ExportOut(Out):
    """Where the exported backup was written, and its size in bytes."""
    path: str
    size: int
