"""Web mode in a real browser: the login screen, a wrong password as a sentence, nothing fetched off loopback."""

from __future__ import annotations

import pytest

pytestmark = pytest.mark.e2e


def test_a_wrong_password_is_said_on_the_page(web):
    web.log_in("admin", "not-the-password")
    web.see("Wrong username or password")
    web.field("Username").wait_for()


def test_web_mode_serves_its_renderer_from_the_package(web, web_app):
    web.log_in("admin", "still-wrong")
    web.see("Wrong username or password")
    # CanvasKit and fonts come from the app; the one known CDN request (rive_native.js) was refused
    assert all("canvaskit" not in url for url in web.blocked), web.blocked
