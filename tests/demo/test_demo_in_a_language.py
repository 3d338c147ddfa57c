"""A demo studio made in a language: its locale is that language's, its notes, placements, descriptions and health
answers are in it, and one seed makes the same studio in every language (only the words differ)."""

from __future__ import annotations

import pytest
from sqlalchemy import text

from app.core.clock import FixedClock
from app.core.paths import resolve
from app.db.repos.settings import SettingsRepository
from app.demo import data
from app.demo.studio import create_demo_studio
from app.demo.words import LANGUAGES, PHRASES
from app.services.studio.service import StudioService
from tests.demo.test_demo_studio import NOW

SCALE = 0.003
# Columns of free text the generator draws from its word lists (and how to read one back).
TEXTS = {"sessions": "SELECT id, placement, description, quote_minor, starts_at FROM sessions ORDER BY id",
         "clients": "SELECT id, first_name, notes, id_check_type, emergency_contact FROM clients ORDER BY id",
         "medical_profiles": "SELECT id, allergies, conditions, skin_notes, free_text FROM medical_profiles "
                             "ORDER BY id"}


def _studio(root, language: str | None) -> tuple[str, dict[str, list[tuple]]]:
    paths = resolve(home=root)
    create_demo_studio(paths, scale=SCALE, seed=5, clock=FixedClock(NOW), language=language)
    studio = StudioService(paths, FixedClock(NOW)).unlock("admin", "demo-admin")
    try:
        with studio.db.read() as conn:
            locale = SettingsRepository().load(conn).locale
            return locale, {t: [tuple(r) for r in conn.execute(text(sql))] for t, sql in TEXTS.items()}
    finally:
        studio.close()


@pytest.fixture(scope="module")
def english(tmp_path_factory):
    return _studio(tmp_path_factory.mktemp("en"), None)


@pytest.fixture(scope="module")
def spanish(tmp_path_factory):
    return _studio(tmp_path_factory.mktemp("es"), "es")


def test_every_phrase_has_all_five_translations_and_every_list_is_covered():
    drawn = {*data.CLIENT_NOTES, *data.PLACEMENTS, *data.SUBJECTS, *data.STYLES, *data.RELATIONS,
             *(k for k, _w in data.WORK_KINDS), *(a for a, _w in data.ALLERGIES), *(c for c, _w in data.CONDITIONS),
             *(t for t, _w in data.ID_TYPES if t not in ("DNI", "NIE")), *(s for s in data.SKIN_NOTES if s),
             *(s for s in data.MEDICAL_FREE_TEXT if s)}
    assert sorted(drawn - set(PHRASES)) == []
    assert all(len(words) == len(LANGUAGES) and all(words) for words in PHRASES.values())


def test_the_spanish_demo_speaks_spanish_in_its_locale_and_free_text(english, spanish):
    (en_locale, en), (es_locale, es) = english, spanish
    assert (en_locale, es_locale) == ("en", "es_ES")
    placements = {row[1] for row in es["sessions"]}
    assert placements and placements <= {PHRASES[p][0] for p in data.PLACEMENTS}
    assert any(row[2].startswith(("Pieza nueva: ", "Retoque: ", "Sesión de continuación: ", "Cover-up: ",
                                  "Flash: ")) for row in es["sessions"])
    allergies = {a for row in es["medical_profiles"] for a in row[1].split(", ") if a}
    answers = {PHRASES[a][0] for a, _w in (*data.ALLERGIES, *data.CONDITIONS)}  # the first answer may be either
    assert allergies and allergies <= answers
    notes = {row[2] for row in es["clients"] if row[2]}
    assert notes <= {PHRASES[n][0] for n in data.CLIENT_NOTES}
    english_words = {row[1] for row in en["sessions"]}
    assert english_words <= set(data.PLACEMENTS) and not english_words & placements


def test_one_seed_makes_the_same_studio_in_every_language(english, spanish):
    (_, en), (_, es) = english, spanish
    assert [(r[0], r[3], r[4]) for r in en["sessions"]] == [(r[0], r[3], r[4]) for r in es["sessions"]]
    assert [r[:2] for r in en["clients"]] == [r[:2] for r in es["clients"]]
    say = {english: PHRASES[english][0] for english in PHRASES}
    assert [say[r[1]] for r in en["sessions"]] == [r[1] for r in es["sessions"]]  # the same placement, in Spanish


def test_an_unknown_language_is_refused_with_the_list(tmp_path):
    from tests.conftest import run_cli

    made = run_cli("demo", "--home", str(tmp_path / "stick"), "--scale", "0.001", "--language", "xx")
    assert made.returncode != 0 and "'xx'" in made.stderr and "de (Deutsch)" in made.stderr
