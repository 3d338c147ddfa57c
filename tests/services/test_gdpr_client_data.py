"""GDPR: a full machine-readable export; anonymisation after retention (admin only), money records kept."""

from __future__ import annotations

import base64
import json
from datetime import UTC, date, datetime

import pytest
from sqlalchemy import select

from app.core.clock import FixedClock
from app.db.models import Consent as ConsentRow
from app.db.models import MedicalProfile as ProfileRow
from app.domain.errors import ConflictError, ForbiddenError
from tests.services.support_clients import add_ink, add_payment, add_session, make_user, png, services

LAST_SESSION = datetime(2020, 6, 1, 10, 0, tzinfo=UTC)  # retention (10 years) runs to 2030-06-01


@pytest.fixture
def file(opened):
    """A client with a medical history, a session with consent (signed with a guardian), a payment and an ink."""
    clients, consents, _ = services(opened, FixedClock(LAST_SESSION))
    artist = make_user(opened, "diego", is_artist=True)
    client = clients.create(opened.user, first_name="Marta", last_name="Quintana", birth_date=date(2002, 9, 1),
                            phone="+34 655 444 333", email="marta.q@example.com", address="C/ Mayor 1",
                            emergency_contact="Eva (mother)", notes="Loves fine line")
    clients.save_medical(opened.user, client.id, allergies="nickel")
    clients.save_medical(opened.user, client.id, allergies="nickel, latex", medications="warfarin")
    clients.record_id_check(opened.user, client.id, "DNI")
    session = add_session(opened, client.id, artist.id, LAST_SESSION)
    consents.record(opened.user, session, form_version="v2", signature_png=png(), guardian_name="Eva Quintana",
                    guardian_relation="mother")
    payment = add_payment(opened, client.id, session, 15000, opened.user.id, LAST_SESSION)
    add_ink(opened, session, "Intenze", "True Black", "IB-77", date(2022, 1, 1))
    return client, session, payment


def test_export_holds_every_record_of_the_client_as_json(opened, file):
    client, session, payment = file
    _, _, gdpr = services(opened)
    data = gdpr.export(opened.user, client.id)
    assert json.loads(json.dumps(data)) == data
    assert data["client"]["last_name"] == "Quintana" and data["client"]["birth_date"] == "2002-09-01"
    assert [(m["version"], m["allergies"]) for m in data["medical_profiles"]] == [(1, "nickel"), (2, "nickel, latex")]
    [consent] = data["consents"]
    assert base64.b64decode(consent["signature_png_base64"]) == png()
    assert consent["guardian_name"] == "Eva Quintana" and "signature_png" not in consent
    assert [s["id"] for s in data["sessions"]] == [session]
    assert [(p["id"], p["amount_minor"]) for p in data["payments"]] == [(payment, 15000)]
    assert [(i["brand"], i["lot"]) for i in data["inks"]] == [("Intenze", "IB-77")]


def test_staff_may_export(opened, file):
    client, _, _ = file
    _, _, gdpr = services(opened)
    assert gdpr.export(make_user(opened, "desk"), client.id)["client"]["id"] == client.id


def test_anonymising_inside_the_retention_period_is_refused(opened, file):
    client, _, _ = file
    _, _, gdpr = services(opened, FixedClock(datetime(2030, 5, 31, 12, 0, tzinfo=UTC)))
    with pytest.raises(ConflictError, match="kept until 2030-06-01 .10 years after their last session"):
        gdpr.anonymise(opened.user, client.id)


def test_staff_may_not_anonymise(opened, file):
    client, _, _ = file
    _, _, gdpr = services(opened, FixedClock(datetime(2031, 1, 1, tzinfo=UTC)))
    with pytest.raises(ForbiddenError, match="Only an admin can anonymise clients"):
        gdpr.anonymise(make_user(opened, "desk"), client.id, override=True)


def test_anonymising_erases_personal_data_and_keeps_the_money(opened, file):
    client, session, payment = file
    clients, _, gdpr = services(opened, FixedClock(datetime(2030, 6, 1, 12, 0, tzinfo=UTC)))
    done = gdpr.anonymise(opened.user, client.id)
    assert (done.first_name, done.last_name) == ("Anonymised", "Anonymised")
    assert done.anonymised_at == datetime(2030, 6, 1, 12, 0, tzinfo=UTC)
    assert (done.birth_date, done.phone, done.email, done.address, done.emergency_contact, done.notes,
            done.id_check_type, done.id_checked_by) == (None,) * 8
    detail = clients.detail(opened.user, client.id)
    assert detail.medical is None and detail.alerts == ()
    assert [s.id for s in detail.sessions] == [session] and [p.id for p in detail.payments] == [payment]
    assert [(c.has_signature, c.guardian_name, c.guardian_relation) for c in detail.consents] == [(False, None, None)]
    with opened.db.read() as conn:
        assert conn.execute(select(ProfileRow.id).where(ProfileRow.client_id == client.id)).all() == []
        assert conn.execute(select(ConsentRow.signature_png)).scalars().all() == [None]


def test_an_admin_may_override_the_retention_period(opened, file):
    client, _, _ = file
    _, _, gdpr = services(opened, FixedClock(datetime(2021, 1, 1, tzinfo=UTC)))
    assert gdpr.anonymise(opened.user, client.id, override=True).anonymised_at is not None


def test_a_client_with_no_sessions_can_be_anonymised_at_once(opened):
    clients, _, gdpr = services(opened)
    client = clients.create(opened.user, first_name="Only", last_name="Enquired")
    assert gdpr.anonymise(opened.user, client.id).last_name == "Anonymised"


def test_search_no_longer_finds_an_anonymised_client(opened, file):
    client, _, _ = file
    clients, _, gdpr = services(opened, FixedClock(datetime(2031, 1, 1, tzinfo=UTC)))
    assert [c.id for c in clients.search(opened.user, "marta quin")] == [client.id]
    gdpr.anonymise(opened.user, client.id)
    for typed in ("marta", "quintana", "655", "marta.q", "anonymised"):
        assert clients.search(opened.user, typed) == [], typed


def test_an_anonymised_client_stays_anonymised(opened, file):
    client, session, _ = file
    clients, consents, gdpr = services(opened, FixedClock(datetime(2031, 1, 1, tzinfo=UTC)))
    gdpr.anonymise(opened.user, client.id)
    with pytest.raises(ConflictError, match="already anonymised"):
        gdpr.anonymise(opened.user, client.id)
    with pytest.raises(ConflictError, match="anonymised"):
        clients.update(opened.user, client.id, first_name="Marta")
    with pytest.raises(ConflictError, match="anonymised"):
        clients.save_medical(opened.user, client.id, allergies="latex")
    with pytest.raises(ConflictError, match="anonymised"):
        consents.record(opened.user, session, form_version="v2", signature_png=png())
