"""Pending registrations: a phone's form is checked (every mistake in a sentence), kept apart with its safety
flags and likely matches, and reaches the records only when staff accept it; rejecting leaves nothing behind;
a check-in signs the session's consent and adds a medical version only when something changed."""

from __future__ import annotations

from datetime import date, timedelta

import pytest
from cryptography.hazmat.primitives.ciphers import Cipher, algorithms, modes
from sqlalchemy import select

from app.db.models import AuditEvent, IntakeConsent, PendingRegistration
from app.db.repos.medical import MedicalRepository
from app.domain.errors import NotFoundError
from app.domain.intake_rules import FormError
from app.services.intake.codes import CodeGoneError
from tests.services.support_clients import NOW, add_session, make_user, png, services
from tests.services.support_intake import form, intake


def _send(opened, codes, pending, fields: dict, kind: str = "new_client", signature: bytes | None = None,
          guardian: bytes = b"") -> str:
    ticket = codes.exchange(codes.open(opened.user, kind).code)
    return pending.submit(ticket, fields, png() if signature is None else signature, remote_addr="192.168.1.23",
                          user_agent="Mozilla/5.0 (iPhone)", guardian_signature_png=guardian)


PAGE, RESERVE, SALT = 4096, 80, 16  # SQLCipher 4: 4 KiB pages ending in a 16-byte IV and a 64-byte HMAC


def plain_dump(opened, tmp_path) -> bytes:
    """Every page of the database file decrypted with the studio's key, free pages included: what a thief
    holding the key would read off the stick, and more than any SQL export shows."""
    key = bytes.fromhex(opened.db.key_hex())
    raw, plain = opened.db.path.read_bytes(), bytearray()
    for start in range(0, len(raw), PAGE):
        page = raw[start:start + PAGE]
        skip = SALT if start == 0 else 0
        iv = page[PAGE - RESERVE:PAGE - RESERVE + 16]
        decryptor = Cipher(algorithms.AES(key), modes.CBC(iv)).decryptor()
        plain += decryptor.update(page[skip:PAGE - RESERVE]) + decryptor.finalize()
    return bytes(plain)


def test_a_sent_form_waits_with_its_flags_and_nothing_reaches_the_clients(opened):
    codes, pending, _ = intake(opened)
    clients, _, _ = services(opened)
    pending_id = _send(opened, codes, pending, form(allergies="latex", conditions="epilepsy",
                                                     medications="Sintrom 4 mg", pregnancy="yes"))
    [entry] = pending.listing(opened.user)
    assert (entry.id, entry.first_name, entry.birth_date) == (pending_id, "Lena", date(1994, 7, 2))
    assert [f.kind for f in entry.flags] == ["allergy", "condition", "anticoagulant", "pregnancy"]
    assert clients.search(opened.user, "Okafor") == []
    detail = pending.detail(opened.user, pending_id)
    assert detail.remote_addr == "192.168.1.23" and detail.user_agent == "Mozilla/5.0 (iPhone)"
    assert detail.has_signature and detail.form_version == "qr-1" and detail.signed_at == NOW
    assert pending.signature(opened.user, pending_id) == png()


def test_every_mistake_comes_back_at_once_in_a_sentence(opened):
    codes, pending, _ = intake(opened)
    with pytest.raises(FormError) as wrong:
        _send(opened, codes, pending, form(first_name="", birth_date="02/07/1994", email="lena(at)x",
                                           treatment_consent=""), signature=b"")
    assert set(wrong.value.errors) == {"first_name", "birth_date", "email", "treatment_consent", "signature"}
    assert "YYYY-MM-DD" in wrong.value.errors["birth_date"]
    assert pending.listing(opened.user) == []


def test_a_minor_needs_a_guardian_and_under_sixteen_is_refused(opened):
    codes, pending, _ = intake(opened)
    seventeen = (NOW.date() - timedelta(days=17 * 365 + 10)).isoformat()
    with pytest.raises(FormError) as wrong:
        _send(opened, codes, pending, form(birth_date=seventeen))
    assert set(wrong.value.errors) == {"guardian_name", "guardian_relation", "guardian_signature"}
    pending_id = _send(opened, codes, pending, form(birth_date=seventeen, guardian_name="Ada Okafor",
                                                    guardian_relation="mother"), guardian=png(5))
    assert [f.kind for f in pending.listing(opened.user)[0].flags] == ["minor"]
    assert pending.detail(opened.user, pending_id).has_guardian_signature
    pending.accept_new(opened.user, pending_id)
    with opened.db.read() as conn:
        kept = conn.execute(select(IntakeConsent.__table__)).one()
    assert (kept.guardian_name, kept.guardian_relation, kept.guardian_signature_png) == ("Ada Okafor", "mother", png(5))
    fifteen = (NOW.date() - timedelta(days=15 * 365)).isoformat()
    with pytest.raises(FormError, match="does not tattoo anyone under 16"):
        _send(opened, codes, pending, form(birth_date=fifteen, guardian_name="Ada", guardian_relation="mother"))


def test_a_form_session_is_refused_once_its_code_is_withdrawn(opened):
    codes, pending, _ = intake(opened)
    opened_code = codes.open(opened.user, "new_client")
    ticket = codes.exchange(opened_code.code)
    codes.revoke(opened.user, opened_code.record.id)
    with pytest.raises(CodeGoneError):
        pending.submit(ticket, form(), png(), remote_addr="10.0.0.2", user_agent="x")


def test_likely_clients_by_name_and_birth_date_phone_or_email(opened):
    codes, pending, _ = intake(opened)
    clients, _, _ = services(opened)
    same_name = clients.create(opened.user, first_name="LENA", last_name="Okáfor", birth_date=date(1994, 7, 2))
    same_phone = clients.create(opened.user, first_name="Other", last_name="One", phone="611222333")
    same_email = clients.create(opened.user, first_name="Third", last_name="One", email="Lena@Example.com")
    clients.create(opened.user, first_name="Lena", last_name="Okafor", birth_date=date(1994, 7, 3))
    _send(opened, codes, pending, form())
    assert set(pending.listing(opened.user)[0].likely_clients) == {same_name.id, same_phone.id, same_email.id}


def test_accepting_as_new_makes_the_client_their_medical_version_and_consent(opened):
    codes, pending, _ = intake(opened)
    clients, _, _ = services(opened)
    pending_id = _send(opened, codes, pending, form(allergies="latex"))
    client = pending.accept_new(opened.user, pending_id)
    detail = clients.detail(opened.user, client.id)
    assert (detail.client.phone, detail.client.photo_consent, detail.client.marketing_consent) == (
        "+34 611 222 333", True, False)
    assert detail.medical.version == 1 and detail.medical.allergies == "latex"
    assert [a.kind for a in detail.alerts] == ["allergy"]
    with opened.db.read() as conn:
        consent = conn.execute(select(IntakeConsent.__table__)).one()
        assert (consent.remote_addr, consent.signature_png, consent.form_version) == ("192.168.1.23", png(), "qr-1")
        assert "permanent" in consent.consent_text and consent.accepted_by == opened.user.id
    assert pending.listing(opened.user) == []
    with pytest.raises(NotFoundError, match="accepted or rejected"):
        pending.accept_new(opened.user, pending_id)


def test_accepting_into_an_existing_client_keeps_every_older_medical_version(opened):
    codes, pending, _ = intake(opened)
    clients, _, _ = services(opened)
    known = clients.create(opened.user, first_name="Lena", last_name="Okafor", birth_date=date(1994, 7, 2),
                           phone="600 000 000")
    clients.save_medical(opened.user, known.id, allergies="nickel")
    clients.save_medical(opened.user, known.id, allergies="nickel", conditions="diabetes")
    pending_id = _send(opened, codes, pending, form(allergies="latex", conditions=""))
    merged = pending.accept_merge(opened.user, pending_id, known.id)
    assert merged.phone == "+34 611 222 333" and merged.first_name == "Lena"
    with opened.db.read() as conn:
        versions = MedicalRepository().versions(conn, known.id)
    assert [(v.version, v.allergies, v.conditions) for v in versions] == [
        (1, "nickel", ""), (2, "nickel", "diabetes"), (3, "latex", "")]
    assert pending.listing(opened.user) == []


def test_rejecting_deletes_the_entry_and_leaves_no_content_in_the_decrypted_database(opened, tmp_path):
    codes, pending, _ = intake(opened)
    marker = "Zyxquorblat"
    pending_id = _send(opened, codes, pending, form(last_name=marker, allergies=f"{marker}-allergy"))
    assert marker.encode() in plain_dump(opened, tmp_path)
    pending.reject(opened.user, pending_id)
    assert pending.listing(opened.user) == []
    dump = plain_dump(opened, tmp_path)
    assert marker.encode() not in dump and marker.encode() not in opened.db.path.read_bytes()
    with opened.db.read() as conn:
        assert conn.execute(select(PendingRegistration)).all() == []
        events = conn.execute(select(AuditEvent.action, AuditEvent.actor_id, AuditEvent.summary)
                              .where(AuditEvent.entity == "pending_registration")).all()
    assert [(e.action, e.actor_id) for e in events] == [("submit", None), ("reject", opened.user.id)]
    assert not [e for e in events if marker in e.summary]


def test_staff_may_accept_and_reject(opened):
    codes, pending, _ = intake(opened)
    staff = make_user(opened, "desk")
    first, second = _send(opened, codes, pending, form()), _send(opened, codes, pending, form(first_name="Mo"))
    assert pending.accept_new(staff, first).first_name == "Lena"
    pending.reject(staff, second)
    assert pending.listing(staff) == []


@pytest.fixture
def booked(opened):
    """A returning adult client with a medical profile and a booked session in two hours."""
    clients, _, _ = services(opened)
    artist = make_user(opened, "nuria", is_artist=True)
    client = clients.create(opened.user, first_name="Kim", last_name="Lee", birth_date=date(1990, 1, 1))
    clients.save_medical(opened.user, client.id, allergies="nickel")
    return client, add_session(opened, client.id, artist.id, NOW + timedelta(hours=2), status="booked")


@pytest.mark.parametrize("changed, versions", [("no", [1]), ("yes", [1, 2])])
def test_a_check_in_signs_the_session_s_consent_and_adds_a_version_only_when_health_changed(
        opened, booked, changed, versions):
    codes, pending, _ = intake(opened)
    clients, consents, _ = services(opened)
    client, session = booked
    ticket = codes.exchange(codes.open(opened.user, "check_in", session).code)
    answers = {"health_changed": changed, "treatment_consent": "yes", "allergies": "latex" if changed == "yes" else ""}
    pending.submit(ticket, answers, png(), remote_addr="192.168.1.40", user_agent="Android")
    [consent] = consents.of_client(opened.user, client.id)
    assert (consent.session_id, consent.has_signature, consent.recorded_by) == (session, True, opened.user.id)
    with opened.db.read() as conn:
        assert [v.version for v in MedicalRepository().versions(conn, client.id)] == versions
    assert clients.detail(opened.user, client.id).medical.allergies == ("latex" if changed == "yes" else "nickel")
    assert pending.listing(opened.user) == []


def test_a_check_in_must_say_whether_health_changed(opened, booked):
    codes, pending, _ = intake(opened)
    ticket = codes.exchange(codes.open(opened.user, "check_in", booked[1]).code)
    with pytest.raises(FormError) as wrong:
        pending.submit(ticket, {"treatment_consent": "yes"}, png(), remote_addr="x", user_agent="y")
    assert set(wrong.value.errors) == {"health_changed"}


def test_the_page_decryption_reads_the_studio_s_rows(opened, tmp_path):
    assert opened.user.username.encode() in plain_dump(opened, tmp_path)


def test_a_client_s_phone_signed_consent_is_in_their_export_and_erased_by_anonymisation(opened, tmp_path):
    codes, pending, _ = intake(opened)
    _, _, gdpr = services(opened)
    marker = "Ouagadougou-Guardian"
    seventeen = (NOW.date() - timedelta(days=17 * 365 + 10)).isoformat()
    client = pending.accept_new(opened.user, _send(opened, codes, pending, form(
        birth_date=seventeen, guardian_name=marker, guardian_relation="mother"), guardian=png(3)))
    [kept] = gdpr.export(opened.user, client.id)["consents_signed_by_qr"]
    assert kept["guardian_name"] == marker and kept["remote_addr"] == "192.168.1.23"
    gdpr.anonymise(opened.user, client.id)
    with opened.db.read() as conn:
        row = conn.execute(select(IntakeConsent.__table__)).one()
    assert (row.signature_png, row.guardian_signature_png, row.guardian_name, row.remote_addr) == (None, None, None, "")
    assert marker.encode() not in plain_dump(opened, tmp_path)
