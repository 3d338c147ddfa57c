"""Backup jobs (run as Prefect flows by flows.runner): take, mirror, verify and prune; they log counts only.

Prefect's database is plaintext, so these jobs take the acting account's id, and log and return counts,
sizes and durations, never a backup's contents, a client's name or anything medical.
"""

from __future__ import annotations

import time

from app.domain.backups import UNUSABLE
from flows.jobs import Jobs
from flows.runner import run_logger


def backup_local(jobs: Jobs, actor_id: str | None) -> dict:
    """Take an encrypted backup of the live database into data/backups/."""
    started = time.monotonic()
    record = jobs.backups().backup_now(jobs.actor(actor_id))
    result = {"size": record.size, "rows": sum(record.counts.values()),
              "seconds": round(time.monotonic() - started, 3), "name": record.name}
    log = run_logger()
    log.info("Backup taken: %d bytes, %d rows, %.2f s", result["size"], result["rows"], result["seconds"])
    return result


def mirror_backups(jobs: Jobs, actor_id: str | None) -> dict:
    """Copy new good backups to the mirror drive when it is plugged in."""
    started = time.monotonic()
    service, actor = jobs.backups(), jobs.actor(actor_id)
    if not service.status(actor).mirror_present:
        log = run_logger()
        log.warning("Mirror drive absent: 0 backups copied")
        return {"present": False, "copied": 0, "already": 0, "skipped": 0, "seconds": 0.0}
    done = service.mirror(actor)
    result = {"present": True, "copied": len(done.copied), "already": done.already,
              "skipped": len(done.skipped), "seconds": round(time.monotonic() - started, 3)}
    log = run_logger()
    log.info("Mirror: %d copied, %d already there, %d skipped, %.2f s", result["copied"],
             result["already"], result["skipped"], result["seconds"])
    return result


def verify_backups(jobs: Jobs, actor_id: str | None) -> dict:
    """Re-hash and open every backup on the stick and the mirror drive; count the bad ones."""
    started = time.monotonic()
    checked = jobs.backups().verify(jobs.actor(actor_id))
    result = {"checked": len(checked), "bad": sum(1 for r in checked if r.state in UNUSABLE),
              "size": sum(r.size for r in checked), "seconds": round(time.monotonic() - started, 3)}
    log = run_logger()
    log.info("Verified %d backups (%d bytes): %d bad, %.2f s", result["checked"], result["size"],
             result["bad"], result["seconds"])
    return result


def verify_newest(jobs: Jobs, actor_id: str | None) -> dict:
    """Re-hash and open the newest good backup on the stick (the daily check)."""
    started = time.monotonic()
    service, actor = jobs.backups(), jobs.actor(actor_id)
    newest = next((r for r in service.list_backups(actor) if r.kind == "backup" and r.state not in UNUSABLE), None)
    checked = service.verify(actor, newest.name) if newest else []
    result = {"checked": len(checked), "bad": sum(1 for r in checked if r.state in UNUSABLE),
              "size": sum(r.size for r in checked), "seconds": round(time.monotonic() - started, 3)}
    log = run_logger()
    log.info("Verified the newest backup (%d bytes): %d bad, %.2f s", result["size"], result["bad"],
             result["seconds"])
    return result


def prune_backups(jobs: Jobs, actor_id: str | None) -> dict:
    """Delete backups beyond the daily/weekly/monthly schedule (never the newest good one)."""
    started = time.monotonic()
    gone = jobs.backups().prune(jobs.actor(actor_id))
    result = {"deleted": len(gone), "seconds": round(time.monotonic() - started, 3)}
    log = run_logger()
    log.info("Pruned %d backups in %.2f s", result["deleted"], result["seconds"])
    return result


JOBS = {"backup-local": backup_local, "mirror-backups": mirror_backups,
        "verify-backups": verify_backups, "prune-backups": prune_backups, "verify-newest": verify_newest}
