"""The "Backups kept" setting: everyone signed in reads what retention keeps, only an admin changes it, values
outside their bounds are sentences, and the backups' prune and status follow the setting as it is now."""

from __future__ import annotations

import pytest

from app.domain.backups import RetentionPolicy
from app.domain.bounds import KEEP_RANGES
from app.domain.errors import ForbiddenError, ValidationError
from app.services.settings import SettingsService
from app.services.users import UserService


@pytest.fixture
def settings(opened, clock):
    return SettingsService(opened.db, clock)


@pytest.fixture
def staff(opened, stick, clock):
    return UserService(opened.db, stick, clock).create(opened.user, username="sam", display_name="Sam",
                                                        role="staff", password="staff password")


def test_a_new_studio_keeps_the_default_policy_and_staff_can_read_it(settings, staff):
    seen = settings.get(staff)
    assert seen.retention == RetentionPolicy()
    assert seen.backups_kept == RetentionPolicy().describe()
    assert "every backup of the last 24 hours" in seen.backups_kept


def test_staff_cannot_change_what_backups_keep(opened, settings, staff):
    with pytest.raises(ForbiddenError, match="Only an admin can change the studio settings"):
        settings.update(staff, keep_daily=2)
    assert settings.get(opened.user).keep_daily == RetentionPolicy().daily


def test_an_admin_changes_the_five_numbers_and_they_are_stored(opened, settings, clock):
    settings.update(opened.user, keep_hours=6, keep_daily=14, keep_weekly=0, keep_monthly=24, keep_others=3)
    stored = SettingsService(opened.db, clock).get(opened.user)  # a fresh service reads the table again
    assert stored.retention == RetentionPolicy(hours=6, daily=14, weekly=0, monthly=24, others=3)
    assert stored.studio_name == "Needle & Nightshade"  # the other settings are left as they were


@pytest.mark.parametrize("name", sorted(KEEP_RANGES))
def test_each_number_is_taken_at_its_bounds(opened, settings, name):
    low, high = KEEP_RANGES[name][:2]
    assert getattr(settings.update(opened.user, **{name: low}), name) == low
    assert getattr(settings.update(opened.user, **{name: high}), name) == high


@pytest.mark.parametrize(("change", "sentence"), [
    ({"keep_hours": 0}, "Backups kept: the hours of every backup must be between 1 and 168 (a week), not 0."),
    ({"keep_hours": 169}, "Backups kept: the hours of every backup must be between 1 and 168 (a week), not 169."),
    ({"keep_daily": 0}, "Backups kept: the days must be between 1 and 60, not 0."),
    ({"keep_daily": 61}, "Backups kept: the days must be between 1 and 60, not 61."),
    ({"keep_weekly": -1}, "Backups kept: the weeks must be between 0 and 52 (a year), not -1."),
    ({"keep_weekly": 53}, "Backups kept: the weeks must be between 0 and 52 (a year), not 53."),
    ({"keep_monthly": 121}, "Backups kept: the months must be between 0 and 120 (ten years), not 121."),
    ({"keep_others": 0}, "Backups kept: the safety copies of each kind must be between 1 and 10, not 0."),
    ({"keep_others": 11}, "Backups kept: the safety copies of each kind must be between 1 and 10, not 11."),
    ({"keep_daily": "7"}, "Backups kept: the days must be a whole number."),
    ({"keep_daily": True}, "Backups kept: the days must be a whole number."),
    ({"keep_daily": 7.0}, "Backups kept: the days must be a whole number."),
])
def test_numbers_outside_their_bounds_are_sentences_and_nothing_changes(opened, settings, change, sentence):
    before = settings.get(opened.user)
    with pytest.raises(ValidationError) as refused:
        settings.update(opened.user, studio_name="Renamed Ink", **change)
    assert str(refused.value) == sentence
    assert settings.get(opened.user) == before


def test_prune_reads_the_setting_each_time_not_only_at_start(opened, settings, backups, clock):
    names = []
    for _ in range(10):  # one backup a day for ten days, taken by a service made before any change
        names.append(backups.backup_now(opened.user).name)
        clock.advance(86400)
    settings.update(opened.user, keep_hours=1, keep_daily=8, keep_weekly=0, keep_monthly=0)
    backups.prune(opened.user)
    assert [r.name for r in backups.list_backups(opened.user)] == names[::-1][:8]
    settings.update(opened.user, keep_daily=3)
    gone = backups.prune(opened.user)
    assert [r.name for r in backups.list_backups(opened.user)] == names[::-1][:3]
    assert sorted(gone) == sorted(names[2:7])


def test_the_next_scheduled_backup_and_prune_follow_a_change(opened, stick, settings, backups, clock):
    from flows.jobs import Jobs
    from flows.runner import JobRunner
    from flows.schedule import BackupJobs

    # the scheduler's own cycle (backup, then prune), run directly as when Prefect is not up
    jobs = BackupJobs(JobRunner(Jobs(stick, backups=lambda: backups), available=lambda wait: False), clock.now)
    for _ in range(5):
        jobs.cycle(opened.user, "schedule")
        clock.advance(86400)
    assert len(backups.list_backups(opened.user)) == 5  # the defaults keep seven days
    settings.update(opened.user, keep_hours=1, keep_daily=2, keep_weekly=0, keep_monthly=0)
    jobs.cycle(opened.user, "schedule")
    assert len(backups.list_backups(opened.user)) == 2


def test_the_backups_status_says_what_the_setting_keeps(opened, settings, backups, staff):
    assert backups.status(staff).retention == RetentionPolicy().describe()
    changed = settings.update(opened.user, keep_daily=3, keep_weekly=0)
    assert backups.status(staff).retention == changed.backups_kept
    assert "the newest of each of the last 3 days and 12 months" in changed.backups_kept


def test_a_policy_given_to_the_service_still_wins(opened, stick, settings, clock):
    from app.services.backups.service import BackupService

    fixed = RetentionPolicy(hours=2, daily=2, weekly=0, monthly=0, others=1)
    service = BackupService(opened.db, stick, clock, policy=fixed)
    settings.update(opened.user, keep_daily=30)
    assert service.policy == fixed


def test_a_studio_from_before_this_setting_keeps_the_old_defaults(opened, settings, backups):
    from sqlalchemy import delete

    from app.db.models import Setting

    with opened.db.write() as conn:  # a database written by an earlier version has no keep_* rows
        conn.execute(delete(Setting).where(Setting.key.like("keep_%")))
    assert settings.get(opened.user).retention == RetentionPolicy() == backups.policy
    settings.update(opened.user, keep_daily=9)  # the first change writes them all
    assert backups.policy == RetentionPolicy(daily=9)
