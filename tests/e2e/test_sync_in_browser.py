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
        web.fill("Relay address", relay.url)
        web.click("Set up sync")
        web.see("Last synced", timeout=120_000)  # the first sync sent the whole studio, sealed
        web.see("Nothing waiting to be sent.")
        web.see("This device: added")
        web.screenshot(tmp_path / "admin-sync.png")
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
