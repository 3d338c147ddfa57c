"""End-to-end fixtures: a small demo studio served in web mode, Debian's chromium through Playwright. Every tab
refuses requests off this computer, and a test whose page tried one fails (issue 16: nothing leaves the computer)."""

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


def fail_if_anything_left(ui: WebUi) -> None:
    """Fail the test if its page asked for anything that is not on 127.0.0.1 / localhost, data: or blob:."""
    try:
        ui.require_nothing_fetched_off_this_computer()
    except AssertionError as error:
        pytest.fail(str(error), pytrace=False)


@pytest.hookimpl(wrapper=True)
def pytest_runtest_call(item):
    """After a test that used the `web` tab passed its own checks, fail it if the tab asked for anything off this
    computer (a failure of the test itself, not an error of its fixture)."""
    outcome = yield
    ui = item.funcargs.get("web")
    if isinstance(ui, WebUi):
        ui.page.wait_for_timeout(500)  # a request started by the test's last action is seen too
        fail_if_anything_left(ui)
    return outcome


@pytest.fixture
def web(browser, web_app):
    """A fresh browser tab on the app (each tab is its own Flet session, logged out); the test fails if the tab
    asked for anything off this computer (pytest_runtest_call above)."""
    context = browser.new_context(viewport={"width": 1440, "height": 960})
    ui = WebUi(context.new_page(), web_app.url)
    yield ui
    context.close()
