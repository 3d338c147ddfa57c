"""Which backups to keep: the newest of each of the last N days, weeks and months."""

from __future__ import annotations

from collections.abc import Callable
from datetime import datetime

from app.domain.backups import BackupRecord


def _newest_per(records: list[BackupRecord], bucket: Callable[[datetime], tuple], limit: int) -> set[str]:
    kept: dict[tuple, str] = {}
    for record in records:  # newest first, so the first seen in a bucket is its newest
        key = bucket(record.created_at)
        if key not in kept:
            if len(kept) >= limit:
                break
            kept[key] = record.name
    return set(kept.values())


def names_to_keep(good: list[BackupRecord], keep_daily: int, keep_weekly: int, keep_monthly: int) -> set[str]:
    """Return the names to keep among `good` backups (newest first); the newest is always kept."""
    dated = [r for r in good if r.created_at is not None]
    keep = _newest_per(dated, lambda at: (at.year, at.month, at.day), keep_daily)
    keep |= _newest_per(dated, lambda at: tuple(at.isocalendar())[:2], keep_weekly)
    keep |= _newest_per(dated, lambda at: (at.year, at.month), keep_monthly)
    if good:
        keep.add(good[0].name)
    return keep
