"""`Jobs`: what the flows need, handed over once by whoever runs them (the container, a one-shot command, a test).

A flow gets ids, dates and counts as its parameters (Prefect keeps them in its plaintext database), never a
name or anything medical; it finds the services it calls, and the account acting, through its `Jobs`."""

from __future__ import annotations

import threading
from collections.abc import Callable
from dataclasses import dataclass, field
from datetime import date
from pathlib import Path
from typing import Any, Protocol

from app.core.paths import StickPaths
from app.domain.backups import BackupRecord, BackupStatus, MirrorReport
from app.domain.records import StudioSettings, User

Progress = Callable[[float, str], None]  # (fraction done, step naming files only), as a service reports it


class Backups(Protocol):
    """What the jobs use of app.services.backups.service.BackupService (not imported: it reaches the database)."""

    def backup_now(self, actor: User | None) -> BackupRecord: ...
    def status(self, actor: User | None) -> BackupStatus: ...
    def mirror(self, actor: User | None) -> MirrorReport: ...
    def verify(self, actor: User | None, name: str | None = None) -> list[BackupRecord]: ...
    def prune(self, actor: User | None) -> list[str]: ...
    def list_backups(self, actor: User | None) -> list[BackupRecord]: ...
    def up_to_date(self, actor: User | None) -> bool: ...


class MadeZip(Protocol):
    """What the export job reads of app.services.reports.accounting.AccountingZip."""

    @property
    def path(self) -> Path: ...
    @property
    def size(self) -> int: ...
    @property
    def names(self) -> tuple[str, ...]: ...


class Accounting(Protocol):
    """What the jobs use of app.services.reports.accounting.AccountingExport."""

    def check(self, actor: User | None, start: date, end: date, out_dir: Path | None = None) -> Path: ...
    def export(self, actor: User | None, start: date, end: date, out_dir: Path | None = None,
               progress: Progress | None = None) -> MadeZip: ...


class Settings(Protocol):
    """What the schedule reads of app.services.settings.SettingsService (the backup interval)."""

    def get(self, actor: User | None) -> StudioSettings: ...


class Briefings(Protocol):
    """What the briefing jobs use of app.ai.assistant.briefing.BriefingService."""

    def tomorrow(self, actor: User | None) -> date: ...
    def artists(self, actor: User | None) -> list[User]: ...
    def make(self, artist: User | None, day: date) -> Any: ...


class SyncReport(Protocol):
    """What the sync job reads of app.services.sync.service.SyncReport."""

    @property
    def pushed(self) -> int: ...
    @property
    def applied(self) -> int: ...
    @property
    def refused(self) -> int: ...


class Sync(Protocol):
    """What the sync job uses of app.services.sync.service.SyncService."""

    def sync_now(self) -> SyncReport: ...


@dataclass(frozen=True)
class ExportOrder:
    """Where an export's ZIP goes and who follows its progress: kept here, not in Prefect, by the export's id."""

    out_dir: Path | None = None
    progress: Progress | None = None


def _absent(what: str) -> Callable[[], Any]:
    def missing() -> Any:
        raise RuntimeError(f"no service for {what} was handed to these jobs")  # a wiring mistake
    return missing


@dataclass(eq=False)
class Jobs:
    """The services the flows call (asked for at each run: a restore rebuilds them), the accounts they act
    for, by id, and the open export orders, by id."""

    paths: StickPaths
    backups: Callable[[], Backups] = field(default=_absent("backups"))
    accounting: Callable[[], Accounting] = field(default=_absent("the accountant's export"))
    settings: Callable[[], Settings] = field(default=_absent("the backup schedule"))
    briefings: Callable[[], Briefings] = field(default=_absent("tomorrow's briefings"))
    sync: Callable[[], Sync] = field(default=_absent("the sync"))
    _actors: dict[str, User] = field(default_factory=dict, repr=False)
    _orders: dict[str, ExportOrder] = field(default_factory=dict, repr=False)
    _lock: threading.Lock = field(default_factory=threading.Lock, repr=False)

    def acting(self, actor: User | None) -> str | None:
        """Remember the account a job runs for; return the id its flow gets instead."""
        if actor is None:
            return None
        with self._lock:
            self._actors[actor.id] = actor
        return actor.id

    def actor(self, actor_id: str | None) -> User | None:
        """The account a flow's `actor_id` names, as it was when the job was asked for."""
        if actor_id is None:
            return None
        with self._lock:
            return self._actors[actor_id]

    def place(self, export_id: str, order: ExportOrder) -> None:
        """Keep an export's folder and progress callback for its flow, which gets only `export_id`."""
        with self._lock:
            self._orders[export_id] = order

    def order(self, export_id: str | None) -> ExportOrder:
        """The export's order (the default folder, no progress, when none was placed)."""
        with self._lock:
            return self._orders.get(export_id or "", ExportOrder())

    def withdraw(self, export_id: str) -> None:
        """Forget a finished export's order."""
        with self._lock:
            self._orders.pop(export_id, None)
