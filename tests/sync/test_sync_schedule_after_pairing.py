"""Setting up sync through the API starts the every-minute sync schedule of the running app at once (not only at
the next login), after the first sync it starts in the background."""

from __future__ import annotations

from app.api import create_app
from app.container import Container
from app.sync.relay_client import RelayClient
from tests.conftest import ADMIN, ADMIN_PASSWORD
from tools.stick_process import bearer


def test_setting_up_sync_in_the_running_app_starts_its_sync_schedule(created, stick, relay):
    container = Container(stick)
    container.relay_for = RelayClient
    container.schedule.begin(prefect=False, poll=3600)
    try:
        client = create_app(container).test_client()
        headers = bearer(client, ADMIN, ADMIN_PASSWORD)
        assert container.schedule.sync_scheduler is None  # not paired at login
        answer = client.post("/api/sync/start", json={"relay_url": relay.url}, headers=headers)
        assert answer.status_code == 201, answer.json
        assert container.schedule.sync_scheduler is not None
        container.sync_soon.wait()
        assert client.get("/api/sync", headers=headers).json["last_sync_at"] is not None
    finally:
        container.schedule.stop()
        container.close()
    assert container.schedule.sync_scheduler is None
