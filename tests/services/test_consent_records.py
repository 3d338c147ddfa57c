"""Consents: append-only, a PNG signature, a guardian for minors, none under 16; an inspector's list."""

from __future__ import annotations

from dataclasses import replace
from datetime import UTC, date, datetime

import pytest
from sqlalchemy import select

from app.db.models import Consent as ConsentRow
from app.db.repos.settings import SettingsRepository
from app.domain.errors import ConflictError, NotFoundError, ValidationError
from app.services.clients.consents import ConsentService
from tests.services.support_clients import add_session, make_user, png, services

SESSION_AT = datetime(2026, 3, 20, 10, 0, tzinfo=UTC)


@pytest.fixture
def book(opened):
    """Book a session for a new client born on `born`; return (consent service, session id, client id)."""
    clients, consents, _ = services(opened)
    artist = make_user(opened, "nuria", is_artist=True)

    def booked(born: date | None, at: datetime = SESSION_AT, status: str = "booked"):
        client = clients.create(opened.user, first_name="Kim", last_name=f"Born {born}", birth_date=born)
        return consents, add_session(opened, client.id, artist.id, at, status=status), client.id
    return booked


def test_records_a_signed_consent_with_its_png(opened, book):
    consents, session, client = book(date(1990, 5, 1))
    signature = png()
    consent = consents.record(opened.user, session, form_version=" v3 ", signature_png=signature)
    assert (consent.form_version, consent.has_signature, consent.guardian_name) == ("v3", True, None)
    assert consent.recorded_by == opened.user.id and consent.client_id == client
    with opened.db.read() as conn:
        assert conn.execute(select(ConsentRow.signature_png)).scalar_one() == signature
    assert consents.of_client(opened.user, client) == [consent]


def test_signing_again_appends_and_leaves_the_first_record_as_it_was(opened, book):
    consents, session, client = book(date(1990, 5, 1))
    first = consents.record(opened.user, session, form_version="v3", signature_png=png())
    second = consents.record(opened.user, session, form_version="v4", signature_png=png(10))
    assert {c.id for c in consents.of_client(opened.user, client)} == {first.id, second.id}
    assert first in consents.of_client(opened.user, client)
    assert not [name for name in dir(ConsentService) if name.startswith(("update", "delete", "edit"))]


@pytest.mark.parametrize("signature, message", [
    (b"", "no signature"),
    (b"GIF89a" + b"\0" * 20, "not a PNG"),
    (b"\xff\xd8\xff\xe0JFIF", "not a PNG"),
    (png(512 * 1024), "limit is 512 KiB"),
])
def test_refuses_signatures_that_are_not_a_small_png(opened, book, signature, message):
    consents, session, _ = book(date(1990, 5, 1))
    with pytest.raises(ValidationError, match=message):
        consents.record(opened.user, session, form_version="v3", signature_png=signature)


def test_accepts_a_png_of_exactly_512_kib(opened, book):
    consents, session, _ = book(date(1990, 5, 1))
    signature = png()
    signature = png(512 * 1024 - len(signature) - 12)
    assert len(signature) == 512 * 1024
    consents.record(opened.user, session, form_version="v3", signature_png=signature)


def test_a_minor_at_the_session_date_needs_a_guardian(opened, book):
    consents, session, _ = book(date(2008, 3, 21))  # 17 on the session date
    with pytest.raises(ValidationError, match="is 17 on the session date.*guardian"):
        consents.record(opened.user, session, form_version="v3", signature_png=png())
    with pytest.raises(ValidationError, match="guardian"):
        consents.record(opened.user, session, form_version="v3", signature_png=png(), guardian_name="Eva Sanz")
    consent = consents.record(opened.user, session, form_version="v3", signature_png=png(),
                              guardian_name=" Eva Sanz ", guardian_relation="mother")
    assert (consent.guardian_name, consent.guardian_relation) == ("Eva Sanz", "mother")


def test_age_counts_on_the_studio_local_session_date(opened, book):
    # 23:30 UTC on the 19th is already the 20th in Madrid: the client's 18th birthday.
    consents, session, _ = book(date(2008, 3, 20), at=datetime(2026, 3, 19, 23, 30, tzinfo=UTC))
    assert consents.record(opened.user, session, form_version="v3", signature_png=png()).guardian_name is None


def test_under_sixteen_is_refused_even_with_a_guardian(opened, book):
    consents, session, _ = book(date(2010, 3, 21))
    with pytest.raises(ValidationError, match="is 15 on the session date.*under 16"):
        consents.record(opened.user, session, form_version="v3", signature_png=png(),
                        guardian_name="Eva Sanz", guardian_relation="mother")


def test_a_higher_minimum_age_setting_asks_for_a_guardian(opened, book):
    with opened.db.write() as conn:
        settings = SettingsRepository()
        settings.save(conn, replace(settings.load(conn), minimum_age=21))
    consents, session, _ = book(date(2006, 1, 1))  # 20
    with pytest.raises(ValidationError, match="under 21"):
        consents.record(opened.user, session, form_version="v3", signature_png=png())


def test_needs_a_birth_date_a_live_session_and_a_known_session(opened, book):
    consents, session, _ = book(None)
    with pytest.raises(ValidationError, match="date of birth first"):
        consents.record(opened.user, session, form_version="v3", signature_png=png())
    consents, cancelled, _ = book(date(1990, 1, 1), status="cancelled")
    with pytest.raises(ConflictError, match="cancelled"):
        consents.record(opened.user, cancelled, form_version="v3", signature_png=png())
    with pytest.raises(NotFoundError, match="no such session"):
        consents.record(opened.user, "nope", form_version="v3", signature_png=png())
    with pytest.raises(ValidationError, match="version of the consent form"):
        consents.record(opened.user, session, form_version=" ", signature_png=png())


def test_inspector_list_filters_by_session_date_and_artist(opened):
    clients, consents, _ = services(opened)
    nuria, diego = make_user(opened, "nuria", is_artist=True), make_user(opened, "diego", is_artist=True)
    client = clients.create(opened.user, first_name="Kim", last_name="Lee", birth_date=date(1990, 1, 1))
    days = {"feb": datetime(2026, 2, 27, 16, 0, tzinfo=UTC), "mar1": datetime(2026, 2, 28, 23, 30, tzinfo=UTC),
            "mar5": datetime(2026, 3, 5, 10, 0, tzinfo=UTC)}
    for artist in (nuria, diego):
        for at in days.values():
            consents.record(opened.user, add_session(opened, client.id, artist.id, at, placement="calf"),
                            form_version="v3", signature_png=png())

    def listed(**filters) -> list[tuple]:
        return [(e.artist_name, e.session_starts_at) for e in consents.listing(opened.user, **filters)]
    assert len(listed()) == 6
    # 23:30 UTC on 28 February is 1 March in Madrid
    assert listed(date_from=date(2026, 3, 1), date_to=date(2026, 3, 31), artist_id=nuria.id) == [
        ("Nuria", days["mar1"]), ("Nuria", days["mar5"])]
    assert sorted(listed(date_to=date(2026, 2, 28))) == [("Diego", days["feb"]), ("Nuria", days["feb"])]
    entry = consents.listing(opened.user, artist_id=diego.id)[0]
    assert (entry.client_name, entry.birth_date, entry.placement) == ("Kim Lee", date(1990, 1, 1), "calf")
    with pytest.raises(ValidationError, match="Swap the dates"):
        consents.listing(opened.user, date_from=date(2026, 3, 2), date_to=date(2026, 3, 1))


@pytest.mark.parametrize(("start", "end"), [(date(1, 1, 1), date(2026, 1, 1)), (date(2026, 1, 1), date(9999, 12, 31)),
                                            (date(1, 1, 1), date(9999, 12, 31))])
def test_the_inspectors_list_refuses_days_outside_the_calendar_with_a_sentence(opened, start, end):
    _, consents, _ = services(opened)
    with pytest.raises(ValidationError, match="between 1900-01-01 and 2200-12-31"):
        consents.listing(opened.user, date_from=start, date_to=end)
