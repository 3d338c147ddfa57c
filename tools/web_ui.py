"""A Playwright page on the app in web mode (started with tools.stick_process.App.web) that finds controls by role
and name."""

from __future__ import annotations

import re
import shutil
import time
from pathlib import Path
from urllib.parse import urlsplit

from playwright.sync_api import FloatRect, Locator, Page

REPO = Path(__file__).resolve().parents[1]

CHROMIUM = "/usr/bin/chromium"
CHROMIUM_ARGS = ["--headless", "--no-sandbox", "--disable-gpu", "--disable-background-networking",
                 "--disable-component-update", "--no-first-run", "--disable-sync"]


LOOPBACK_HOSTS = {"127.0.0.1", "localhost", "::1"}
# What the page says on the console when it refused to fetch something off this computer: the Content-Security-Policy
# of app/ui/web/index.html (Chromium's wording) and app/ui/web/offline.js.
REFUSAL_MARKS = ("Content Security Policy", "studio-offline:")


def box_of(where: Locator) -> FloatRect:
    """Where an element is on the page; AssertionError when it is not shown."""
    box = where.bounding_box()
    assert box is not None, f"{where} is not on the page"
    return box


def chromium_available() -> bool:
    """Whether a Chromium that Playwright can drive is installed."""
    return Path(CHROMIUM).exists() or shutil.which("chromium") is not None


def on_this_computer(url: str) -> bool:
    """Is this request for this computer: a loopback address (any scheme, any port), data: or blob:?"""
    parts = urlsplit(url)
    return parts.scheme in ("data", "blob") or parts.hostname in LOOPBACK_HOSTS


class WebUi:
    """A browser page on the app: Flutter semantics on. A request off this computer is refused and kept in
    `blocked`; the page's own refusals (its Content-Security-Policy, offline.js) are kept in `refusals`."""

    def __init__(self, page: Page, url: str):
        self.page = page
        self.blocked: list[str] = []
        self.refusals: list[str] = []
        page.route("**/*", self._only_loopback)
        page.on("console", self._note_refusal)
        page.goto(url)
        placeholder = page.locator("flt-semantics-placeholder")
        placeholder.wait_for(state="attached", timeout=60_000)
        placeholder.dispatch_event("click")

    def _only_loopback(self, route) -> None:
        url = route.request.url
        if on_this_computer(url):
            route.continue_()
        else:
            self.blocked.append(url)
            route.abort()

    def _note_refusal(self, message) -> None:
        if any(mark in message.text for mark in REFUSAL_MARKS):
            self.refusals.append(message.text)

    def off_this_computer(self) -> list[str]:
        """Everything the page tried to fetch off this computer so far (refused by the test or by the page)."""
        return self.blocked + self.refusals

    def require_nothing_fetched_off_this_computer(self) -> None:
        """Raise if the page asked for anything off this computer (issue 16: the studio app fetches nothing)."""
        tried = self.off_this_computer()
        if tried:
            raise AssertionError("The page asked for something outside this computer; the studio app may fetch only "
                                 "from 127.0.0.1 or localhost, data: and blob:. It asked for: " + "; ".join(tried))

    def field(self, label: str) -> Locator:
        """The text field whose accessible name starts with its label (Flutter appends the hint text)."""
        return self.page.get_by_role("textbox", name=re.compile(rf"^{re.escape(label)}(\s|$)"))

    def fill(self, label: str, text: str, tries: int = 3) -> None:
        """Click a text field, clear it and type (fill() does not reach Flutter's password fields), then read
        the field back: on a loaded machine Flutter may take the focus after the first keys were typed, and
        those keys are lost, so the typing is done again until the field holds `text`. A field named exactly
        `label` is preferred ("Admin password" is also the start of "Admin password again")."""
        self.field(label).first.wait_for(timeout=30_000)
        exact = self.page.get_by_role("textbox", name=label, exact=True)
        box = exact.first if exact.count() else self.field(label).first
        for attempt in range(1, tries + 1):
            box.click()
            self.page.wait_for_timeout(300 * attempt)  # Flutter moves the focus a frame after the click
            self.page.keyboard.press("Control+A")
            self.page.keyboard.press("Delete")
            self.page.keyboard.type(text)
            if self._holds(box, text):
                return
        raise AssertionError(f"The field {label!r} did not take the text typed into it ({tries} tries).")

    @staticmethod
    def _holds(box: Locator, text: str, seconds: float = 3) -> bool:
        """Whether the text field shows `text` within a few seconds."""
        deadline = time.monotonic() + seconds
        while True:
            if box.input_value() == text:
                return True
            if time.monotonic() > deadline:
                return False
            time.sleep(0.1)

    def button(self, name: str) -> Locator:
        """The button named exactly `name` (a substring match would take "Booked" for "Book")."""
        return self.page.get_by_role("button", name=name, exact=True)

    def click(self, name: str) -> None:
        """Press a button through its semantics node (a mouse click can land where a re-laid-out
        dialog no longer has it)."""
        target = self.button(name).first
        target.wait_for(timeout=30_000)
        target.dispatch_event("click")

    def go(self, screen: str) -> None:
        """Open a screen from the navigation rail (its buttons are named like 'Clients Tab 3 of 6')."""
        self.page.get_by_role("button", name=re.compile(rf"^{re.escape(screen)}\b")).first.click()

    def see(self, text: str, timeout: float = 30_000) -> Locator:
        """Wait until `text` is on the page and return where it is."""
        found = self.page.get_by_text(text, exact=False).first
        found.wait_for(timeout=timeout)
        return found

    def log_in(self, username: str, password: str) -> None:
        """Log in with the login screen's fields."""
        self.fill("Username", username)
        self.fill("Password", password)
        self.click("Log in")

    @staticmethod
    def _point(where: Locator | tuple[float, float], near_top: bool = False) -> tuple[float, float]:
        if isinstance(where, tuple):
            return where
        box = box_of(where)
        return box["x"] + box["width"] / 2, box["y"] + (min(5, box["height"] / 2) if near_top else box["height"] / 2)

    def drag(self, source: Locator | tuple[float, float], target: Locator | tuple[float, float]) -> None:
        """A stepped mouse drag (the way Flutter's Draggable recognises one) between controls or points."""
        (sx, sy), (tx, ty) = self._point(source, near_top=True), self._point(target)
        mouse = self.page.mouse
        mouse.move(sx, sy)
        mouse.down()
        mouse.move(sx + 10, sy + 10, steps=5)
        mouse.move(tx, ty, steps=25)
        mouse.up()

    def screenshot(self, path: Path) -> None:
        """Save a screenshot once the page has painted."""
        time.sleep(1.5)  # Flutter paints a frame after the semantics tree updates
        self.page.screenshot(path=str(path))
