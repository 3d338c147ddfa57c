"""The launcher's sentences in the studio's language: a screen that crashes says so in Spanish (still without the
error's text), and a missing desktop client is explained in German with the system and the file named."""

from __future__ import annotations

import logging
import sys

import flet as ft
import pytest
from flet.messaging.session import Session

from app.core import i18n, log
from app.ui import desktop
from app.ui.launch import CRASH_SENTENCE, keep_crashes_private
from tests.ui.support_driver import UiDriver

SECRET = "Wk2-PSORIASIS-FLARE-Tamsin"


@pytest.fixture(autouse=True)
def english_afterwards():
    yield
    i18n.set_default("en")


def test_a_crashing_screen_says_so_in_the_studios_language(tmp_path, monkeypatch):
    monkeypatch.setattr(Session, "error", Session.error)  # put Flet's own back after the test
    (tmp_path / "logs").mkdir()
    log.configure(tmp_path / "logs")
    keep_crashes_private()
    i18n.set_default("es")
    driver = UiDriver()
    try:
        def save(_e):
            raise ValueError(f"could not parse {SECRET}")

        driver.page.add(ft.Button("Guardar", on_click=save))
        driver.page.update()
        driver.loop.run_until_complete(driver.session.dispatch_event(driver.button("Guardar")._i, "click", None))
        crashes = driver.conn.crashes()
    finally:
        driver.close()
        root = logging.getLogger()
        for handler in [h for h in root.handlers if getattr(h, "baseFilename", "").startswith(str(tmp_path))]:
            root.removeHandler(handler)
            handler.close()
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
