"""Clients: create with checks and duplicate detection, edit, ID check, history, audit without names."""

from __future__ import annotations

from datetime import UTC, date, datetime

import pytest
from sqlalchemy import select

from app.db.models import AuditEvent
from app.domain.clients import DuplicateClientError
from app.domain.errors import AuthError, NotFoundError, ValidationError
from tests.services.support_clients import NOW, add_ink, add_payment, add_session, make_user, png, services

ANA = {"first_name": "Ana", "last_name": "López García", "birth_date": date(1995, 4, 2),
       "phone": "+34 612 345 678", "email": "ana.lopez@example.com"}


def test_creates_a_client_with_trimmed_fields(opened):
    clients, _, _ = services(opened)
    client = clients.create(opened.user, first_name="  Ana ", last_name="López ", email=" a@b.es ", notes="  ")
    assert (client.first_name, client.last_name, client.email, client.notes) == ("Ana", "López", "a@b.es", None)
    assert client.marketing_consent is False and client.anonymised_at is None


@pytest.mark.parametrize("fields, message", [
    ({"first_name": "", "last_name": "López"}, "first name is missing"),
    ({"first_name": "Ana", "last_name": "   "}, "last name is missing"),
    ({"first_name": "Ana"}, "last name is missing"),
    ({"first_name": "Ana", "last_name": "L", "email": "ana@nowhere"}, "not an email address"),
    ({"first_name": "Ana", "last_name": "L", "email": "ana lopez@x.es"}, "not an email address"),
    ({"first_name": "Ana", "last_name": "L", "phone": "call me"}, "not a phone number"),
    ({"first_name": "Ana", "last_name": "L", "phone": "123"}, "not a phone number"),
    ({"first_name": "Ana", "last_name": "L", "birth_date": date(2026, 3, 11)}, "in the future"),
    ({"first_name": "Ana", "last_name": "L", "birth_date": date(1899, 12, 31)}, "before 1900"),
])
def test_refuses_bad_client_fields_with_a_sentence(opened, fields, message):
    clients, _, _ = services(opened)
    with pytest.raises(ValidationError, match=message):
        clients.create(opened.user, **fields)


def test_refuses_same_name_and_birth_date_ignoring_case_and_accents(opened):
    clients, _, _ = services(opened)
    first = clients.create(opened.user, **ANA)
    with pytest.raises(DuplicateClientError) as refused:
        clients.create(opened.user, first_name="ANA", last_name="lopez  garcia", birth_date=date(1995, 4, 2))
    assert refused.value.duplicate_ids == (first.id,)
    assert first.id in str(refused.value) and "allow_duplicate" in str(refused.value)


def test_same_name_with_another_birth_date_is_not_a_duplicate(opened):
    clients, _, _ = services(opened)
    clients.create(opened.user, **ANA)
    clients.create(opened.user, first_name="Ana", last_name="López García", birth_date=date(1996, 4, 2))


def test_refuses_the_same_phone_typed_differently(opened):
    clients, _, _ = services(opened)
    first = clients.create(opened.user, **ANA)
    with pytest.raises(DuplicateClientError) as refused:
        clients.create(opened.user, first_name="Marta", last_name="Ruiz", phone="612-345-678")
    assert refused.value.duplicate_ids == (first.id,)


def test_allow_duplicate_adds_the_client_anyway(opened):
    clients, _, _ = services(opened)
    first = clients.create(opened.user, **ANA)
    second = clients.create(opened.user, allow_duplicate=True, **ANA)
    assert second.id != first.id


def test_html_in_names_is_stored_verbatim(opened):
    clients, _, _ = services(opened)
    name = "<script>alert('x')</script>"
    client = clients.create(opened.user, first_name=name, last_name="<b>Bold</b> & Co")
    stored = clients.detail(opened.user, client.id).client
    assert (stored.first_name, stored.last_name) == (name, "<b>Bold</b> & Co")


def test_edit_changes_and_clears_fields_but_not_names(opened):
    clients, _, _ = services(opened)
    client = clients.create(opened.user, **ANA)
    changed = clients.update(opened.user, client.id, phone="+34 699 000 111", email=None, photo_consent=True)
    assert (changed.phone, changed.email, changed.photo_consent) == ("+34 699 000 111", None, True)
    assert changed.first_name == "Ana"
    with pytest.raises(ValidationError, match="first name is missing"):
        clients.update(opened.user, client.id, first_name=" ")
    with pytest.raises(ValidationError, match="no field"):
        clients.update(opened.user, client.id, anonymised_at=NOW)


def test_id_check_records_type_who_and_when(opened):
    clients, _, _ = services(opened)
    desk = make_user(opened, "desk")
    client = clients.create(opened.user, **ANA)
    checked = clients.record_id_check(desk, client.id, " Passport ")
    assert (checked.id_check_type, checked.id_checked_by, checked.id_checked_at) == ("Passport", desk.id, NOW)
    with pytest.raises(ValidationError, match="which document"):
        clients.record_id_check(desk, client.id, "")


def test_unknown_client_and_missing_actor_are_refused(opened):
    clients, _, _ = services(opened)
    with pytest.raises(NotFoundError, match="no such client"):
        clients.detail(opened.user, "no-such-id")
    with pytest.raises(NotFoundError):
        clients.update(opened.user, "no-such-id", notes="x")
    with pytest.raises(AuthError):
        clients.create(None, **ANA)


def test_detail_carries_sessions_payments_consents_and_inks(opened):
    clients, consents, _ = services(opened)
    artist = make_user(opened, "kenji", is_artist=True)
    client = clients.create(opened.user, **ANA)
    at = datetime(2026, 2, 1, 10, 0, tzinfo=UTC)
    session = add_session(opened, client.id, artist.id, at, placement="left ankle")
    add_payment(opened, client.id, session, 12000, opened.user.id, at, kind="payment", method="cash")
    add_ink(opened, session, "Eternal", "Lipstick Red", "LOT-42", date(2027, 1, 31))
    consents.record(opened.user, session, form_version="2026-01", signature_png=png())
    detail = clients.detail(opened.user, client.id)
    assert [(s.artist_name, s.status, s.placement, s.starts_at) for s in detail.sessions] == [
        ("Kenji", "done", "left ankle", at)]
    assert [(p.amount_minor, p.kind, p.method) for p in detail.payments] == [(12000, "payment", "cash")]
    assert [(c.form_version, c.has_signature) for c in detail.consents] == [("2026-01", True)]
    assert [(i.brand, i.colour, i.lot) for i in detail.inks] == [("Eternal", "Lipstick Red", "LOT-42")]
    assert detail.medical is None and detail.alerts == ()


def test_audit_events_name_no_client(opened):
    clients, _, _ = services(opened)
    client = clients.create(opened.user, **ANA)
    clients.update(opened.user, client.id, notes="Prefers mornings")
    clients.save_medical(opened.user, client.id, allergies="latex")
    with opened.db.read() as conn:
        summaries = conn.execute(select(AuditEvent.summary).where(AuditEvent.entity_id == client.id)).scalars().all()
    assert len(summaries) == 3
    assert not [s for s in summaries if "Ana" in s or "López" in s or "latex" in s or "Prefers" in s]
