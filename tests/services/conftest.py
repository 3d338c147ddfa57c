"""Service fixtures: the money tests' studio (one per module, its rows reset before each test), and the backup
tests' clock and backup service."""

from __future__ import annotations

from datetime import UTC, datetime

import pytest

from app.core.clock import FixedClock
from app.services.backups.service import BackupService
from tests.services.support_money_studio import create_money_studio


@pytest.fixture(scope="module")
def shared(tmp_path_factory):
    """A studio with staff, an admin, an artist and a client, kept for the whole module."""
    studio = create_money_studio(tmp_path_factory.mktemp("money"))
    yield studio
    studio.opened.close()


@pytest.fixture
def studio(shared):
    """The module's studio with every payment, day and session of earlier tests removed."""
    return shared.reset()


@pytest.fixture
def clock() -> FixedClock:
    """A fixed moment for the backup tests (backup names carry the time)."""
    return FixedClock(datetime(2026, 3, 14, 15, 0, tzinfo=UTC))


@pytest.fixture
def backups(opened, stick, clock) -> BackupService:
    """A BackupService over the fresh studio unlocked as the admin."""
    return BackupService(opened.db, stick, clock)
