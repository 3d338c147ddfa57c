"""Helpers for the listener tests: a clock that can be moved forward, and a phone's HTTP session on the form."""

from __future__ import annotations

import base64
import re
from collections.abc import Iterator
from contextlib import contextmanager
from datetime import datetime, timedelta

import httpx

from app.api.serving import serving
from app.client import StudioClient
from app.core.clock import Clock
from app.core.paths import StickPaths
from tests.conftest import ADMIN, ADMIN_PASSWORD
from tests.services.support_clients import png


class MovableClock(Clock):
    """The real time plus an offset the test moves forward (to let codes expire)."""

    def __init__(self):
        self.offset = timedelta()

    def now(self) -> datetime:
        """The real time, moved by the offset."""
        return super().now() + self.offset

    def advance(self, seconds: float) -> None:
        """Move forward."""
        self.offset += timedelta(seconds=seconds)


def phone(url: str) -> httpx.Client:
    """A phone's browser on the listener: keeps cookies, follows no redirect by itself."""
    return httpx.Client(base_url=url.split("/c/")[0], follow_redirects=False, timeout=10)


def csrf_of(page: str) -> str:
    """The CSRF token of a form page."""
    return re.search(r'name="csrf" value="([^"]+)"', page).group(1)  # type: ignore[union-attr]


def signature_field() -> str:
    """What the signing step puts in the form: a PNG as a data URL."""
    return "data:image/png;base64," + base64.b64encode(png()).decode()


@contextmanager
def served_with_admin(stick: StickPaths) -> Iterator[tuple[object, MovableClock, StudioClient]]:
    """Serve the studio on `stick` (API on 127.0.0.1, listener on 127.0.0.2) under a movable clock, with an admin's
    client logged in; yield (served, clock, admin) and close them afterwards."""
    clock = MovableClock()
    with serving(stick, clock) as served:
        admin = StudioClient(served.url)
        admin.login(ADMIN, ADMIN_PASSWORD)
        try:
            yield served, clock, admin
        finally:
            admin.close()
