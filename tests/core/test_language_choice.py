"""Which language texts come out in: the context's, else the process default (the stick's last, else the
computer's), English when a language has no catalog; and the small file that remembers it on the stick."""

from __future__ import annotations

import locale
import threading

import pytest

from app.core import i18n
from app.core.i18n import _, ngettext


@pytest.fixture(autouse=True)
def english_afterwards():
    yield
    i18n.set_default("en")


@pytest.mark.parametrize(("code", "language"), [
    ("es", "es"), ("es_ES", "es"), ("de-AT", "de"), ("fr_FR.UTF-8", "fr"), ("pt-BR,pt;q=0.9,en;q=0.5", "pt"),
    ("IT", "it"), ("ja_JP", None), ("", None), (None, None), ("C.UTF-8", None), ("*", None)])
def test_codes_name_a_language_with_a_catalog_or_none(code, language):
    assert i18n.supported(code) == language


def test_the_computers_language_comes_from_its_environment(monkeypatch):
    for name in ("LANGUAGE", "LC_ALL", "LC_MESSAGES", "LANG"):
        monkeypatch.delenv(name, raising=False)
    monkeypatch.setattr(locale, "getlocale", lambda: (None, None))
    assert i18n.system_language() == "en"
    monkeypatch.setenv("LANG", "de_DE.UTF-8")
    assert i18n.system_language() == "de"
    monkeypatch.setenv("LANGUAGE", "ja:fr:en")  # the first of the list that has a catalog
    assert i18n.system_language() == "fr"


def test_the_stick_remembers_the_last_language_in_a_two_letter_file(tmp_path, monkeypatch):
    path = tmp_path / "language.txt"
    assert i18n.remembered(path) is None
    i18n.remember(path, "es_ES")
    assert path.read_bytes() == b"es" and i18n.remembered(path) == "es"
    monkeypatch.setenv("LANGUAGE", "de")
    assert i18n.start_language(path) == "es" and i18n.current() == "es"  # the stick's, before the computer's
    path.write_bytes(b"\xff\xfe not a language")
    assert i18n.remembered(path) is None and i18n.start_language(path) == "de"


def test_texts_come_out_in_the_contexts_language_and_fall_back_to_english():
    assert _("Unlock") == "Unlock"
    with i18n.speaking("de"):
        assert _("Unlock") == "Entsperren"
        with i18n.speaking("fr"):
            assert _("Unlock") == "Déverrouiller"
        assert _("Unlock") == "Entsperren"
    with i18n.speaking("ja"):  # no catalog: English, the text itself
        assert _("Unlock") == "Unlock"
    i18n.set_default("it")
    assert _("Unlock") == "Sblocca"


def test_named_placeholders_and_counted_forms_are_filled_in_the_language():
    with i18n.speaking("es"):
        assert _("Type the password of %(username)s to carry on where you left off.", username="ana") == \
            "Escribe la contraseña de ana para seguir donde lo dejaste."
        one = "Too many wrong passwords for '%(account)s'. Wait %(n)s second and try again."
        many = "Too many wrong passwords for '%(account)s'. Wait %(n)s seconds and try again."
        assert ngettext(one, many, 1, account="ana").endswith("Espera 1 segundo y vuelve a intentarlo.")
        assert ngettext(one, many, 5, account="ana").endswith("Espera 5 segundos y vuelve a intentarlo.")


def test_a_threads_context_language_does_not_leak_into_another_thread():
    seen = {}
    entered, checked = threading.Event(), threading.Event()

    def other():
        with i18n.speaking("de"):
            entered.set()
            checked.wait(5)
            seen["other"] = _("Unlock")

    thread = threading.Thread(target=other)
    thread.start()
    entered.wait(5)
    seen["main"] = _("Unlock")
    checked.set()
    thread.join()
    assert seen == {"main": "Unlock", "other": "Entsperren"}
