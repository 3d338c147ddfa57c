"""Fixtures: a freshly formatted FAT32 or exFAT volume mounted through FUSE, one test at a time."""

from __future__ import annotations

import pytest

from tests.stick_fs.support_volumes import KINDS, missing, mounted


@pytest.fixture(params=KINDS)
def fat_volume(request, tmp_path):
    """The mount point of an empty 1 GiB FAT32 or exFAT volume (unmounted and deleted afterwards)."""
    why = missing(request.param)
    if why:
        pytest.skip(why)
    with mounted(request.param, tmp_path) as mount:
        yield request.param, mount
