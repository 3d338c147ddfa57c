"""Assistant fixtures: a tiny random-weights llama GGUF written with the gguf package, a ModelService over
a fresh studio whose free-memory figure a test can set, and (for the assistant's service) one filled studio per
module, its settings reset before each test."""

from __future__ import annotations

import pytest

from app.services.users import UserService
from tests.ai.support_assistant_studio import NOW, create_assistant_studio
from tools.tiny_gguf import write_tiny_llama


@pytest.fixture(scope="session")
def tiny_gguf(tmp_path_factory):
    """A ~260 KB llama GGUF (2 layers, ~400 tokens, a chat template) on a 'USB drive' outside the stick."""
    pytest.importorskip("gguf", reason="the assistant's extra (pip install .[ai]) is not installed")
    return write_tiny_llama(tmp_path_factory.mktemp("usb") / "tiny-llama.gguf")


class Memory:
    """The free-memory figure ModelService sees: the real one unless a test sets `free`."""

    def __init__(self):
        self.free: int | None = None

    def __call__(self) -> int | None:
        from app.ai.memory import available_memory

        return available_memory() if self.free is None else self.free


@pytest.fixture
def memory():
    return Memory()


@pytest.fixture
def models(opened, stick, memory):
    from app.ai.models import ModelService

    return ModelService(opened.db, stick, memory=memory)


@pytest.fixture
def staff(opened, stick):
    return UserService(opened.db, stick).create(opened.user, username="sam", display_name="Sam", role="staff",
                                                password="staff password")


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
