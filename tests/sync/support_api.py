"""Two sticks of one studio served by waitress on loopback, for the sync API, UI and e2e tests."""

from __future__ import annotations

import shutil
import time
from pathlib import Path

from app.client import StudioClient
from app.core import paths as stick_paths
from tests.conftest import ADMIN, ADMIN_PASSWORD


def copy_stick(stick: stick_paths.StickPaths, home: Path) -> stick_paths.StickPaths:
    """A copy of the studio's stick (another device), without the node file: the copy takes its own node id."""
    shutil.copytree(stick.root, home)
    for twin in home.rglob("*.node"):
        twin.unlink()
    return stick_paths.resolve(home=home).ensure()


def admin_client(url: str) -> StudioClient:
    """A client of the API at `url`, logged in as the admin."""
    client = StudioClient(url, timeout=60)
    client.login(ADMIN, ADMIN_PASSWORD)
    return client


def synced(served, client: StudioClient, timeout: float = 60.0):
    """Wait for the background sync started through the API to end; its status."""
    deadline = time.monotonic() + timeout
    served.container.sync_soon.wait(timeout)
    status = client.sync.status()
    while status.running and time.monotonic() < deadline:
        time.sleep(0.1)
        status = client.sync.status()
    return status


def sync_once(served, client: StudioClient):
    """Ask for a sync through the API ("Sync now") and wait for it."""
    served.container.sync_soon.wait()
    client.sync.now()
    return synced(served, client)
