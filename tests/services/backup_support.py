"""Helpers for the backup tests: a backup service over the unlocked test studio, and a bit flipper."""

from __future__ import annotations

from datetime import UTC, datetime
from pathlib import Path

import pytest

from app.core.clock import FixedClock
from app.services.backup import BackupService
from app.services.clients import ClientService

CLIENT_NAME = "Zebulon Quixotefeather"  # rare enough that finding it in a file means plaintext


@pytest.fixture(name="clock")
def clock_fixture() -> FixedClock:
    return FixedClock(datetime(2026, 3, 14, 15, 0, tzinfo=UTC))


@pytest.fixture(name="backups")
def backups_fixture(opened, stick, clock) -> BackupService:
    """A BackupService over the fresh studio unlocked as the admin."""
    return BackupService(opened.db, stick, clock)


def add_client(opened, clock, first: str = "Zebulon", last: str = "Quixotefeather") -> str:
    """Add one client as the admin; return its id."""
    return ClientService(opened.db, clock).create(opened.user, first_name=first, last_name=last,
                                                   allow_duplicate=True).id


def flip_bit(path: Path, offset_from_end: int = 5000) -> None:
    """Flip one bit inside the file, as a failing drive would."""
    data = bytearray(path.read_bytes())
    data[len(data) - offset_from_end] ^= 0x10
    path.write_bytes(bytes(data))
