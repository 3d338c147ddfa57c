"""`tools/screenshots`: render every screen of a demo studio to PNG (docs/screenshots/) with Debian's chromium."""

from __future__ import annotations

import argparse
import math
import os
import re
import subprocess
import sys
import tempfile
from collections.abc import Callable
from datetime import date, datetime, time, timedelta
from pathlib import Path
from typing import TYPE_CHECKING
from zoneinfo import ZoneInfo

from app.client import StudioClient
from app.client.models import PaymentIn
from app.domain.errors import DomainError
from app.domain.register import Method
from tools.stick_process import App

if TYPE_CHECKING:
    from playwright.sync_api import ViewportSize

from tools.web_ui import CHROMIUM, CHROMIUM_ARGS, REPO, WebUi, box_of, chromium_available

FAILURE = Path(tempfile.gettempdir()) / "screenshots-failure.png"
VIEWPORT: ViewportSize = {"width": 1440, "height": 900}
ADMIN, ADMIN_PASSWORD = "admin", "demo-admin"
# the wizard's example answers, typed on the second, empty stick
WIZARD = (("Studio name", "Black Lotus Tattoo"), ("Time zone", "Europe/Madrid"), ("Your name", "Marta Soler"),
          ("Admin username", "marta"), ("Admin password", "correct-horse-42"),
          ("Admin password again", "correct-horse-42"))


def make_demo(home: Path, scale: float) -> None:
    """`python -m app demo` into `home`, as a user would run it."""
    env = {k: v for k, v in os.environ.items() if not k.startswith(("TATTOO_", "FLET_"))}
    env["PYTHONPATH"] = str(REPO)
    made = subprocess.run([sys.executable, "-m", "app", "demo", "--home", str(home), "--scale", str(scale)],
                          cwd=REPO, env=env, capture_output=True, text=True, timeout=600)
    if made.returncode != 0:
        raise SystemExit(f"The demo studio could not be made:\n{made.stderr[-2000:]}")


class Arranged:
    """Set up through the API: a session this week whose client has an alert, a morning at the register, a backup."""

    def __init__(self, api_url: str):
        api = StudioClient(api_url)
        try:
            api.login(ADMIN, ADMIN_PASSWORD)
            zone = ZoneInfo(api.settings().timezone)
            now = datetime.now(zone)
            self.next_monday: date = now.date() + timedelta(days=7 - now.weekday())
            monday = datetime.combine(now.date() - timedelta(days=now.weekday()), time(), zone)
            week = api.sessions.between(monday, monday + timedelta(days=7))
            self.session = self._pick(api, week, now)
            self.client_name = self.session.client_name
            self.artist = self.session.artist_name
            self.search = self._search_text(api, self.session.client_id)
            self._open_register(api, [s for s in week if s.starts_at.astimezone(zone).date() == now.date()], zone)
            api.backups.take()  # so the Backups screen shows a good backup and a history line
        finally:
            api.close()

    @staticmethod
    def _open_register(api: StudioClient, today: list, zone: ZoneInfo) -> None:
        """Open today's register with a float and take a few payments, as a morning at the desk would."""
        if api.register.register_day("today").opened:
            return
        api.register.open_day("today", 15000)
        methods: tuple[Method, ...] = ("cash", "card", "card", "transfer")
        for session, method in zip(today, methods, strict=False):
            owed = api.register.balance(session.id).balance_minor
            if owed <= 0:
                continue
            payment = PaymentIn(amount_minor=min(owed, 8000), method=method, kind="deposit", session_id=session.id,
                                client_id=session.client_id, artist_id=session.artist_id,
                                note=f"{session.client_name}, {session.starts_at.astimezone(zone):%H:%M}")
            try:
                api.register.take(payment)
            except DomainError as exc:  # a rule of the studio may refuse one: the others still show
                print(f"A demo payment was refused: {exc}", file=sys.stderr)

    @staticmethod
    def _search_text(api: StudioClient, client_id: str) -> str:
        """What to type in the clients search: a name part that lists this client among a few others."""
        client = api.clients.get(client_id).client
        surname = client.last_name.split()[0]
        tries = (surname, f"{client.first_name} {surname}", client.first_name, client.last_name)
        listed = [t for t in tries if any(found.id == client_id for found in api.clients.search(t))]
        several = [t for t in listed if len(api.clients.search(t)) >= 3]
        return (several or listed or [f"{client.first_name} {client.last_name}"])[0]

    @staticmethod
    def _pick(api: StudioClient, week: list, now: datetime):
        """Prefer an upcoming session with an alert (status buttons, banner) whose client's name is unique."""
        if not week:
            raise SystemExit("The demo studio has no session this week; try a larger --scale.")

        def score(s) -> tuple:
            return (s.client_has_alert, s.status in ("booked", "confirmed"), s.starts_at >= now)
        for session in sorted(week, key=score, reverse=True):
            namesakes = [c for c in api.clients.search(session.client_name)
                         if f"{c.first_name} {c.last_name}" == session.client_name]
            if len(namesakes) == 1:  # the screens are driven by name: a namesake would be ambiguous
                return session
        return max(week, key=score)


def _wait(ui: WebUi, text: str) -> None:
    ui.see(text, timeout=60_000)


def _open(ui: WebUi, name: str) -> None:
    """Click the list row or calendar block of a client (its accessible name holds the name, maybe after an alert)."""
    target = ui.page.get_by_role("button", name=re.compile(rf"(^|\s){re.escape(name)}(,|\s|$)")).first
    target.wait_for(timeout=30_000)
    target.click()


def _fill(ui: WebUi, label: str, text: str) -> None:
    """Type into the field with this label ("Admin password" is also the start of "Admin password again")."""
    ui.field(label).first.wait_for(timeout=30_000)
    exact = ui.page.get_by_role("textbox", name=label, exact=True)
    box = exact.first if exact.count() else ui.field(label).first
    box.click()
    ui.page.wait_for_timeout(300)  # Flutter moves the focus a frame after the click
    ui.page.keyboard.press("Control+A")
    ui.page.keyboard.press("Delete")
    ui.page.keyboard.type(text)


def _scroll(ui: WebUi, pixels: int) -> None:
    """Scroll the screen's body (the mouse must be over it for the wheel to reach it)."""
    ui.page.mouse.move(VIEWPORT["width"] // 2, VIEWPORT["height"] // 2)
    ui.page.mouse.wheel(0, pixels)


def _sign(ui: WebUi) -> None:
    """Draw a looping, handwriting-like stroke on the consent pad, with small steps as a hand would."""
    hint = box_of(ui.see("Sign inside the box"))
    left, middle = hint["x"] + 30, hint["y"] - 95  # the pad (180 px high) is right above its hint
    mouse = ui.page.mouse
    mouse.move(left, middle)
    mouse.down()
    for step in range(1, 160):  # a prolate cycloid: a row of loops, like joined-up letters
        t = step / 4
        mouse.move(left + 7 * t - 14 * math.sin(t), middle + 18 * math.cos(t) - 18 + 6 * math.sin(t / 3))
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


def studio_screens(ui: WebUi, shots: Shooter, arranged: Arranged, wizard: Callable[[], None]) -> None:
    """Login, then the wizard (on the empty stick), then every screen of the demo studio, ending locked."""
    _wait(ui, "Open the studio")
    shots.shot(ui, "login", "Login")
    wizard()
    ui.log_in(ADMIN, ADMIN_PASSWORD)
    _wait(ui, "Today's sessions")
    shots.shot(ui, "dashboard", "Dashboard (admin): today's sessions and takings")
    _scroll(ui, 700)
    shots.shot(ui, "dashboard-month", "Dashboard (admin): this month's figures and charts")

    ui.go("Calendar")
    _wait(ui, "Week of")
    shots.shot(ui, "calendar-week", "Calendar, week view")
    ui.click("By artist")
    _wait(ui, "by artist")
    shots.shot(ui, "calendar-by-artist", "Calendar, today by artist")
    ui.click("By day")
    _wait(ui, "Week of")
    _book_dialog(ui, arranged)
    shots.shot(ui, "booking-dialog", "Booking dialog (click on an empty slot)")
    ui.click("Cancel")

    ui.go("Clients")
    _wait(ui, "Recently added clients")
    _fill(ui, "Search clients", arranged.search)
    _wait(ui, " found")
    shots.shot(ui, "clients-search", f"Clients, searching '{arranged.search}'")
    _open(ui, arranged.client_name)
    _wait(ui, "Medical alert:")
    shots.shot(ui, "client-detail", "Client detail with the medical alert banner")

    ui.go("Calendar")
    _wait(ui, "Week of")
    ui.page.wait_for_timeout(1500)
    _open(ui, arranged.client_name)
    _wait(ui, f"Session of {arranged.client_name}")
    _sign(ui)
    shots.shot(ui, "session-detail", "Session detail: alert, status buttons, consent signed on the pad")

    ui.go("Register")
    _wait(ui, "Totals by method")
    shots.shot(ui, "register", "Register, today")
    ui.go("Admin")
    _wait(ui, "Save settings")
    shots.shot(ui, "admin", "Admin: users and studio settings")
    _scroll(ui, 780)  # the studio settings at the top, then backups kept, then the audit
    shots.shot(ui, "admin-recent-changes", "Admin: studio settings, backups kept and recent changes (audit)")
    ui.go("Backups")
    _wait(ui, "Back up now")
    shots.shot(ui, "backups", "Backups: status and history")
    ui.click("Lock")
    _wait(ui, "Unlock")
    shots.shot(ui, "lock", "Lock screen")


def _book_dialog(ui: WebUi, arranged: Arranged) -> None:
    """Click an empty evening slot next week and start finding the arranged client."""
    ui.click("Next week")
    ui.page.wait_for_timeout(1500)
    monday = arranged.next_monday
    column = box_of(ui.page.get_by_text(f"{monday:%a} {monday.day} {monday:%b}", exact=True).first)
    hour = box_of(ui.page.get_by_text("20:00", exact=True).first)
    ui.page.mouse.click(column["x"] + column["width"] / 2, hour["y"] + 8)
    _fill(ui, "Find client", arranged.client_name)
    ui.page.wait_for_timeout(1000)
    ui.click(arranged.client_name)
    ui.page.get_by_role("radio", name=arranged.artist).click()
    _fill(ui, "Placement", "Left forearm")
    _fill(ui, "Description", "Fine-line peony, black and grey")
    _fill(ui, "Quote", "220")
    _fill(ui, "Deposit required", "60")


def wizard_screens(browser, home: Path, logs: Path, shots: Shooter) -> None:
    """The first-run wizard on an empty stick, filled in, then its recovery key."""
    app = App.web(home, logs / "wizard-app.log")
    assert app.url is not None, "App.web returns once the page's address is read"
    context = browser.new_context(viewport=VIEWPORT)
    try:
        ui = WebUi(context.new_page(), app.url)
        _wait(ui, "Set up your studio")
        for label, value in WIZARD:
            _fill(ui, label, value)
        shots.shot(ui, "first-run-wizard", "First-run wizard (a new, empty stick)")
        ui.click("Create studio")
        _wait(ui, "Your recovery key")
        ui.page.get_by_role("checkbox").first.click()
        shots.shot(ui, "recovery-key", "Recovery key, shown once")
        ui.require_nothing_fetched_off_this_computer()
    finally:
        context.close()
        app.stop(timeout=20, strict=False)


def main(argv: list[str] | None = None) -> int:
    """Make the demo studio, drive web mode in chromium, write the PNGs and print what was written."""
    parser = argparse.ArgumentParser(prog="tools/screenshots", description=__doc__)
    parser.add_argument("--out", type=Path, default=REPO / "docs" / "screenshots", help="where the PNGs go")
    parser.add_argument("--scale", type=float, default=0.25,
                        help="demo size (1.0 is ten years of a busy studio; 0.25 fills this week's calendar)")
    args = parser.parse_args(argv)
    if not chromium_available():
        print("Debian's chromium is needed (apt-get install chromium).", file=sys.stderr)
        return 2
    from playwright.sync_api import sync_playwright

    shots = Shooter(args.out.resolve())
    with tempfile.TemporaryDirectory(prefix="screenshots-") as temp_dir:
        temp = Path(temp_dir)
        make_demo(temp / "demo", args.scale)
        app = App.web(temp / "demo", temp / "demo-app.log")
        assert app.url is not None and app.api_url is not None, "App.web returns once both addresses are read"
        try:
            arranged = Arranged(app.api_url)
            with sync_playwright() as playwright:
                browser = playwright.chromium.launch(executable_path=CHROMIUM, args=CHROMIUM_ARGS)
                context = browser.new_context(viewport=VIEWPORT)
                ui = WebUi(context.new_page(), app.url)
                try:
                    studio_screens(ui, shots, arranged, lambda: wizard_screens(browser, temp / "empty", temp, shots))
                    ui.require_nothing_fetched_off_this_computer()
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
