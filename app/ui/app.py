"""The Flet app: one Shell per window or browser tab, each with its own client of the embedded API.

The shell, the login screen and the API client load in a thread (`preload`) while the window's client starts
(a second, in its own process): `main(page)` then finds them loaded instead of importing them on the way to the
login form."""

from __future__ import annotations

import importlib
import threading
from collections.abc import Callable
from typing import TYPE_CHECKING

if TYPE_CHECKING:
    import flet as ft

    from app.client import StudioClient

ApiUrl = str | Callable[[], str]  # the address, or a call that returns it once the API answers
FIRST_SCREEN_MODULES = ("app.client.studio", "app.ui.shell", "app.ui.views.login")


def preload() -> threading.Thread:
    """Import what the first screen needs in a thread (an import the first screen then asks for waits for it)."""

    def load() -> None:
        for name in FIRST_SCREEN_MODULES:
            importlib.import_module(name)

    thread = threading.Thread(target=load, name="first-screen-imports", daemon=True)
    thread.start()
    return thread


def make_main(api_url: ApiUrl, client_factory: Callable[[ApiUrl], StudioClient] | None = None, *,
              first_screen: str | None = None, shown: Callable[[], None] | None = None) -> Callable:
    """The `main(page)` Flet calls for every new window or tab. `first_screen` opens without asking the API
    (the login, on a stick known to hold a studio); `shown` is called once the first screen is on the page."""

    def main(page: ft.Page) -> None:
        from app.client import StudioClient
        from app.ui.shell import Shell

        client = (client_factory or StudioClient)(api_url)
        page.on_close = lambda _e: client.close()
        Shell(page, client).start(first_screen)
        if shown is not None:
            shown()

    return main
