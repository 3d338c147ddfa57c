"""Fixtures for the money tests: one studio per test module, its rows reset before each test."""

from __future__ import annotations

import pytest

from tests.services.money_studio import create_money_studio


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
