"""Fixtures for the assistant's tests: one filled studio per module, its settings reset before each test."""

from __future__ import annotations

import pytest

from tests.ai.support_assistant_studio import NOW, create_assistant_studio


@pytest.fixture(scope="module")
def shared_assistant_studio(tmp_path_factory):
    studio = create_assistant_studio(tmp_path_factory.mktemp("assistant"))
    yield studio
    studio.opened.close()


@pytest.fixture
def astudio(shared_assistant_studio):
    """The module's studio with the default settings and the clock at NOW."""
    shared_assistant_studio.set()
    shared_assistant_studio.clock.at = NOW
    yield shared_assistant_studio
    shared_assistant_studio.close_engines()
