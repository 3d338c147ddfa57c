"""The backups screen: status and warning, history and the Prefect fallback, Back up now, restore and export."""

from __future__ import annotations

import re
import time
import zipfile
from datetime import UTC, datetime

from app.client.models import ClientCreateIn
from app.services.backups.job_history import JobRun, read_runs, record_run
from app.services.backups.space import remember_refusal
from app.ui.views.backups.backup_list import RELOGIN_REASON
from tests.conftest import ADMIN, ADMIN_PASSWORD
from tests.services.support_backup import point_of


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
    assert ui.has_text("March 2, 2026, 10:30")  # started, in the studio's time zone (10:30 AM: Babel's "en")
    assert ui.has_text("3.2 s") and ui.has_text("2.5 MB") and ui.has_text("the app (scheduler not running)")
    assert ui.has_text("Failed") and ui.has_text("the job scheduler")


def test_the_mirror_drive_is_said_missing_when_none_is_set_up(ui, admin_ui, admin_api):
    status = admin_api.backups.status()
    admin_ui.navigate("backups")
    assert status.mirror_path is None and status.mirror_present is False
    assert ui.has_text("No mirror drive is set up: backups stay on the stick only.")


def _client_names(api) -> list[str]:
    return sorted(c.last_name for c in api.clients.search(""))


def test_restore_asks_first_then_brings_back_backup_time_and_everyone_logs_in_again(ui, admin_ui, admin_api):
    admin_api.clients.create(ClientCreateIn(first_name="Ada", last_name="Before"))
    taken = admin_api.backups.take()
    admin_api.clients.create(ClientCreateIn(first_name="Bob", last_name="After"))
    admin_ui.navigate("backups")
    ui.click(f"Restore {taken.name}")
    assert ui.has_text("Restore this backup?") and ui.has_text(f"({taken.name}): clients: 1, sessions: 0")
    ui.click("Cancel")
    assert _client_names(admin_api) == ["After", "Before"]  # cancelled: nothing happened
    ui.click(f"Restore {taken.name}")
    ui.click("Restore now")
    assert ui.has_text("Studio restored") and ui.has_text("kept as before-restore-")
    ui.click("Log in again")
    assert admin_ui.locked and ui.has_text(RELOGIN_REASON)
    ui.type("Password", ADMIN_PASSWORD)
    ui.click("Unlock")
    assert not admin_ui.locked
    admin_api.login(ADMIN, ADMIN_PASSWORD)  # its login ended with the restore too
    assert _client_names(admin_api) == ["Before"]


def test_export_copies_the_backup_as_a_zip_into_the_typed_folder(ui, admin_ui, admin_api, tmp_path):
    taken = admin_api.backups.take()
    drive = tmp_path / "usb"
    drive.mkdir()
    admin_ui.navigate("backups")
    ui.click(f"Export {taken.name}")
    assert ui.has_text("Type the folder to export to in 'Export folder' first")
    ui.type("Export folder", str(tmp_path / "not-plugged-in"))
    ui.click(f"Export {taken.name}")
    assert ui.has_text(f"The folder {tmp_path / 'not-plugged-in'} does not exist (is the drive plugged in?).")
    assert ui.field("Export folder").value == str(tmp_path / "not-plugged-in")  # what was typed stays
    ui.type("Export folder", str(drive))
    ui.click(f"Export {taken.name}")
    zipped = drive / taken.name.replace(".db", ".zip")
    assert ui.has_text(f"Exported {taken.name} to {zipped}")
    with zipfile.ZipFile(zipped) as archive:
        assert taken.name in archive.namelist() and "manifest.jsonl" in archive.namelist()


def test_the_list_shows_every_backup_and_staff_get_no_restore_or_export(ui, staff_ui, admin_api):
    taken = admin_api.backups.take()
    staff_ui.navigate("backups")
    assert ui.has_text("Backups (1)") and ui.has_text(taken.name) and ui.has_text("verified")
    assert not ui.find(object, lambda c: getattr(c, "tooltip", None) in (f"Restore {taken.name}",
                                                                          f"Export {taken.name}"))
    assert not ui.find(object, lambda c: getattr(c, "label", None) == "Export folder")


def test_the_prefect_fallback_is_said_when_the_last_job_ran_without_prefect(ui, admin_ui, admin_api, stick):
    admin_api.backups.take()  # no Prefect server in the tests: the job runs directly
    deadline = time.monotonic() + 30  # then its prune and first verify, in the background
    while {"prune-backups", "verify-newest"} - {r.name for r in read_runs(stick)}:
        assert time.monotonic() < deadline, read_runs(stick)
        time.sleep(0.05)
    admin_ui.navigate("backups")
    assert ui.has_text("ran directly in the app")
    record_run(stick, JobRun(name="backup-local", state="Completed", started=datetime.now(UTC), duration=1.0,
                             size=100, fallback=False, flow_run_id="run-1"))
    admin_ui.navigate("backups")
    assert not ui.has_text("ran directly in the app")


def test_a_backup_deleted_by_hand_is_listed_as_missing_in_red_with_no_restore(ui, admin_ui, admin_api, stick):
    from app.ui.components.widgets import ALERT_RED

    gone, kept = admin_api.backups.take(), admin_api.backups.take()
    point_of(stick.backups, gone.name).unlink()  # what a user with a full stick does
    admin_ui.navigate("backups")
    assert ui.has_text("Backups (2)") and ui.has_text(gone.name) and ui.has_text(kept.name)
    [missing] = ui.find(object, lambda c: getattr(c, "value", None) == "missing")
    assert missing.color == ALERT_RED and missing.tooltip == f"The backup {gone.name} is missing from {stick.backups}."
    tooltips = {getattr(c, "tooltip", None) for c in ui.find(object)}
    assert f"Restore {kept.name}" in tooltips and f"Restore {gone.name}" not in tooltips
    assert f"Export {gone.name}" not in tooltips
    assert ui.has_text("Last good backup:")


def test_the_status_shows_space_used_and_free_the_last_verify_and_what_retention_keeps(ui, admin_ui, admin_api):
    admin_api.backups.take()
    admin_ui.navigate("backups")
    status = admin_api.backups.status()  # background jobs (prune, verify) may still change the figures a little
    assert status.stick_bytes > 0 and status.free_bytes > 0
    line = re.compile(r"Backups take \d+(\.\d)? (bytes|KB|MB) on the stick; \d+(\.\d)? (bytes|KB|MB|GB) is free\.")
    assert any(line.fullmatch(text) for text in ui.texts()), ui.texts()
    assert ui.has_text("Last verified: ")
    assert ui.has_text("Kept: every backup of the last 24 hours, then the newest of each of the last 7 days, "
                       "4 weeks and 12 months; the newest 2 safety copies taken before a restore or an upgrade, "
                       "and of damaged databases.")


def test_a_refused_backup_is_a_banner_on_the_backups_screen_and_the_dashboard(ui, admin_ui, stick):
    refusal = ("The backup was not taken: the stick has 12 MB free and a backup needs 30 MB (the copy, and twice "
               "the database's size kept free so the studio can go on working).")
    remember_refusal(stick.backups, refusal, datetime(2026, 3, 2, 9, 30, tzinfo=UTC))
    admin_ui.navigate("dashboard")
    assert ui.has_text(refusal)
    admin_ui.navigate("backups")
    assert ui.has_text(refusal)
