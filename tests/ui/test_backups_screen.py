"""The backups screen: the status and its warning, the job history with the fallback mark, and Back up now."""

from __future__ import annotations

from datetime import UTC, datetime

from app.services.job_history import JobRun, record_run


def test_a_new_studio_warns_that_no_backup_was_taken(ui, admin_ui):
    admin_ui.navigate("backups")
    assert ui.has_text("No backup has been taken yet. Take one now.")
    assert ui.has_text("No backup jobs have run yet.")


def test_back_up_now_makes_a_backup_that_the_status_lists(ui, admin_ui, admin_api):
    admin_ui.navigate("backups")
    ui.click("Back up now")
    last = admin_api.backups.status().last_backup
    assert last is not None and admin_api.backups.status().warning is None
    assert ui.has_text("Last good backup:") and ui.has_text(last.name)
    assert not ui.has_text("No backup has been taken yet.")
    assert ui.has_text(f"Backup {last.name} is done")


def test_staff_can_back_up_too(ui, staff_ui, admin_api):
    staff_ui.navigate("backups")
    ui.click("Back up now")
    assert admin_api.backups.status().last_backup is not None


def test_the_history_shows_state_duration_size_and_the_fallback_mark(ui, admin_ui, stick):
    started = datetime(2026, 3, 2, 9, 30, tzinfo=UTC)
    record_run(stick, JobRun(name="backup", state="Completed", started=started, duration=3.25, size=2_621_440,
                             fallback=True))
    record_run(stick, JobRun(name="mirror", state="Failed", started=started, duration=0.5, size=None,
                             fallback=False, flow_run_id="abc"))
    admin_ui.navigate("backups")
    assert ui.has_text("History (2)")
    assert ui.has_text("02 March 2026, 10:30")  # started, in the studio's time zone
    assert ui.has_text("3.2 s") and ui.has_text("2.5 MB") and ui.has_text("fallback (Prefect was down)")
    assert ui.has_text("Failed") and ui.has_text("Prefect")


def test_the_mirror_drive_is_said_missing_when_none_is_set_up(ui, admin_ui, admin_api):
    status = admin_api.backups.status()
    admin_ui.navigate("backups")
    assert status.mirror_path is None and status.mirror_present is False
    assert ui.has_text("No mirror drive is set up: backups stay on the stick only.")
