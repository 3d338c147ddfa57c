"""A screen handler that crashes on a real Flet page: what the window shows, with the log on a temp folder."""

from __future__ import annotations

import logging
from pathlib import Path

import flet as ft

from app.core import log
from app.ui.launch import keep_crashes_private
from tests.ui.support_driver import UiDriver

SECRET = "Wk2-PSORIASIS-FLARE-Tamsin"  # health data in the error's text: it must reach neither window nor log


def crash_a_button(folder: Path, label: str) -> list[str]:
    """Log into `folder`/logs, press a button named `label` whose handler fails with SECRET in its message, and
    return the crash texts the window was sent. The caller restores Flet's `Session.error` (monkeypatch)."""
    (folder / "logs").mkdir()
    log.configure(folder / "logs")
    keep_crashes_private()
    driver = UiDriver()
    try:
        def save(_e):
            raise ValueError(f"could not parse {SECRET}")

        driver.page.add(ft.Button(label, on_click=save))
        driver.page.update()
        driver.loop.run_until_complete(driver.session.dispatch_event(driver.button(label)._i, "click", None))
        return driver.conn.crashes()
    finally:
        driver.close()
        root = logging.getLogger()
        for handler in [h for h in root.handlers if getattr(h, "baseFilename", "").startswith(str(folder))]:
            root.removeHandler(handler)
            handler.close()
