"""Where a typed name becomes a file or folder, names Windows keeps for devices (CON, NUL, ...) are refused
with a sentence, on every OS: the stick goes to Windows computers, where writing to them loses the data."""

from __future__ import annotations

from datetime import date

import pytest

from app.domain.errors import ValidationError
from app.services.reports.accounting import AccountingExport

DEVICE = "Windows keeps that name for a device"


@pytest.fixture
def device_folder(tmp_path):
    """A real folder called `nul` (a folder of that name is fine on Linux, a device on Windows)."""
    folder = tmp_path / "drive" / "nul"
    folder.mkdir(parents=True)
    return folder


def test_a_backup_is_not_exported_into_a_device_named_folder(backups, opened, device_folder):
    taken = backups.backup_now(opened.user)
    with pytest.raises(ValidationError, match=DEVICE):
        backups.export(opened.user, taken.name, str(device_folder))
    assert list(device_folder.iterdir()) == []


def test_a_device_name_is_not_taken_for_a_backup_to_restore(backups, opened):
    with pytest.raises(ValidationError, match=DEVICE):
        backups.restore(opened.user, "NUL")


def test_the_mirror_drive_is_not_a_device_named_folder(backups, opened, device_folder):
    with pytest.raises(ValidationError, match=DEVICE):
        backups.init_mirror(opened.user, device_folder)
    assert list(device_folder.iterdir()) == []


def test_the_accountants_zip_is_not_written_into_a_device_named_folder(opened, stick, clock, device_folder):
    exporter = AccountingExport(opened.db, stick, clock)
    with pytest.raises(ValidationError, match=DEVICE):
        exporter.export(opened.user, date(2026, 1, 1), date(2026, 1, 31), device_folder)
    assert list(device_folder.iterdir()) == []
