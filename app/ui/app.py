"""The Flet app: one Shell per window or browser tab, each with its own client of the embedded API."""

from __future__ import annotations

from collections.abc import Callable

import flet as ft

from app.client import StudioClient
from app.ui.shell import Shell

ApiUrl = str | Callable[[], str]  # the address, or a call that returns it once the API answers


def make_main(api_url: ApiUrl, client_factory: Callable[[ApiUrl], StudioClient] = StudioClient, *,
              first_screen: str | None = None, shown: Callable[[], None] | None = None) -> Callable:
    """The `main(page)` Flet calls for every new window or tab. `first_screen` opens without asking the API
    (the login, on a stick known to hold a studio); `shown` is called once the first screen is on the page."""

    def main(page: ft.Page) -> None:
        client = client_factory(api_url)
        page.on_close = lambda _e: client.close()
        Shell(page, client).start(first_screen)
        if shown is not None:
            shown()

    return main
