"""The demo studio `tools/screenshots` photographs: made with `python -m app demo`, set to the language wanted
through the API, and arranged (a session with an alert this week, a morning at the register, a backup)."""

from __future__ import annotations

import os
import subprocess
import sys
from datetime import date, datetime, time, timedelta
from pathlib import Path
from zoneinfo import ZoneInfo

from app.client import StudioClient
from app.client.models import PaymentIn, SettingsIn
from app.domain.errors import DomainError
from app.domain.register import Method
from tools.web_ui import REPO

ADMIN, ADMIN_PASSWORD = "admin", "demo-admin"
LOCALES = {"en": "en", "es": "es_ES", "de": "de_DE", "fr": "fr_FR", "it": "it_IT", "pt": "pt_PT"}


def make_demo(home: Path, scale: float) -> None:
    """`python -m app demo` into `home`, as a user would run it."""
    env = {k: v for k, v in os.environ.items() if not k.startswith(("TATTOO_", "FLET_"))}
    env["PYTHONPATH"] = str(REPO)
    made = subprocess.run([sys.executable, "-m", "app", "demo", "--home", str(home), "--scale", str(scale)],
                          cwd=REPO, env=env, capture_output=True, text=True, timeout=600)
    if made.returncode != 0:
        raise SystemExit(f"The demo studio could not be made:\n{made.stderr[-2000:]}")


class Arranged:
    """Set up through the API: the studio's locale, a session this week whose client has an alert, a morning at the
    register, a backup."""

    def __init__(self, api_url: str, language: str = "en"):
        api = StudioClient(api_url)
        try:
            api.login(ADMIN, ADMIN_PASSWORD)
            self.locale = LOCALES[language]
            if api.settings().locale != self.locale:
                api.update_settings(SettingsIn(locale=self.locale))
                api.login(ADMIN, ADMIN_PASSWORD)  # a login after the change: the stick remembers its language
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
