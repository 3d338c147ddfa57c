"""The catalogs: every marked text is in them, translated in every language with the same placeholders, and
the compiled files the app loads are those catalogs compiled (tools/i18n keeps all three in step)."""

from __future__ import annotations

import pytest

from app.core import i18n
from tools import i18n as workflow

OTHERS = [language for language in i18n.LANGUAGES if language != i18n.SOURCE]


def test_the_template_holds_exactly_the_texts_marked_in_the_code():
    marked = {message.id for message in workflow.collect() if message.id}
    kept = {message.id for message in workflow.load(workflow.TEMPLATE) if message.id}
    assert marked == kept, "Run `python -m tools.i18n all` and translate the new texts."


def test_every_text_is_translated_with_matching_placeholders_in_every_language():
    assert workflow.problems() == []


@pytest.mark.parametrize("language", OTHERS)
def test_the_compiled_catalog_is_the_catalog_compiled(language):
    shipped = workflow.po_path(language).with_suffix(".mo").read_bytes()
    assert shipped == workflow.compiled(language), "Run `python -m tools.i18n compile`."


def test_the_checkers_name_a_translation_that_lost_a_placeholder(tmp_path, monkeypatch):
    real = workflow.po_path
    for language in OTHERS:
        (tmp_path / f"{language}.po").write_bytes(real(language).read_bytes())
    monkeypatch.setattr(workflow, "po_path", lambda language: tmp_path / f"{language}.po")
    spanish = workflow.load(tmp_path / "es.po", "es")
    spanish.get("Type the password of %(username)s to carry on where you left off.").string = "Escribe la contraseña."
    workflow._write(tmp_path / "es.po", spanish)
    found = workflow.problems()
    assert len(found) == 1 and found[0].startswith("es: 'Type the password of %(username)s")


def test_a_counted_text_whose_english_singular_leaves_out_the_count_checks_against_all_its_forms():
    counted = ("every backup of the last hour", "every backup of the last %(n)s hours")
    assert workflow._placeholder_problems("de", counted, ("jede Sicherung der letzten Stunde",
                                                          "jede Sicherung der letzten %(n)s Stunden")) == []
    wrong = workflow._placeholder_problems("de", counted, ("jede Sicherung", "jede der letzten %(x)s Stunden"))
    assert len(wrong) == 1 and "['x']" in wrong[0]
