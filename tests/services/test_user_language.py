"""Each user may choose the language of their own screens: for themselves, or anyone's for an admin; unknown codes
are refused with a sentence naming the languages there are; every change leaves an audit line."""

from __future__ import annotations

import pytest

from app.core import i18n
from app.db.repos.audit import AuditRepository
from app.domain.errors import ForbiddenError, ValidationError
from app.services.users import UserService

PASSWORD = "a long enough password"


@pytest.fixture
def users(opened, stick):
    return UserService(opened.db, stick)


@pytest.fixture
def staff(users, opened):
    return users.create(opened.user, username="sam", display_name="Sam", role="staff", password=PASSWORD)


def test_a_new_account_speaks_the_studio_language_until_it_chooses(users, staff):
    assert staff.language is None
    assert users.get(staff, staff.id).language is None


def test_staff_set_their_own_language_and_back_to_the_studio_one(users, staff, opened):
    assert users.set_language(staff, staff.id, "de").language == "de"
    assert users.get(opened.user, staff.id).language == "de"
    assert users.set_language(staff, staff.id, None).language is None
    assert users.get(staff, staff.id).language is None


def test_the_token_holder_read_after_a_change_has_the_new_language(users, staff):
    assert users.check_token_holder(staff.id, staff.token_version).language is None  # cached from here on
    users.set_language(staff, staff.id, "fr")
    assert users.check_token_holder(staff.id, staff.token_version).language == "fr"


def test_staff_may_not_set_a_colleagues_language_but_an_admin_may(users, staff, opened):
    with pytest.raises(ForbiddenError):
        users.set_language(staff, opened.user.id, "pt")
    assert users.get(opened.user, opened.user.id).language is None
    assert users.set_language(opened.user, staff.id, "it").language == "it"


@pytest.mark.parametrize("code", ["xx", "de_DE", "klingon", ""])
def test_an_unknown_code_is_refused_naming_the_languages_there_are(users, staff, code):
    with i18n.speaking("en"), pytest.raises(ValidationError) as refused:
        users.set_language(staff, staff.id, code)
    sentence = str(refused.value)
    assert f"'{code}'" in sentence
    for language in i18n.LANGUAGES:
        assert f"{language} ({i18n.NAMES[language]})" in sentence
    assert users.get(staff, staff.id).language is None


def test_every_change_leaves_an_audit_line(users, staff, opened):
    users.set_language(staff, staff.id, "es")
    users.set_language(opened.user, staff.id, None)
    with opened.db.read() as conn:
        back, chosen = AuditRepository().recent(conn, since=None, until=None, entity="user", limit=2)
    assert (chosen.action, chosen.entity, chosen.entity_id, chosen.actor_id) == ("language", "user", staff.id, staff.id)
    assert "sam" in chosen.summary and "Español" in chosen.summary
    assert (back.action, back.entity_id, back.actor_id) == ("language", staff.id, opened.user.id)
    assert "sam" in back.summary and "studio" in back.summary
