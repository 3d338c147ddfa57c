"""/api/backups: status, backups on demand, the list, restore and export (admin), and the jobs' history."""

from __future__ import annotations

from flask import Blueprint, current_app

from app.api.routing import container, current_user, endpoint, services
from app.api.schemas.backups import BackupName, BackupOut, BackupStatusOut, ExportIn, ExportOut, JobRunOut, RestoreOut
from app.api.tokens import TokenIssuer

backups = Blueprint("backups", __name__, url_prefix="/api/backups")


@endpoint(backups, "GET", "", policy="user", response=BackupStatusOut,
          summary="The last good backup, the mirror drive and its last copy, a warning when one is due, a refusal "
                  "for lack of space, space used and free, the last verify, and what retention keeps.")
def backup_status():
    status = services().backups.status(current_user())
    return BackupStatusOut(
        last_backup=BackupOut.model_validate(status.last_backup) if status.last_backup else None,
        mirror_path=str(status.mirror_path) if status.mirror_path else None,
        mirror_present=status.mirror_present, last_mirror_name=status.last_mirror_name,
        last_mirror_at=status.last_mirror_at, warning=status.warning, refused=status.refused,
        free_bytes=status.free_bytes, stick_bytes=status.stick_bytes, mirror_bytes=status.mirror_bytes,
        last_verify_at=status.last_verify_at, retention=status.retention)


@endpoint(backups, "POST", "", policy="user", response=BackupOut, status=201,
          summary="Take an encrypted backup now, as a job (through Prefect when it runs) kept in the history.")
def take_backup():
    return BackupOut.model_validate(container().backup_now(current_user()))


@endpoint(backups, "GET", "/history", policy="user", response=list[JobRunOut],
          summary="The newest background job runs (backup, mirror, verify, prune): state, duration, size, "
                  "and whether Prefect ran them or the direct fallback did.")
def job_history():
    return [JobRunOut.model_validate(run) for run in services().jobs.history(current_user())]


@endpoint(backups, "GET", "/list", policy="user", response=list[BackupOut],
          summary="Every backup on the stick, then every copy on the mirror drive, with its last known state.")
def list_backups():
    return [BackupOut.model_validate(record) for record in services().backups.list_all(current_user())]


@endpoint(backups, "POST", "/<name>/restore", policy="admin", response=RestoreOut, path={"name": BackupName},
          summary="Verify a backup, keep the current database as a safety backup, and put the backup back. "
                  "Every login ends: everyone (the admin who restored too) logs in again.")
def restore_backup(name: str):
    done = container().restore(current_user(), name)
    # The restored users table has older token versions, which could make ended logins valid again.
    current_app.config["TOKENS"] = TokenIssuer(ttl=current_app.config["TOKENS"].ttl)
    return RestoreOut(name=done.name, backup_created_at=done.backup_created_at, counts=done.counts,
                      safety_backup=done.safety_backup.name)


@endpoint(backups, "POST", "/<name>/export", policy="admin", body=ExportIn, response=ExportOut, status=201,
          path={"name": BackupName},
          summary="Copy a verified backup with its key slots and manifest line as a ZIP into a folder or drive.")
def export_backup(name: str, body: ExportIn):
    zipped = services().backups.export(current_user(), name, body.folder)
    return ExportOut(path=str(zipped), size=zipped.stat().st_size)
