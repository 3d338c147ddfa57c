"""/api/backups: the backup status, taking a backup now, and the background jobs' history (any user)."""

from __future__ import annotations

from flask import Blueprint

from app.api.routing import current_user, endpoint, services
from app.api.schemas.backups import BackupOut, BackupStatusOut, JobRunOut

backups = Blueprint("backups", __name__, url_prefix="/api/backups")


@endpoint(backups, "GET", "", policy="user", response=BackupStatusOut,
          summary="The last good backup, the mirror drive and its last copy, and a warning when one is due.")
def backup_status():
    status = services().backups.status(current_user())
    return BackupStatusOut(
        last_backup=BackupOut.model_validate(status.last_backup) if status.last_backup else None,
        mirror_path=str(status.mirror_path) if status.mirror_path else None,
        mirror_present=status.mirror_present, last_mirror_name=status.last_mirror_name,
        last_mirror_at=status.last_mirror_at, warning=status.warning)


@endpoint(backups, "POST", "", policy="user", summary="Take an encrypted backup now.",
          response=BackupOut, status=201)
def take_backup():
    return BackupOut.model_validate(services().backups.backup_now(current_user()))


@endpoint(backups, "GET", "/history", policy="user", response=list[JobRunOut],
          summary="The newest background job runs (backup, mirror, verify, prune): state, duration, size, "
                  "and whether Prefect ran them or the direct fallback did.")
def job_history():
    return [JobRunOut.model_validate(run) for run in services().jobs.history(current_user())]
