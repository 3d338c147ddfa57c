"""Search-as-you-type: word prefixes over names, phone and email; safe for any typed text; alert flag."""

from __future__ import annotations

from datetime import date

import pytest

from app.db.repos.clients import fts_prefix_query
from tests.services.support_clients import services


@pytest.fixture
def found(opened):
    """A search function over a handful of clients."""
    clients, _, _ = services(opened)
    people = [("Ana", "López García", "+34 612 345 678", "ana.lopez@example.com"),
              ("Anabel", "Ruiz", "+34 699 111 222", None),
              ("José", "Núñez", None, "jnunez@correo.es"),
              ("Lorenzo", "Anaya", "+44 7700 900123", None),
              ("Seán", "O'Brien", None, None)]
    for first, last, phone, email in people:
        clients.create(opened.user, first_name=first, last_name=last, phone=phone, email=email)

    def search(typed: str) -> list[str]:
        return [f"{c.first_name} {c.last_name}" for c in clients.search(opened.user, typed)]
    return search


def test_finds_clients_by_word_prefixes_of_first_and_last_name(found):
    assert found("ana lop") == ["Ana López García"]
    assert set(found("ana lo")) == {"Ana López García", "Lorenzo Anaya"}  # every word must match, in any column
    assert set(found("ana")) == {"Ana López García", "Anabel Ruiz", "Lorenzo Anaya"}
    assert found("gar") == ["Ana López García"]


def test_ignores_case_and_accents(found):
    assert found("JOSE nun") == ["José Núñez"]
    assert found("lópez") == ["Ana López García"]
    assert found("sean o") == ["Seán O'Brien"]


def test_finds_clients_by_phone_and_email_prefixes(found):
    assert found("699") == ["Anabel Ruiz"]
    assert found("+44") == ["Lorenzo Anaya"]
    assert found("jnunez@") == ["José Núñez"]
    assert found("ana.lopez") == ["Ana López García"]


NASTY = ('"', '"ana', 'ana"', "AND", "ana OR", "NOT", "NEAR(ana", "(((", ")", "*", "-ana", "ana:",
         "first_name:ana", "^ana", "{ana}", "ana AND", "'", "%", "\\", "...", "@", "+", "ñ*", "a\x00b", "🙂",
         "ana " * 50)


def test_fts_syntax_in_typed_text_never_errors(found):
    for typed in NASTY:
        assert isinstance(found(typed), list), typed


def test_query_quotes_every_term():
    assert fts_prefix_query('ana "lo') == '"ana"* "lo"*'
    assert fts_prefix_query("first_name:ana") == '"first"* "name"* "ana"*'
    assert fts_prefix_query("(( * -") is None


def test_empty_search_lists_recent_clients(found):
    assert len(found("")) == 5


def test_results_carry_the_alert_flag(opened):
    clients, _, _ = services(opened)
    calm = clients.create(opened.user, first_name="Marta", last_name="Calm")
    allergic = clients.create(opened.user, first_name="Marta", last_name="Latex")
    thinned = clients.create(opened.user, first_name="Marta", last_name="Warfarin")
    clients.save_medical(opened.user, calm.id, allergies="", skin_notes="Dry skin", medications="ibuprofen")
    clients.save_medical(opened.user, allergic.id, allergies="latex")
    clients.save_medical(opened.user, thinned.id, medications="Warfarin 5 mg")
    flags = {c.last_name: c.has_alert for c in clients.search(opened.user, "marta")}
    assert flags == {"Calm": False, "Latex": True, "Warfarin": True}


def test_alert_flag_follows_the_current_version_only(opened):
    clients, _, _ = services(opened)
    client = clients.create(opened.user, first_name="Pau", last_name="Vidal")
    clients.save_medical(opened.user, client.id, conditions="epilepsy")
    clients.save_medical(opened.user, client.id, conditions="")
    assert [c.has_alert for c in clients.search(opened.user, "pau")] == [False]


def test_returns_at_most_twenty(opened):
    clients, _, _ = services(opened)
    for n in range(25):
        clients.create(opened.user, first_name="Twin", last_name=f"Number{n}", birth_date=date(1990, 1, 1 + n))
    assert len(clients.search(opened.user, "twin")) == 20
    assert len(clients.search(opened.user, "twin", limit=500)) == 20
