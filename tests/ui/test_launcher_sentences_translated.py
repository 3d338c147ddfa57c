"""The launcher's sentences in the studio's language: a screen that crashes says so in Spanish (still without the
error's text), and a missing desktop client is explained in German with the system and the file named."""

from __future__ import annotations

import sys

import pytest
from flet.messaging.session import Session

from app.core import i18n
from app.ui import desktop
from app.ui.launch import CRASH_SENTENCE
from tests.ui.support_crash import SECRET, crash_a_button


@pytest.fixture(autouse=True)
def english_afterwards():
    yield
    i18n.set_default("en")


def test_a_crashing_screen_says_so_in_the_studios_language(tmp_path, monkeypatch):
    monkeypatch.setattr(Session, "error", Session.error)  # put Flet's own back after the test
    i18n.set_default("es")
    crashes = crash_a_button(tmp_path, "Guardar")
    assert len(crashes) == 1 and SECRET not in crashes[0]
    assert "Esta pantalla se detuvo por un error inesperado. Cierra la ventana" in crashes[0]
    assert CRASH_SENTENCE not in crashes[0]


@pytest.mark.skipif(sys.platform == "win32", reason="Windows needs no unpacked client")
def test_a_missing_desktop_client_is_explained_in_the_language_spoken(tmp_path, monkeypatch):
    missing = tmp_path / "flet-client.tar.gz"
    monkeypatch.setattr(desktop, "_archive", lambda system, arch: missing)
    system, arch = desktop._os_arch()
    with i18n.speaking("de"), pytest.raises(desktop.DesktopClientMissingError) as refused:
        desktop.prepare_client(tmp_path)
    assert str(refused.value) == (f"Das Desktop-Fenster für {system}-{arch} gehört nicht zu dieser App ({missing} "
                                  "fehlt). Verwende --web, um das Studio im Browser zu öffnen.")
