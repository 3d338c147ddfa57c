"""Studio settings: everyone reads them, only admins change them, and bad values are explained."""

from __future__ import annotations

import pytest

from app.domain.errors import ForbiddenError, ValidationError
from app.services.settings import SettingsService
from app.services.users import UserService


@pytest.fixture
def settings(opened):
    return SettingsService(opened.db)


@pytest.fixture
def staff(opened, stick):
    return UserService(opened.db, stick).create(opened.user, username="sam", display_name="Sam", role="staff",
                                                password="staff password")


def test_admin_changes_settings_and_they_persist(opened, settings):
    settings.update(opened.user, minimum_age=21, buffer_minutes=30, currency="usd")
    again = settings.get(opened.user)
    assert (again.minimum_age, again.buffer_minutes, again.currency) == (21, 30, "USD")


def test_staff_read_but_cannot_change_settings(settings, staff):
    assert settings.get(staff).timezone == "Europe/Madrid"
    with pytest.raises(ForbiddenError, match="Only an admin can change the studio settings"):
        settings.update(staff, minimum_age=16)


@pytest.mark.parametrize("change, message", [
    ({"minimum_age": 12}, "Minimum age must be between 16 and 99"),
    ({"timezone": "Nowhere/Land"}, "not a time zone"),
    ({"currency": "XXXX"}, "not a currency code"),
    ({"locale": "qq_QQ"}, "not a language and region this app knows"),  # a 500 in the payments fuzz before
    ({"colour": "red"}, "There is no setting called colour"),
])
def test_bad_values_are_refused_and_nothing_changes(opened, settings, change, message):
    before = settings.get(opened.user)
    with pytest.raises(ValidationError, match=message):
        settings.update(opened.user, **change)
    assert settings.get(opened.user) == before


def test_changes_are_audited_without_values(opened, settings):
    from app.services.audit import AuditService

    settings.update(opened.user, studio_name="Renamed Ink")
    entry = AuditService(opened.db).recent(opened.user, entity="settings")[0]
    assert entry.summary == "Settings changed: studio_name" and entry.actor_username == "boss"
    assert "Renamed" not in entry.summary
