"""Helpers for the screen tests: the shell on a driven page, a clock moved by hand, the login screen typed into."""

from __future__ import annotations

from app.client import StudioClient
from app.ui.shell import Shell
from tests.ui.support_driver import UiDriver


class FakeClock:
    """Monotonic seconds that a test moves by hand (for the idle lock)."""

    def __init__(self):
        self.now = 1000.0

    def __call__(self) -> float:
        return self.now


def make_shell(ui: UiDriver, url: str, clock: FakeClock | None = None) -> Shell:
    """A shell on the driven page; long actions run inline so tests see their result at once."""
    shell = Shell(ui.page, StudioClient(url), background=lambda _page, work: work(),
                  monotonic=clock or FakeClock(), watch_idle=False)
    ui.loop.run_until_complete(_start(shell))
    return shell


async def _start(shell: Shell) -> None:
    shell.start()


def log_in(ui: UiDriver, username: str, password: str) -> None:
    """Type a user's name and password into the login screen and press "Log in"."""
    ui.type("Username", username)
    ui.type("Password", password)
    ui.click("Log in")
