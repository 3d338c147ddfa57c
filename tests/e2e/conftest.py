"""End-to-end fixtures: a small demo studio served in web mode, Debian's chromium through Playwright."""

from __future__ import annotations

import pytest

from tests.conftest import run_cli
from tools.stick_process import App
from tools.web_ui import CHROMIUM, CHROMIUM_ARGS, WebUi, chromium_available

DEMO_USERS = {"admin": "demo-admin", "staff": "demo-staff"}


@pytest.fixture(scope="module")
def demo_home(tmp_path_factory):
    """A small demo studio (its users: admin/demo-admin, staff/demo-staff)."""
    home = tmp_path_factory.mktemp("e2e") / "stick"
    made = run_cli("demo", "--home", str(home), "--scale", "0.01")
    assert made.returncode == 0, made.stderr
    return home


@pytest.fixture(scope="module")
def web_app(demo_home):
    app = App.web(demo_home, demo_home.parent / "web-app.log")
    yield app
    app.stop(timeout=20, strict=False)


@pytest.fixture(scope="module")
def browser():
    if not chromium_available():
        pytest.skip("Debian's chromium is not installed here (.ci/run installs it: apt-get install chromium).")
    from playwright.sync_api import sync_playwright

    with sync_playwright() as playwright:
        launched = playwright.chromium.launch(executable_path=CHROMIUM, args=CHROMIUM_ARGS)
        yield launched
        launched.close()


@pytest.fixture
def web(browser, web_app):
    """A fresh browser tab on the app (each tab is its own Flet session, logged out)."""
    context = browser.new_context(viewport={"width": 1440, "height": 960})
    ui = WebUi(context.new_page(), web_app.url)
    yield ui
    context.close()
