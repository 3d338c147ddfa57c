"""The studio's opening hours: the admin sets them per weekday (closed days empty), the settings check and tidy
them, and the assistant's "which artist has three free hours?" counts free hours only within them."""

from __future__ import annotations

import json
from datetime import date, timedelta
from zoneinfo import ZoneInfo

import pytest

from app.ai.assistant.service import Ask
from app.domain.errors import ValidationError
from app.domain.opening_hours import DEFAULT_OPENING_HOURS, check_opening_hours, open_between
from app.services.settings import SettingsService
from tests.ai.support_assistant_models import prompt_text, says

WEDNESDAY_NOON_TO_SIX = ("10:00-20:00", "10:00-20:00", "12:00-18:00", "10:00-20:00", "10:00-20:00", "", "")


def _free_hours(astudio, start: str, end: str, hours: int = 3, artist: str | None = "ink") -> str:
    choice = {"query": "artist_free_hours", "start": start, "end": end, "hours": hours, "artist": artist}
    messages = astudio.service(says(json.dumps(choice))).prompt(astudio.admin, Ask("question", "free hours?"))
    return prompt_text(messages)


def test_free_hours_are_counted_within_that_days_opening_hours(astudio):
    astudio.set(opening_hours=WEDNESDAY_NOON_TO_SIX)
    prompt = _free_hours(astudio, "2026-12-02", "2026-12-02")  # Ink is booked 11:00-13:00 that Wednesday
    assert "Ink Moreno is free on Wednesday, December 2, 2026 from 1:00\u202fPM to 6:00\u202fPM." in prompt
    assert "8:00\u202fPM" not in prompt and "12:00\u202fPM" not in prompt


def test_a_closed_day_has_no_free_hours(astudio):
    closed_wednesday = ("10:00-20:00", "10:00-20:00", "", "09:00-13:00", "10:00-20:00", "", "")
    astudio.set(opening_hours=closed_wednesday)
    prompt = _free_hours(astudio, "2026-12-02", "2026-12-03", artist=None)
    assert "Wednesday" not in prompt.split("free hours?")[-1]
    assert "Ink Moreno is free on Thursday, December 3, 2026 from 9:00\u202fAM to 1:00\u202fPM." in prompt
    assert "Rosa Negra is free on Thursday, December 3, 2026 from 9:00\u202fAM to 1:00\u202fPM." in prompt
    prompt = _free_hours(astudio, "2026-12-02", "2026-12-03", hours=5, artist=None)
    assert "No artist has 5 free hours in a row" in prompt  # Thursday's four hours are not enough


def test_a_studio_that_never_set_them_keeps_ten_to_eight_every_day(opened):
    assert SettingsService(opened.db).get(opened.user).opening_hours == DEFAULT_OPENING_HOURS


def test_an_admin_sets_them_tidied_and_they_persist(opened):
    service = SettingsService(opened.db)
    typed = [" 9.30 - 18:00", "10:00-20:00", "10:00-20:00", "10:00-20:00", "10:00-24:00", "11:00\u201315:00", " "]
    service.update(opened.user, opening_hours=typed)
    assert tuple(service.get(opened.user).opening_hours) == (
        "09:30-18:00", "10:00-20:00", "10:00-20:00", "10:00-20:00", "10:00-24:00", "11:00-15:00", "")


@pytest.mark.parametrize(("hours", "message"), [
    (["10:00-20:00"] * 6, "one entry per weekday, Monday to Sunday"),
    ("10:00-20:00", "one entry per weekday, Monday to Sunday"),
    (["10:00-20:00", "20:00-10:00"] + [""] * 5, "on Tuesday must look like 10:00-20:00"),
    ([""] * 6 + ["noon till late"], "on Sunday must look like 10:00-20:00"),
    (["25:00-26:00"] + [""] * 6, "on Monday must look like"),
    (["10:00-24:30"] + [""] * 6, "on Monday must look like"),
    ([3] + [""] * 6, "on Monday must look like"),
])
def test_hours_that_are_not_valid_are_refused_with_a_sentence(opened, hours, message):
    with pytest.raises(ValidationError, match=message):
        SettingsService(opened.db).update(opened.user, opening_hours=hours)


def test_opening_hours_are_wall_clock_times_on_a_daylight_saving_day():
    madrid = ZoneInfo("Europe/Madrid")
    day = date(2026, 3, 29)  # clocks go forward at 02:00
    opens, closes = open_between(check_opening_hours(["10:00-20:00"] * 7), day, madrid)
    assert (opens.hour, closes.hour) == (10, 20)
    assert opens.utcoffset() == timedelta(hours=2) and closes - opens == timedelta(hours=10)
    assert open_between(("",) * 7, day, madrid) is None
