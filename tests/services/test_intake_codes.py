"""Intake codes: random, stored only as a hash, short-lived, single use (a kiosk's for the day), revocable,
opened by staff (kiosk: admins only), every action audited."""

from __future__ import annotations

from datetime import date, timedelta

import pytest
from sqlalchemy import select

from app.db.models import AuditEvent, IntakeCode
from app.domain.errors import ForbiddenError, NotFoundError, ValidationError
from app.services.intake.codes import CodeGoneError, code_hash
from app.services.settings import SettingsService
from tests.services.support_clients import NOW, add_session, make_user, services
from tests.services.support_intake import intake


def test_a_code_is_random_and_only_its_hash_is_stored(opened):
    codes, _, _ = intake(opened)
    opened_code = codes.open(opened.user, "new_client")
    other = codes.open(opened.user, "new_client")
    assert len(opened_code.code) >= 43 and opened_code.code != other.code  # token_urlsafe(32): 256 bits
    with opened.db.read() as conn:
        stored = conn.execute(select(IntakeCode.code_hash)).scalars().all()
    assert code_hash(opened_code.code) in stored and opened_code.code not in stored
    assert opened.db.path.read_bytes().find(opened_code.code.encode()) == -1


def test_a_code_lives_the_setting_s_minutes_at_most_ten(opened):
    codes, _, _ = intake(opened)
    assert codes.open(opened.user, "new_client").record.expires_at == NOW + timedelta(minutes=10)
    SettingsService(opened.db).update(opened.user, intake_code_minutes=3)
    assert codes.open(opened.user, "new_client").record.expires_at == NOW + timedelta(minutes=3)
    with pytest.raises(ValidationError, match="between 1 and 10"):
        SettingsService(opened.db).update(opened.user, intake_code_minutes=11)


def test_a_code_is_exchanged_once_then_says_used(opened):
    codes, _, _ = intake(opened)
    code = codes.open(opened.user, "new_client").code
    ticket = codes.exchange(code)
    assert ticket.kind == "new_client" and ticket.expires_at > NOW
    with pytest.raises(CodeGoneError, match="already used") as gone:
        codes.exchange(code)
    assert gone.value.reason == "used"
    assert codes.open_codes() == []  # a used one-time code keeps nothing open


def test_an_expired_code_says_so(opened):
    codes, _, clock = intake(opened)
    code = codes.open(opened.user, "new_client").code
    clock.advance(10 * 60)
    with pytest.raises(CodeGoneError, match="expired") as gone:
        codes.exchange(code)
    assert gone.value.reason == "expired" and codes.open_codes() == []


def test_an_unknown_code_is_not_found(opened):
    codes, _, _ = intake(opened)
    with pytest.raises(NotFoundError, match="not known"):
        codes.exchange("x" * 43)


def test_revoking_closes_a_code_and_a_form_opened_with_it(opened):
    codes, _, _ = intake(opened)
    kiosk = codes.open(opened.user, "kiosk")
    ticket = codes.exchange(kiosk.code)
    codes.revoke(opened.user, kiosk.record.id)
    with pytest.raises(CodeGoneError, match="withdrew"):
        codes.exchange(kiosk.code)
    with pytest.raises(CodeGoneError, match="withdrew"):
        codes.still_good(ticket)
    assert codes.open_codes() == []


def test_a_kiosk_code_serves_many_forms_until_the_studio_s_midnight(opened):
    codes, _, clock = intake(opened)
    kiosk = codes.open(opened.user, "kiosk")
    # NOW is 12:00 UTC on 10 March = 13:00 in Madrid; the day ends at 23:00 UTC
    assert kiosk.record.expires_at == NOW.replace(hour=23)
    first, second = codes.exchange(kiosk.code), codes.exchange(kiosk.code)
    assert first.code_id == second.code_id == kiosk.record.id
    clock.advance(11 * 3600)
    with pytest.raises(CodeGoneError, match="expired"):
        codes.exchange(kiosk.code)


def test_staff_open_codes_but_only_an_admin_opens_a_kiosk_code(opened):
    codes, _, _ = intake(opened)
    staff = make_user(opened, "desk")
    assert codes.open(staff, "new_client").record.created_by == staff.id
    with pytest.raises(ForbiddenError, match="Only an admin can open a kiosk code"):
        codes.open(staff, "kiosk")


def test_a_check_in_code_names_a_booked_session(opened):
    codes, _, _ = intake(opened)
    clients, _, _ = services(opened)
    artist = make_user(opened, "nuria", is_artist=True)
    client = clients.create(opened.user, first_name="Kim", last_name="Lee", birth_date=date(1990, 1, 1))
    session = add_session(opened, client.id, artist.id, NOW + timedelta(hours=2), status="booked")
    with pytest.raises(ValidationError, match="one session"):
        codes.open(opened.user, "check_in")
    with pytest.raises(NotFoundError):
        codes.open(opened.user, "check_in", "00000000-0000-4000-8000-000000000000")
    done = add_session(opened, client.id, artist.id, NOW - timedelta(days=2), status="done")
    with pytest.raises(Exception, match="booked session"):
        codes.open(opened.user, "check_in", done)
    ticket = codes.exchange(codes.open(opened.user, "check_in", session).code)
    assert (ticket.kind, ticket.session_id, ticket.minor_possible) == ("check_in", session, False)


def test_every_action_on_a_code_is_audited_without_the_code(opened):
    codes, _, _ = intake(opened)
    opened_code = codes.open(opened.user, "new_client")
    codes.exchange(opened_code.code)
    codes.revoke(opened.user, opened_code.record.id)
    with opened.db.read() as conn:
        events = conn.execute(select(AuditEvent.action, AuditEvent.actor_id, AuditEvent.summary)
                              .where(AuditEvent.entity == "intake_code")).all()
    assert [e.action for e in events] == ["open", "exchange", "revoke"]
    assert [e.actor_id for e in events] == [opened.user.id, None, opened.user.id]
    assert not [e for e in events if opened_code.code in e.summary]
