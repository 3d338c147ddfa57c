"""The Assistant screen in Chromium over the real path: a ~50 MB random-weights GGUF (tools.tiny_gguf's wide one:
slow enough per token for the browser to see the answer grow) imported and pinned on a demo stick, the app in web
mode, a question asked, the answer streamed from llama.cpp (over the API: in pieces; on the screen: growing), and
Stop ending it mid-answer. The words are random by design: the plumbing is what is checked."""

from __future__ import annotations

import io
import time

import httpx
import pytest

from app.container import Container
from app.core.paths import resolve
from tests.conftest import run_cli
from tools.stick_process import App
from tools.web_ui import WebUi, box_of

pytestmark = pytest.mark.e2e
pytest.importorskip("llama_cpp", reason="the assistant's extra (pip install .[ai]) is not installed")
ADMIN, PASSWORD = "admin", "demo-admin"


@pytest.fixture(scope="module")
def assistant_app(tmp_path_factory):
    """A small demo stick with the tiny model imported by its admin, served in web mode."""
    from tools.tiny_gguf import write_wide_llama

    root = tmp_path_factory.mktemp("assistant-e2e")
    home = root / "stick"
    assert run_cli("demo", "--home", str(home), "--scale", "0.005").returncode == 0
    (root / "usb").mkdir()
    model = write_wide_llama(root / "usb" / "wide-llama.gguf", n_layer=4)  # ~95 MB: 512 tokens take seconds
    container = Container(resolve(home=home).ensure())
    try:
        admin = container.login(ADMIN, PASSWORD)
        container.services.models.import_model(admin, model)
    finally:
        container.close()
    app = App.web(home, root / "web-app.log")
    yield app
    app.stop(timeout=20, strict=False)


def test_the_answer_streams_in_pieces_over_the_api(assistant_app):
    token = httpx.post(f"{assistant_app.api_url}/api/auth/login", json={"username": ADMIN, "password": PASSWORD},
                       timeout=60).json()["token"]
    headers = {"Authorization": f"Bearer {token}"}
    assert httpx.get(f"{assistant_app.api_url}/api/assistant", headers=headers, timeout=30).json()["available"]
    with httpx.stream("POST", f"{assistant_app.api_url}/api/assistant/answers", headers=headers, timeout=120,
                      json={"task": "reply", "text": "Can I come on Friday?"}) as answer:
        assert answer.status_code == 200
        pieces = [piece for piece in answer.iter_text() if piece]
    assert len(pieces) > 1


def test_ask_and_stop_in_the_browser(browser, assistant_app):
    context = browser.new_context(viewport={"width": 1440, "height": 960})
    try:
        web = WebUi(context.new_page(), assistant_app.url)
        web.log_in(ADMIN, PASSWORD)
        web.go("Assistant")
        web.see("Answers are drafts written by a model on this computer")
        web.fill("Describe the tattoo and the client", "fresh forearm piece")
        web.click("Ask")
        web.see("Done. This is a draft", timeout=120_000)
        web.click("Ask")  # again, and Stop at once: it stops, or the tiny model had already finished
        web.click("Stop")
        web.page.wait_for_function(
            "() => document.body.innerText.includes('Stopped.') || document.body.innerText.includes('Done.')",
            timeout=120_000)
        web.button("Ask").wait_for(timeout=30_000)
        token = httpx.post(f"{assistant_app.api_url}/api/auth/login", json={"username": ADMIN, "password": PASSWORD},
                           timeout=60).json()["token"]
        def status() -> dict:
            return httpx.get(f"{assistant_app.api_url}/api/assistant", headers={"Authorization": f"Bearer {token}"},
                             timeout=30).json()

        deadline = time.monotonic() + 30  # the worker frees the engine a moment after the screen says Stopped
        while (now := status())["busy"] and time.monotonic() < deadline:
            time.sleep(0.2)
        assert now["available"] and not now["busy"]  # the engine is free: nothing goes on writing
        web.page.wait_for_timeout(500)
        web.require_nothing_fetched_off_this_computer()
    finally:
        context.close()


def _answer_ink(web: WebUi) -> int:
    """How much text the answer box shows: its dark pixels on a screenshot (Flutter paints the answer, a
    selectable text, on its canvas: it is not in the page's DOM text)."""
    from PIL import Image

    stop = box_of(web.button("Stop"))
    clip = {"x": stop["x"] - 150, "y": stop["y"] + stop["height"] + 6, "width": 720, "height": 560}
    image = Image.open(io.BytesIO(web.page.screenshot(clip=clip))).convert("L")
    return sum(image.histogram()[:110])  # pixels darker than 110 of 255


def _page_text(web: WebUi) -> str:
    return web.page.evaluate("() => document.body.innerText")


def test_the_answer_grows_on_the_screen_and_stop_ends_it_mid_answer(browser, assistant_app, tmp_path):
    context = browser.new_context(viewport={"width": 1440, "height": 960})
    try:
        web = WebUi(context.new_page(), assistant_app.url)
        web.log_in(ADMIN, PASSWORD)
        web.go("Assistant")
        web.fill("Describe the tattoo and the client", "fresh forearm piece")
        web.click("Ask")
        web.see("Writing…", timeout=60_000)
        empty = _answer_ink(web)
        inks: list[int] = []  # the answer box's ink while the answer is written, until two partial answers grew
        deadline = time.monotonic() + 180  # llama.cpp reads the prompt first: no token for a while on a busy CPU
        while len({ink for ink in inks if ink > empty}) < 2 and time.monotonic() < deadline:
            assert "Done." not in _page_text(web), f"the answer ended before it was seen growing: {inks}"
            inks.append(_answer_ink(web))
            web.page.wait_for_timeout(150)
        partial = sorted({ink for ink in inks if ink > empty})
        assert len(partial) >= 2 and inks == sorted(inks), (empty, inks)  # two partial answers, each longer
        web.screenshot(tmp_path / "assistant-writing.png")
        web.click("Stop")
        web.see("Stopped.", timeout=60_000)
        stopped = _answer_ink(web)
        web.page.wait_for_timeout(2_000)
        assert _answer_ink(web) == stopped >= partial[-1]  # what had arrived stays, and nothing more arrives
        assert "Done." not in _page_text(web)
        web.screenshot(tmp_path / "assistant-stopped.png")
    finally:
        context.close()
