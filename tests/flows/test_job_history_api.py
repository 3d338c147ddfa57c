"""GET /api/backups/history: the background jobs' runs, for any signed-in user, newest first."""

from __future__ import annotations

from datetime import UTC, datetime

import pytest

from app.api import create_app
from app.container import Container
from app.services.backups.job_history import JobRun, record_run
from tests.conftest import ADMIN, ADMIN_PASSWORD
from tools.stick_process import bearer


@pytest.fixture
def client(created, stick):
    container = Container(stick)
    yield create_app(container).test_client()
    container.close()


def test_history_lists_runs_newest_first_with_the_fallback_flag(client, stick):
    at = datetime(2026, 3, 14, 15, 30, tzinfo=UTC)
    record_run(stick, JobRun("backup-local", "Completed", at, 1.5, 4096, False, "run-1"))
    record_run(stick, JobRun("verify-backups", "Completed", at, 0.2, None, True))
    got = client.get("/api/backups/history", headers=bearer(client, ADMIN, ADMIN_PASSWORD))
    assert got.status_code == 200
    assert [r["name"] for r in got.json] == ["verify-backups", "backup-local"]
    assert got.json[0]["fallback"] is True and got.json[1]["size"] == 4096 and got.json[1]["flow_run_id"] == "run-1"


def test_history_needs_a_signed_in_user(client):
    assert client.get("/api/backups/history").status_code == 401
