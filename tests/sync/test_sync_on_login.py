"""A paired studio starts syncing in the background at the first login of the running app, and stops at exit; an
unpaired one starts nothing."""

from __future__ import annotations

import time

import httpx

from app.container import Container
from app.domain.records import StudioSettings
from app.sync.relay_client import RelayClient
from tests.conftest import ADMIN, ADMIN_PASSWORD, STUDIO_NAME


def _waiting_messages(relay_url: str, credential: str) -> int:
    answer = httpx.get(f"{relay_url}/v1/messages", params={"after": 0, "limit": 500},
                       headers={"Authorization": f"Bearer {credential}"}, timeout=10)
    return len(answer.json()["messages"])


def test_the_first_login_starts_the_sync_of_a_paired_studio(stick, relay):
    container = Container(stick)
    container.relay_for = RelayClient
    container.create_studio(StudioSettings(STUDIO_NAME, "EUR", "Europe/Madrid"), ADMIN, ADMIN_PASSWORD, "Boss")
    assert container.schedule.sync_scheduler is None  # not switched on, and not paired
    container.services.sync.start(container._studio.user, relay.url)
    with container.services.sync.db.read() as conn:
        credential = conn.exec_driver_sql("SELECT credential FROM sync_node").scalar()
    container.close()

    running = Container(stick)
    running.relay_for = RelayClient
    running.schedule.begin(prefect=False, poll=3600)
    try:
        running.login(ADMIN, ADMIN_PASSWORD)
        assert running.schedule.sync_scheduler is not None
        deadline = time.monotonic() + 30
        while _waiting_messages(relay.url, credential) == 0 and time.monotonic() < deadline:
            time.sleep(0.2)
        assert _waiting_messages(relay.url, credential) > 0  # the studio's rows went out, sealed
    finally:
        running.schedule.stop()
        running.close()
    assert running.schedule.sync_scheduler is None


def test_an_unpaired_studio_starts_no_sync(stick):
    container = Container(stick)
    container.create_studio(StudioSettings(STUDIO_NAME, "EUR", "Europe/Madrid"), ADMIN, ADMIN_PASSWORD, "Boss")
    container.close()
    running = Container(stick)
    running.schedule.begin(prefect=False, poll=3600)
    try:
        running.login(ADMIN, ADMIN_PASSWORD)
        assert running.schedule.sync_scheduler is None
    finally:
        running.schedule.stop()
        running.close()
