"""Reliability fixtures: a real tiny file system to play the stick."""

from __future__ import annotations

import pytest

from tests.reliability.support_tiny_stick import TinyStick, mounted


@pytest.fixture
def tiny(tmp_path) -> TinyStick:
    """A 24 MiB tmpfs mounted under tmp_path (skipped where this machine cannot mount one)."""
    with mounted(tmp_path / "tiny") as stick:
        if stick is None:
            pytest.skip("Mounting a tmpfs needs root; the full and read-only stick tests run in CI as root.")
        yield stick
