"""The assistant's settings: who may use it and include health, the aftercare text, the nightly briefing."""

from __future__ import annotations

import pytest

from app.domain.bounds import AFTERCARE_MAX
from app.domain.errors import ValidationError
from app.services.settings import SettingsService


def test_a_new_studio_keeps_the_assistant_to_admins_without_health_for_staff(opened):
    settings = SettingsService(opened.db).get(opened.user)
    assert (settings.assistant_for_staff, settings.assistant_health_for_staff, settings.nightly_briefing) == (
        False, False, False)
    assert settings.aftercare_text == ""


def test_an_admin_switches_them_and_they_persist(opened):
    service = SettingsService(opened.db)
    service.update(opened.user, assistant_for_staff=True, nightly_briefing=True,
                   aftercare_text="  Wash twice a day.  ")
    again = service.get(opened.user)
    assert (again.assistant_for_staff, again.nightly_briefing, again.aftercare_text) == (True, True,
                                                                                          "Wash twice a day.")


@pytest.mark.parametrize(("change", "message"), [
    ({"assistant_for_staff": "yes"}, "is on or off: give true or false"),
    ({"assistant_health_for_staff": 1}, "is on or off: give true or false"),
    ({"aftercare_text": "x" * (AFTERCARE_MAX + 1)}, "at most 4000 characters"),
])
def test_bad_values_are_refused_with_a_sentence(opened, change, message):
    with pytest.raises(ValidationError, match=message):
        SettingsService(opened.db).update(opened.user, **change)
