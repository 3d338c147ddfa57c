"""Which restore points to keep: every one of the last hours, then the newest of each of the last N days,
weeks and months; of each other kind (before-restore, before-migration, damaged) the newest few."""

from __future__ import annotations

from collections.abc import Callable
from datetime import datetime, timedelta

from app.domain.backups import UNUSABLE, BackupRecord, RetentionPolicy


def _newest_per(records: list[BackupRecord], bucket: Callable[[datetime], tuple[int, ...]], limit: int) -> set[str]:
    kept: dict[tuple[int, ...], str] = {}
    for record in records:  # newest first, so the first seen in a bucket is its newest
        if record.created_at is None:  # a line without its time: kept elsewhere, never bucketed
            continue
        key = bucket(record.created_at)
        if key not in kept:
            if len(kept) >= limit:
                break
            kept[key] = record.name
    return set(kept.values())


def names_to_keep(records: list[BackupRecord], policy: RetentionPolicy, now: datetime) -> set[str]:
    """Return the names to keep among `records` (newest first, any kind and state). Scheduled backups
    follow the policy and the newest good one is always kept; a bad or missing one is never pruned
    (it is evidence, and the Backups screen names it); other kinds keep their newest `policy.others`."""
    scheduled = [r for r in records if r.kind == "backup" and r.created_at is not None]
    good = [r for r in scheduled if r.state not in UNUSABLE]
    keep = {r.name for r in scheduled if r.state in UNUSABLE}
    keep |= {r.name for r in good if r.created_at is not None and now - r.created_at <= timedelta(hours=policy.hours)}
    keep |= _newest_per(good, lambda at: (at.year, at.month, at.day), policy.daily)
    keep |= _newest_per(good, lambda at: tuple(at.isocalendar())[:2], policy.weekly)
    keep |= _newest_per(good, lambda at: (at.year, at.month), policy.monthly)
    if good:
        keep.add(good[0].name)
    for kind in {r.kind for r in records} - {"backup"}:
        keep |= {r.name for r in [r for r in records if r.kind == kind][:policy.others]}
    keep |= {r.name for r in records if r.created_at is None and r.kind == "backup"}  # undated: not ours to judge
    return keep
