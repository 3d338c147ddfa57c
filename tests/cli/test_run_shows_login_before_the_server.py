"""`run` paints the login form before any of the server is imported, and the API starts behind it (issue 21).

A subprocess runs the real `run` command on a demo stick with only the Flet window replaced by the driven page of
the screen tests: when the login form is on the page, the heavy modules must not be loaded yet; then the login
typed into that form waits for the API that starts behind it, and opens the studio."""

from __future__ import annotations

import json
import os
import subprocess
import sys

from tests.conftest import ADMIN, ADMIN_PASSWORD, REPO

# Nothing of the server, the reports or the jobs may load before the login form shows.
HEAVY = ("sqlalchemy", "sqlcipher3", "alembic", "flask", "werkzeug", "waitress", "prefect", "reportlab",
         "matplotlib", "numpy", "PIL", "qrcode", "argon2", "pluggy", "app.api", "app.db", "app.services",
         "app.container", "app.reports", "flows")

SCRIPT = """
import asyncio, json, sys
from app.ui import launch
from app.ui.app import make_main
from tests.ui.support_driver import UiDriver

HEAVY = {heavy!r}
seen = {{}}

def open_desktop(api_url, first_screen=None, shown=None):
    ui = UiDriver()

    def on_the_page():
        seen["loaded_at_login"] = sorted(m for m in HEAVY if m in sys.modules)
        seen["login_texts"] = ui.texts()
        shown()

    async def start():
        make_main(api_url, first_screen=first_screen, shown=on_the_page)(ui.page)

    ui.loop.run_until_complete(start())
    ui.type("Username", {admin!r})
    ui.type("Password", {password!r})
    ui.click("Log in")
    seen["after_login"] = ui.texts()
    seen["loaded_after_login"] = sorted(m for m in HEAVY if m in sys.modules)
    ui.close()

launch.open_desktop = open_desktop
from app.cli import main
try:
    main(["run", "--home", sys.argv[1]])
finally:
    print("SEEN " + json.dumps(seen))
"""


def _run(home) -> tuple[subprocess.CompletedProcess, dict]:
    env = {k: v for k, v in os.environ.items() if not k.startswith(("TATTOO_", "FLET_"))}
    env.update(PYTHONPATH=str(REPO), DISPLAY=":none", LANGUAGE="en")  # a display: `run` takes the window's path
    script = SCRIPT.format(heavy=HEAVY, admin=ADMIN, password=ADMIN_PASSWORD)
    done = subprocess.run([sys.executable, "-c", script, str(home)], env=env, cwd=REPO, capture_output=True,
                          text=True, timeout=300)
    line = next((x for x in done.stdout.splitlines() if x.startswith("SEEN ")), "SEEN {}")
    return done, json.loads(line[5:])


def test_the_login_form_shows_before_the_server_loads_and_the_login_waits_for_it(created, stick):
    done, seen = _run(stick.root)
    assert done.returncode == 0, done.stderr[-3000:]
    assert "Open the studio" in seen["login_texts"] and "Username" in seen["login_texts"], seen
    assert seen["loaded_at_login"] == [], seen["loaded_at_login"]
    # the login typed at once waited for the API, which started behind the form, and opened the studio
    assert "Open the studio" not in seen["after_login"], seen["after_login"][:40]
    assert "Log out" in seen["after_login"], seen["after_login"][:40]
    assert {"sqlalchemy", "flask", "app.api"} <= set(seen["loaded_after_login"])
    assert "Stopped." in done.stderr
