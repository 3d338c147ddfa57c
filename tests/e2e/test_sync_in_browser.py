"""Issue 20 in a real browser: an admin sets up sync on the Admin screen against a real relay (PostgreSQL on
loopback), sees "Last synced ... ago" there and the quiet sync line on the Backups screen; screenshots of both."""

from __future__ import annotations

import pytest

from app.client import StudioClient
from tests.e2e.conftest import fail_if_anything_left
from tests.relay import conftest as relay_fixtures
from tools.web_ui import WebUi

pytestmark = pytest.mark.e2e
# the relay tests' throwaway PostgreSQL cluster and relay server, as tests/sync/conftest.py uses them
pg_cluster, relay_db, relay_limits = relay_fixtures.pg_cluster, relay_fixtures.relay_db, relay_fixtures.relay_limits
relay = relay_fixtures.relay


def _in_view(web: WebUi, text: str) -> None:
    """Scroll the screen (with the mouse wheel, as Flutter scrolls) until `text` is well inside the window."""
    spot = web.see(text)
    for _turn in range(40):
        box = spot.bounding_box()
        if box is not None and 120 < box["y"] < 560:
            return
        web.page.mouse.move(720, 480)
        web.page.mouse.wheel(0, 250 if box is None or box["y"] >= 560 else -250)
        web.page.wait_for_timeout(150)


def test_an_admin_sets_up_sync_in_the_browser_and_sees_it_last_synced(browser, web_app, relay, tmp_path):
    context = browser.new_context(viewport={"width": 1440, "height": 960})
    web = WebUi(context.new_page(), web_app.url)
    api = StudioClient(web_app.api_url, timeout=60)
    api.login("admin", "demo-admin")
    try:
        web.log_in("admin", "demo-admin")
        web.see("Today's sessions")
        web.go("Admin")
        web.see("This studio works on this computer only.")
        _in_view(web, "This studio works on this computer only.")
        web.screenshot(tmp_path / "admin-sync-not-paired.png")
        web.fill("Relay address", relay.url)
        web.click("Set up sync")
        web.see("Last synced", timeout=120_000)  # the first sync sent the whole studio, sealed
        web.see("Nothing waiting to be sent.")
        web.see("This device: added")
        web.screenshot(tmp_path / "admin-sync.png")
        web.click("Pair another device")
        web.see("It works once and is not shown again.")
        _in_view(web, "It works once and is not shown again.")
        web.screenshot(tmp_path / "admin-sync-code.png")
        status = api.sync.status()
        assert status.paired and status.last_sync_at is not None and status.last_error is None
        web.go("Backups")
        web.see("No sync conflicts.")
        web.see("Last synced")
        web.screenshot(tmp_path / "backups-sync-line.png")
        fail_if_anything_left(web)
    finally:
        context.close()
        api.close()
