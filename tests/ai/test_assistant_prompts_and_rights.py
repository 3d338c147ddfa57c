"""Who may use the assistant, what reaches its prompts (health only when allowed and ticked), in which language,
and that an answer never changes anything or logs what was typed."""

from __future__ import annotations

import logging

import pytest
from sqlalchemy import func, select

from app.ai.assistant.prompts import DEFAULT_AFTERCARE
from app.ai.assistant.service import Ask
from app.db.models import Client, InkLot, MedicalProfile, Payment, Session, Setting
from app.domain.errors import ForbiddenError, ValidationError
from tests.ai.support_assistant_models import prompt_text, says
from tests.ai.support_assistant_studio import ALLERGY, CONDITION


def _summary(astudio, actor, include_health: bool) -> str:
    return prompt_text(astudio.service().prompt(actor, Ask("summary", "Leo Pérez", include_health=include_health)))


def test_staff_may_not_use_the_assistant_until_an_admin_allows_it(astudio):
    with pytest.raises(ForbiddenError, match="not switched on for your role. Ask an admin"):
        astudio.service().prompt(astudio.staff, Ask("aftercare", "fresh forearm piece"))
    assert astudio.service().status(astudio.staff).allowed is False
    astudio.set(assistant_for_staff=True)
    assert astudio.service().status(astudio.staff).allowed is True
    assert astudio.service().prompt(astudio.staff, Ask("aftercare", "fresh forearm piece"))


def test_no_health_for_staff_without_the_right_even_when_ticked(astudio):
    astudio.set(assistant_for_staff=True)
    assert astudio.service().status(astudio.staff).health_allowed is False
    with pytest.raises(ForbiddenError, match="may not include health information"):
        _summary(astudio, astudio.staff, include_health=True)
    prompt = _summary(astudio, astudio.staff, include_health=False)
    assert "Leo Pérez" in prompt and "No-shows: 1" in prompt
    assert ALLERGY not in prompt and CONDITION not in prompt and "Health" not in prompt


def test_no_health_without_the_tick_even_for_those_allowed(astudio):
    astudio.set(assistant_for_staff=True, assistant_health_for_staff=True)
    for actor in (astudio.staff, astudio.admin):
        prompt = _summary(astudio, actor, include_health=False)
        assert ALLERGY not in prompt and CONDITION not in prompt


def test_health_alerts_reach_the_summary_when_allowed_and_ticked(astudio):
    prompt = _summary(astudio, astudio.admin, include_health=True)
    assert f"Health alert: Allergies: {ALLERGY}" in prompt and CONDITION in prompt
    astudio.set(assistant_for_staff=True, assistant_health_for_staff=True)
    assert ALLERGY in _summary(astudio, astudio.staff, include_health=True)


def test_aftercare_is_drafted_from_the_studios_own_text(astudio):
    prompt = prompt_text(astudio.service().prompt(astudio.admin, Ask("aftercare", "fresh forearm, eczema")))
    assert DEFAULT_AFTERCARE in prompt and "fresh forearm, eczema" in prompt
    astudio.set(aftercare_text="Bepanthen three times a day; no gym for 48 hours.")
    prompt = prompt_text(astudio.service().prompt(astudio.admin, Ask("aftercare", "fresh forearm")))
    assert "Bepanthen three times a day" in prompt and DEFAULT_AFTERCARE not in prompt


def test_prompts_are_in_the_studios_language(astudio):
    astudio.set(locale="es")
    router = says('{"query": "bookings_on_day", "day": "2026-12-02"}')
    prompt = prompt_text(astudio.service(router).prompt(astudio.admin, Ask("question", "¿quién viene mañana?")))
    assert "español" in prompt  # the model is told to write in the studio's language
    assert "miércoles, 2 de diciembre de 2026" in prompt  # the facts' dates in it too
    translate = prompt_text(astudio.service().prompt(astudio.admin, Ask("translate", "Hola", language="de")))
    assert "alemán" in translate


def test_reply_and_translation_drafts(astudio):
    reply = prompt_text(astudio.service().prompt(astudio.admin, Ask("reply", "Can I come Friday?", language="fr")))
    assert "Can I come Friday?" in reply and "French" in reply and "Do not confirm a booking" in reply
    with pytest.raises(ValidationError, match="Choose the language to translate into"):
        astudio.service().prompt(astudio.admin, Ask("translate", "Hello"))
    with pytest.raises(ValidationError, match="is not a language code"):
        astudio.service().prompt(astudio.admin, Ask("translate", "Hello", language="zz-nowhere"))


def _counts(db) -> dict[str, int]:
    with db.read() as conn:
        return {t.__tablename__: conn.execute(select(func.count()).select_from(t)).scalar_one()
                for t in (Client, Session, Payment, InkLot, MedicalProfile, Setting)}


def test_answers_change_nothing_and_log_nothing_typed(astudio, caplog):
    before, audit = _counts(astudio.db), astudio.audit_count()
    typed = ["Leo Pérez", "secret typed words", "what did we take in cash this week?"]
    caplog.set_level(logging.DEBUG)
    service = astudio.service(says("draft one", "draft two", '{"query": "takings_by_method", "start": '
                                   '"2026-11-30", "end": "2026-12-06", "method": null}', "we took fifty"))
    for ask in (Ask("summary", typed[0], include_health=True), Ask("reply", typed[1]), Ask("question", typed[2])):
        assert "".join(service.answer(astudio.admin, ask))
    assert _counts(astudio.db) == before and astudio.audit_count() == audit
    assert not any(t in caplog.text for t in typed) and ALLERGY not in caplog.text
