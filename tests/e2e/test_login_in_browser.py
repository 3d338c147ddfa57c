"""Web mode in a real browser: the login screen, a wrong password as a sentence, nothing fetched off this computer
(every test here also fails through the `web` fixture if its page asked for anything off 127.0.0.1)."""

from __future__ import annotations

import pytest

from tests.conftest import run_cli
from tools.stick_process import App, wait_http
from tools.web_ui import WebUi

pytestmark = pytest.mark.e2e
RIVE_OFF = "window.RiveNative().then(() => 'loaded', (error) => error.message)"


def test_a_wrong_password_is_said_on_the_page(web):
    web.log_in("admin", "not-the-password")
    web.see("Wrong username or password")
    web.field("Username").wait_for()


def test_web_mode_asks_nothing_off_this_computer_and_switches_rive_off(web):
    web.log_in("admin", "still-wrong")
    web.see("Wrong username or password")
    # Flet's client asked for the Rive runtime (from a CDN) at start-up; offline.js answered "not available"
    # without a request, so the page neither fetched it nor was refused it.
    rive = web.page.evaluate(RIVE_OFF)
    assert rive.startswith("Rive animations are switched off"), rive
    requested = web.page.evaluate("performance.getEntriesByType('resource').map((entry) => entry.name)")
    assert any("main.dart.wasm" in url for url in requested), requested  # Chromium runs the WebAssembly build
    assert web.off_this_computer() == []


def test_the_javascript_build_browsers_without_skwasm_run_fetches_nothing_off_this_computer(browser, tmp_path):
    """Firefox and Safari get Flet's other build (dart2js with CanvasKit), which asks for Rive the same way;
    FLET_WEB_RENDERER=canvaskit makes Chromium take it too (on a stick of its own: the module's app holds its)."""
    stick = tmp_path / "stick"
    assert run_cli("demo", "--home", str(stick), "--scale", "0.005").returncode == 0
    app = App.source(["run", "--web", "--home", str(stick)], drop=("TATTOO_", "FLET_"),
                     log=tmp_path / "web-canvaskit.log", PYTHONUNBUFFERED="1", FLET_WEB_RENDERER="canvaskit")
    context = None
    try:
        url, _ = app.urls("Studio app on", 60)
        wait_http(url, 60)
        context = browser.new_context(viewport={"width": 1440, "height": 960})
        ui = WebUi(context.new_page(), url)
        ui.log_in("admin", "not-the-password")
        ui.see("Wrong username or password")
        requested = ui.page.evaluate("performance.getEntriesByType('resource').map((entry) => entry.name)")
        assert any(url.endswith("/main.dart.js") for url in requested), requested
        assert ui.page.evaluate(RIVE_OFF).startswith("Rive animations are switched off")
        ui.page.wait_for_timeout(500)
        ui.require_nothing_fetched_off_this_computer()
    finally:
        if context is not None:
            context.close()
        app.stop(timeout=20, strict=False)


def test_the_page_itself_refuses_anything_off_this_computer(web):
    """Beyond the test's own guard: the page's Content-Security-Policy makes the browser refuse any fetch, image
    or script off loopback, so a request the app's code did not foresee never leaves either."""
    web.field("Username").wait_for()  # the page is up
    tried = web.page.evaluate("""async () => {
        const fetched = await fetch("https://example.com/x.js").then(() => "fetched", () => "refused");
        const image = await new Promise((done) => {
            const img = new Image();
            img.onload = () => done("loaded");
            img.onerror = () => done("refused");
            img.src = "https://example.com/x.png";
        });
        const script = await new Promise((done) => {
            const tag = document.createElement("script");
            tag.onload = () => done("loaded");
            tag.onerror = () => done("refused");
            tag.src = "https://example.com/x.js";  // offline.js keeps it from loading, as it does Rive's
            document.body.append(tag);
        });
        return [fetched, image, script];
    }""")
    assert tried == ["refused", "refused", "refused"]
    assert web.blocked == []  # the page refused all three itself: none reached the network (nor the test's guard)
    policy = [text for text in web.refusals if "Content Security Policy" in text]
    script = [text for text in web.refusals if text.startswith("studio-offline:")]
    assert len(policy) >= 2 and script == ["studio-offline: not loaded, the studio app fetches nothing off this "
                                           "computer: https://example.com/x.js"], web.refusals
    web.refusals.clear()  # the ones this test provoked on purpose
