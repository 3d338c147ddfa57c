"""Tomorrow's briefing: made from one artist's own day only (sessions, whose alert to read, what is owed,
ink lots about to expire), phrased by the model when there is one, kept for the artist's dashboard, and run
each night for every artist through the JobRunner with ids and dates only."""

from __future__ import annotations

import time
from datetime import UTC, datetime

import pytest

from app.domain.errors import ConflictError
from flows.briefings import JOB, BriefingJobs, NightlyBriefings
from flows.jobs import Jobs
from flows.runner import JobRunner
from tests.ai.support_assistant_models import prompt_text, says
from tests.ai.support_assistant_studio import ALLERGY, CONDITION, TOMORROW


def test_an_artists_facts_are_their_own_day_only(astudio):
    facts = "\n".join(astudio.briefings().facts(astudio.ink, TOMORROW))
    assert "Leo Pérez with Ink Moreno, shoulder" in facts
    assert "Leo Pérez has a health alert: read it on the client's page" in facts
    assert "Leo Pérez still owes €300.00 for this session." in facts
    assert "Eternal Black, lot A1" in facts and "R9" not in facts
    assert "Ana Gómez" not in facts and "Rosa Negra" not in facts  # another artist's client and name
    assert ALLERGY not in facts and CONDITION not in facts  # whose alert to read, never the alert itself
    rosas = "\n".join(astudio.briefings().facts(astudio.rosa, TOMORROW))
    assert "Ana Gómez with Rosa Negra, wrist" in rosas and "Leo" not in rosas
    assert "health alert" not in rosas and "Ana Gómez still owes €90.00" in rosas


def test_only_artists_get_one(astudio):
    with pytest.raises(ConflictError, match="Only artists get a briefing"):
        astudio.briefings().facts(astudio.staff, TOMORROW)


def test_the_model_phrases_it_from_that_artists_facts_and_it_is_kept_for_them(astudio):
    model = says("Tomorrow: Leo at 11, read his alert, €300 due.")
    made = astudio.briefings(model).make(astudio.ink, TOMORROW)
    assert made.text == "Tomorrow: Leo at 11, read his alert, €300 due." and made.sessions == 1
    (messages, _kwargs), = model.calls
    prompt = prompt_text(messages)
    assert "Ink Moreno" in prompt and "Leo Pérez" in prompt and "Ana Gómez" not in prompt and ALLERGY not in prompt
    assert astudio.briefings().mine(astudio.ink).text == made.text
    assert astudio.briefings().mine(astudio.admin) is None


def test_without_a_model_the_facts_are_the_briefing(astudio):
    made = astudio.briefings().make(astudio.rosa, TOMORROW)
    assert made.text == "\n".join(astudio.briefings().facts(astudio.rosa, TOMORROW))
    assert astudio.briefings().mine(astudio.rosa).day == TOMORROW


def test_each_night_every_artist_gets_one_through_the_job_runner(astudio):
    briefings = astudio.briefings()
    jobs = Jobs(astudio.paths, settings=lambda: astudio.reads.settings_service, briefings=lambda: briefings)
    nightly = BriefingJobs(JobRunner(jobs, available=lambda _wait: False), astudio.clock.now)
    assert nightly.tonight(astudio.admin) == 0  # the setting is off in a new studio
    astudio.set(nightly_briefing=True)
    assert nightly.tonight(astudio.admin) == 0  # 11:00 in Madrid: not night yet
    astudio.clock.at = datetime(2026, 12, 1, 20, 30, tzinfo=UTC)  # 21:30 in Madrid
    assert nightly.tonight(astudio.admin) == 2  # Ink Moreno and Rosa Negra; the desk account is no artist
    assert nightly.tonight(astudio.admin) == 0  # once a night
    assert "Leo Pérez" in briefings.mine(astudio.ink).text and "Ana Gómez" in briefings.mine(astudio.rosa).text
    history = (astudio.paths.data / "jobs.json").read_text(encoding="utf-8")
    assert history.count(JOB) >= 2
    assert not any(word in history for word in ("Leo", "Ana", "Ink Moreno", "Rosa", ALLERGY))


def test_the_running_app_checks_each_night_in_the_background(astudio):
    briefings = astudio.briefings()
    jobs = Jobs(astudio.paths, settings=lambda: astudio.reads.settings_service, briefings=lambda: briefings)
    nightly = BriefingJobs(JobRunner(jobs, available=lambda _wait: False), astudio.clock.now)
    astudio.set(nightly_briefing=True)
    astudio.clock.at = datetime(2026, 12, 1, 22, 0, tzinfo=UTC)
    poller = NightlyBriefings(nightly, astudio.admin, poll=0.02).start()
    try:
        deadline = time.monotonic() + 20
        while nightly.due(astudio.admin) is not None and time.monotonic() < deadline:
            time.sleep(0.05)
    finally:
        poller.stop()
    assert nightly.due(astudio.admin) is None and briefings.mine(astudio.rosa).made_at == astudio.clock.at
