"""`tools/screenshots`: render every screen of a demo studio to PNG with Debian's chromium, in English
(docs/screenshots/) or another language (`--language es`: docs/screenshots/es/); every label it clicks or waits
for is read from that language's catalog."""

from __future__ import annotations

import argparse
import functools
import math
import os
import re
import sys
import tempfile
from collections.abc import Callable
from pathlib import Path
from typing import TYPE_CHECKING

from babel.dates import format_date
from playwright.sync_api import TimeoutError as PlaywrightTimeout

from app.core import i18n
from tools.screenshot_studio import ADMIN, ADMIN_PASSWORD, LOCALES, Arranged, make_demo
from tools.stick_process import App
from tools.web_ui import CHROMIUM, CHROMIUM_ARGS, REPO, WebUi, box_of, chromium_available

if TYPE_CHECKING:
    from playwright.sync_api import ViewportSize

FAILURE = Path(tempfile.gettempdir()) / "screenshots-failure.png"
VIEWPORT: ViewportSize = {"width": 1440, "height": 900}
# the wizard's example answers, typed on the second, empty stick
WIZARD = (("Studio name", "Black Lotus Tattoo"), ("Time zone", "Europe/Madrid"), ("Your name", "Marta Soler"),
          ("Admin username", "marta"), ("Admin password", "correct-horse-42"),
          ("Admin password again", "correct-horse-42"))
BOOKING = (("Placement", "Left forearm"), ("Description", "Fine-line peony, black and grey"), ("Quote", "220"),
           ("Deposit required", "60"))  # the booking dialog's example answers


class Words:
    """The screens' texts in one language, from its catalog (English: the msgids themselves)."""

    def __init__(self, language: str):
        self.language, self.catalog = language, i18n.catalog(language)

    def __call__(self, msgid: str, **values: object) -> str:
        """`msgid` translated, its named placeholders filled as the app fills them."""
        text = self.catalog.gettext(msgid)
        return text % values if values else text

    def lead(self, msgid: str) -> str:
        """The translation's text before its first placeholder ("Week of" of "Week of %(first)s – %(last)s")."""
        return self.catalog.gettext(msgid).split("%(")[0].strip()

    def tail(self, msgid: str) -> str:
        """The translation's text after its last placeholder ("— by artist" of "%(day)s — by artist")."""
        return re.split(r"%\(\w+\)s", self.catalog.gettext(msgid))[-1].strip()

    def counted_tail(self, singular: str, plural: str) -> str:
        """What follows the number in the singular form of a counted text (" found" of "%(n)s found")."""
        return self.catalog.ngettext(singular, plural, 1).split("%(n)s")[-1].strip()


def _wait(ui: WebUi, text: str) -> None:
    ui.see(text, timeout=60_000)


def _open(ui: WebUi, name: str) -> None:
    """Click the list row or calendar block of a client (its accessible name holds the name, maybe after an alert)."""
    target = ui.page.get_by_role("button", name=re.compile(rf"(^|\s){re.escape(name)}(,|\s|$)")).first
    target.wait_for(timeout=30_000)
    target.click()


def _scroll(ui: WebUi, pixels: int) -> None:
    """Scroll the screen's body (the mouse must be over it for the wheel to reach it)."""
    ui.page.mouse.move(VIEWPORT["width"] // 2, VIEWPORT["height"] // 2)
    ui.page.mouse.wheel(0, pixels)


def _sign(ui: WebUi, t: Words) -> None:
    """Draw a looping, handwriting-like stroke on the consent pad, with small steps as a hand would."""
    hint = box_of(ui.see(t("Sign inside the box with the mouse or a finger.")))
    left, middle = hint["x"] + 30, hint["y"] - 95  # the pad (180 px high) is right above its hint
    mouse = ui.page.mouse
    mouse.move(left, middle)
    mouse.down()
    for step in range(1, 160):  # a prolate cycloid: a row of loops, like joined-up letters
        s = step / 4
        mouse.move(left + 7 * s - 14 * math.sin(s), middle + 18 * math.cos(s) - 18 + 6 * math.sin(s / 3))
    mouse.up()


class Shooter:
    """Saves numbered PNGs and remembers what it wrote."""

    def __init__(self, out: Path):
        self.out, self.number = out, 0
        self.written: list[tuple[Path, str]] = []
        out.mkdir(parents=True, exist_ok=True)

    def shot(self, ui: WebUi, name: str, what: str) -> None:
        """Wait for the frame to settle and save `<nn>-<name>.png`."""
        self.number += 1
        path = self.out / f"{self.number:02d}-{name}.png"
        ui.page.mouse.move(8, VIEWPORT["height"] - 8)  # no hover tooltip in the picture
        ui.screenshot(path)
        self.written.append((path, what))

    def table(self) -> str:
        """What was written, one line per file."""
        names = [os.path.relpath(path) for path, _ in self.written]
        width = max(map(len, names + ["file"]))
        lines = [f"{'file':{width}} {'KB':>5}  screen", f"{'-' * width} {'-' * 5}  {'-' * 40}"]
        lines += [f"{name:{width}} {path.stat().st_size // 1024:>5}  {what}"
                  for name, (path, what) in zip(names, self.written, strict=True)]
        return "\n".join(lines)


def studio_screens(ui: WebUi, shots: Shooter, arranged: Arranged, wizard: Callable[[], None], t: Words) -> None:
    """Login, then the wizard (on the empty stick), then every screen of the demo studio, ending locked."""
    week_of = t.lead("Week of %(first)s – %(last)s")
    _wait(ui, t("Open the studio"))
    shots.shot(ui, "login", "Login")
    wizard()
    _log_in(ui, t)
    shots.shot(ui, "dashboard", "Dashboard (admin): today's sessions and takings")
    _scroll(ui, 700)
    shots.shot(ui, "dashboard-month", "Dashboard (admin): this month's figures and charts")

    ui.go(t("Calendar"))
    _wait(ui, week_of)
    shots.shot(ui, "calendar-week", "Calendar, week view")
    ui.click(t("By artist"))
    _wait(ui, t.tail("%(day)s — by artist"))
    shots.shot(ui, "calendar-by-artist", "Calendar, today by artist")
    ui.click(t("By day"))
    _wait(ui, week_of)
    _book_dialog(ui, arranged, t)
    shots.shot(ui, "booking-dialog", "Booking dialog (click on an empty slot)")
    _close(ui, t("Cancel"), t("Book a session"), t)

    ui.go(t("Clients"))
    _wait(ui, t("Recently added clients"))
    ui.fill(t("Search clients"), arranged.search)
    _wait(ui, t.counted_tail("%(n)s found", "%(n)s found"))
    shots.shot(ui, "clients-search", f"Clients, searching '{arranged.search}'")
    _open(ui, arranged.client_name)
    _wait(ui, t.lead("Medical alert: %(alerts)s"))
    shots.shot(ui, "client-detail", "Client detail with the medical alert banner")

    ui.go(t("Calendar"))
    _wait(ui, week_of)
    ui.page.wait_for_timeout(1500)
    _open(ui, arranged.client_name)
    _wait(ui, t("Session of %(client)s", client=arranged.client_name))
    _sign(ui, t)
    shots.shot(ui, "session-detail", "Session detail: alert, status buttons, consent signed on the pad")

    ui.go(t("Register"))
    _wait(ui, t("Totals by method"))
    shots.shot(ui, "register", "Register, today")
    ui.go(t("Admin"))
    _wait(ui, t("Save settings"))
    shots.shot(ui, "admin", "Admin: users and studio settings")
    _scroll(ui, 780)  # the studio settings at the top, then backups kept, then the audit
    shots.shot(ui, "admin-recent-changes", "Admin: studio settings, backups kept and recent changes (audit)")
    ui.go(t("Backups"))
    _wait(ui, t("Back up now"))
    shots.shot(ui, "backups", "Backups: status and history")
    ui.click(t("Lock"))
    _wait(ui, t("Unlock"))
    shots.shot(ui, "lock", "Lock screen")


def _close(ui: WebUi, button: str, title: str, t: Words) -> None:
    """Press a dialog's button until the dialog (its `title`) is no longer shown. In chromium the booking
    dialog at times stays drawn after its Cancel was heard (the app has closed it: loading the page again shows
    the screen without it), so after two presses the page is loaded again (the same session; logged in again
    if it asks)."""
    shown = ui.page.get_by_text(title, exact=True).first
    for _attempt in range(2):
        ui.click(button)
        try:
            shown.wait_for(state="hidden", timeout=10_000)
            return
        except PlaywrightTimeout:
            continue
    print(f"The dialog {title!r} was still drawn after {button!r}; the page is loaded again.", file=sys.stderr)
    ui.page.reload()
    placeholder = ui.page.locator("flt-semantics-placeholder")
    placeholder.wait_for(state="attached", timeout=60_000)
    placeholder.dispatch_event("click")
    try:
        ui.field(t("Username")).first.wait_for(timeout=15_000)
    except PlaywrightTimeout:
        shown.wait_for(state="hidden", timeout=30_000)
        return
    _log_in(ui, t)


def _log_in(ui: WebUi, t: Words) -> None:
    """Log in as the demo's admin and wait for the dashboard."""
    ui.fill(t("Username"), ADMIN)
    ui.fill(t("Password"), ADMIN_PASSWORD)
    ui.click(t("Log in"))
    _wait(ui, t("Today's sessions"))


def _book_dialog(ui: WebUi, arranged: Arranged, t: Words) -> None:
    """Click an empty evening slot next week and start finding the arranged client."""
    ui.click(t("Next week"))
    ui.page.wait_for_timeout(1500)
    header = format_date(arranged.next_monday, "EEE d MMM", locale=arranged.locale)  # as the calendar titles it
    column = box_of(ui.page.get_by_text(header, exact=True).first)
    hour = box_of(ui.page.get_by_text("20:00", exact=True).first)
    ui.page.mouse.click(column["x"] + column["width"] / 2, hour["y"] + 8)
    ui.fill(t("Find client"), arranged.client_name)
    ui.page.wait_for_timeout(1000)
    for _attempt in range(3):  # the search list re-lays out as results come: a click can be lost
        ui.click(arranged.client_name)
        try:
            ui.see(t("Client: %(name)s", name=arranged.client_name), timeout=10_000)
            break
        except PlaywrightTimeout:
            continue
    ui.page.get_by_role("radio", name=arranged.artist).click()
    for label, value in BOOKING:
        ui.fill(t(label), value)


def wizard_screens(browser, home: Path, logs: Path, shots: Shooter, t: Words) -> None:
    """The first-run wizard on an empty stick of a computer speaking the language, filled in, then its recovery
    key."""
    app = App.web(home, logs / "wizard-app.log", LANGUAGE=t.language)
    context = browser.new_context(viewport=VIEWPORT)
    try:
        ui = WebUi(context.new_page(), _url(app))
        _wait(ui, t("Set up your studio"))
        for label, value in WIZARD:
            ui.fill(t(label), value)
        shots.shot(ui, "first-run-wizard", "First-run wizard (a new, empty stick)")
        ui.click(t("Create studio"))
        _wait(ui, t("Your recovery key"))
        ui.page.get_by_role("checkbox").first.click()
        shots.shot(ui, "recovery-key", "Recovery key, shown once")
    finally:
        context.close()
        app.stop(timeout=20, strict=False)


def _url(app: App, which: str = "url") -> str:
    """The address the started app announced (its page, or with "api_url" its API)."""
    address = getattr(app, which)
    assert address, f"The app announced no {which}."
    return str(address)


def main(argv: list[str] | None = None) -> int:
    """Make the demo studio, drive web mode in chromium, write the PNGs and print what was written."""
    parser = argparse.ArgumentParser(prog="tools/screenshots", description=__doc__)
    parser.add_argument("--language", choices=sorted(LOCALES), default="en",
                        help="the studio's language (en: docs/screenshots/, else docs/screenshots/<language>/)")
    parser.add_argument("--out", type=Path, help="where the PNGs go (instead of the language's folder)")
    parser.add_argument("--scale", type=float, default=0.25,
                        help="demo size (1.0 is ten years of a busy studio; 0.25 fills this week's calendar)")
    args = parser.parse_args(argv)
    if not chromium_available():
        print("Debian's chromium is needed (apt-get install chromium).", file=sys.stderr)
        return 2
    from playwright.sync_api import sync_playwright

    t = Words(args.language)
    shots = Shooter((args.out or REPO / "docs" / "screenshots" / ("" if t.language == "en" else t.language)).resolve())
    with tempfile.TemporaryDirectory(prefix="screenshots-") as folder:
        temp = Path(folder)
        make_demo(temp / "demo", args.scale)
        app = App.web(temp / "demo", temp / "demo-app.log")
        try:
            arranged = Arranged(_url(app, "api_url"), t.language)
            if t.language != "en":  # started again, the login screen speaks the language the stick remembers
                app.stop(timeout=20, strict=False)
                app = App.web(temp / "demo", temp / "demo-app-again.log")
            with sync_playwright() as playwright:
                browser = playwright.chromium.launch(executable_path=CHROMIUM, args=CHROMIUM_ARGS)
                context = browser.new_context(viewport=VIEWPORT)
                ui = WebUi(context.new_page(), _url(app))
                wizard = functools.partial(wizard_screens, browser, temp / "empty", temp, shots, t)
                try:
                    studio_screens(ui, shots, arranged, wizard, t)
                except Exception:
                    ui.page.screenshot(path=str(FAILURE))
                    print(f"Stopped; the page at that moment is in {FAILURE}", file=sys.stderr)
                    raise
                context.close()
                browser.close()
        finally:
            app.stop(timeout=20, strict=False)
    print(shots.table())
    return 0


if __name__ == "__main__":
    sys.exit(main())
