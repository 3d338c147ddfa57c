"""The Flet app: one Shell per window or browser tab, each with its own client of the embedded API."""

from __future__ import annotations

from collections.abc import Callable

import flet as ft

from app.client import StudioClient
from app.ui.shell import Shell


def make_main(api_url: str, client_factory: Callable[[str], StudioClient] = StudioClient) -> Callable:
    """The `main(page)` Flet calls for every new window or tab."""

    def main(page: ft.Page) -> None:
        client = client_factory(api_url)
        page.on_close = lambda _e: client.close()
        Shell(page, client).start()

    return main
