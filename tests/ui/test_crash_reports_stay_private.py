"""A handler that fails shows a sentence in the window, and the log its type and frames, never its text."""

from __future__ import annotations

import logging

import flet as ft
from flet.messaging.session import Session

from app.core import log
from app.ui.launch import CRASH_SENTENCE, keep_crashes_private
from tests.ui.support_driver import UiDriver

SECRET = "Wk2-PSORIASIS-FLARE-Tamsin"


def test_a_crashing_handler_shows_a_sentence_and_logs_no_client_data(tmp_path, monkeypatch, capfd):
    monkeypatch.setattr(Session, "error", Session.error)  # put Flet's own back after the test
    (tmp_path / "logs").mkdir()
    log.configure(tmp_path / "logs")
    keep_crashes_private()
    driver = UiDriver()
    try:
        def save(_e):
            raise ValueError(f"could not parse {SECRET}")

        driver.page.add(ft.Button("Save", on_click=save))
        driver.page.update()
        button = driver.button("Save")
        driver.loop.run_until_complete(driver.session.dispatch_event(button._i, "click", None))
        crashes = driver.conn.crashes()
    finally:
        driver.close()
        root = logging.getLogger()
        for handler in [h for h in root.handlers if getattr(h, "baseFilename", "").startswith(str(tmp_path))]:
            root.removeHandler(handler)
            handler.close()
    assert len(crashes) == 1 and CRASH_SENTENCE in crashes[0] and SECRET not in crashes[0]
    written = (tmp_path / "logs" / "app.log").read_text("utf-8")
    assert "ValueError: (message hidden" in written and "in save" in written
    out, err = capfd.readouterr()
    assert SECRET not in written + out + err
