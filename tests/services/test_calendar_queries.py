"""Calendar queries: sessions in [from, to) by start, per artist if asked, with the client's alert flag."""

from __future__ import annotations

from datetime import timedelta

import pytest

from app.domain.errors import ValidationError
from app.services.sessions.service import BookingService
from tests.services.support_booking import add_artist, add_client, add_profile, local

MONDAY, NEXT_MONDAY = local(2026, 3, 2, 0), local(2026, 3, 9, 0)


@pytest.fixture
def week(opened, stick):
    """A week with sessions for Kai and Mo, one just before and one exactly at the end of the range."""
    kai, mo = add_artist(opened, stick, "kai", "Kai"), add_artist(opened, stick, "mo", "Mo")
    client = add_client(opened.db, "Ada", "Lovelace")
    service = BookingService(opened.db)

    def book(artist, start, client_id=client):
        return service.book(opened.user, client_id=client_id, artist_id=artist.id, starts_at=start, duration_min=60)
    made = {"before": book(kai, MONDAY - timedelta(hours=2)), "first": book(kai, MONDAY),
            "mo_tue": book(mo, local(2026, 3, 3, 10)), "kai_tue": book(kai, local(2026, 3, 3, 10)),
            "kai_sat": book(kai, local(2026, 3, 7, 18)), "at_end": book(mo, NEXT_MONDAY)}
    return service, opened, kai, mo, made, book


def test_week_query_returns_sessions_starting_in_the_half_open_range_by_start(week):
    service, opened, _, _, made, _ = week
    found = service.list_range(opened.user, MONDAY, NEXT_MONDAY)
    assert [s.id for s in found][:1] == [made["first"].id] and len(found) == 4
    assert [s.starts_at for s in found] == sorted(s.starts_at for s in found)
    assert {made["before"].id, made["at_end"].id}.isdisjoint(s.id for s in found)
    assert {(s.client_name, s.artist_name) for s in found} == {("Ada Lovelace", "Kai"), ("Ada Lovelace", "Mo")}


def test_day_query_for_one_artist(week):
    service, opened, kai, _, made, _ = week
    found = service.list_range(opened.user, local(2026, 3, 3, 0), local(2026, 3, 4, 0), artist_id=kai.id)
    assert [s.id for s in found] == [made["kai_tue"].id]


def test_cancelled_sessions_are_listed_with_their_status(week):
    service, opened, _, _, made, _ = week
    service.cancel(opened.user, made["kai_sat"].id)
    found = {s.id: s.status for s in service.list_range(opened.user, MONDAY, NEXT_MONDAY)}
    assert found[made["kai_sat"].id] == "cancelled"


def test_alert_flag_follows_the_latest_medical_profile(week):
    service, opened, kai, _, _, book = week
    cases = {"allergy now": [("latex", "")], "condition now": [("", "diabetes")],
             "allergy gone": [("nickel", ""), ("", "")], "blank answers": [("  ", " ")], "no profile": []}
    expected = {"allergy now": True, "condition now": True, "allergy gone": False, "blank answers": False,
                "no profile": False}
    ids = {}
    for hour, (name, versions) in enumerate(cases.items(), start=8):
        client = add_client(opened.db, name, "Client")
        for version, (allergies, conditions) in enumerate(versions, start=1):
            add_profile(opened.db, client, version, allergies=allergies, conditions=conditions)
        ids[name] = book(kai, local(2026, 3, 5, hour * 2 - 8), client_id=client).id
    found = {s.id: s for s in service.list_range(opened.user, local(2026, 3, 5, 0), local(2026, 3, 6, 0))}
    assert {name: found[ids[name]].client_has_alert for name in cases} == expected
    assert service.get(opened.user, ids["allergy now"]).client_has_alert is True


@pytest.mark.parametrize("start, end, sentence", [
    (NEXT_MONDAY, MONDAY, "must come after its start"),
    (MONDAY, MONDAY + timedelta(days=94), "at most 93 days"),
])
def test_bad_ranges_are_refused_with_a_sentence(week, start, end, sentence):
    service, opened, *_ = week
    with pytest.raises(ValidationError, match=sentence):
        service.list_range(opened.user, start, end)
