"""Argon2 derivations run one at a time per process and every caller waits a bounded time."""

from __future__ import annotations

import subprocess
import sys
import threading
import time

import pytest

from app.core import crypto
from app.domain.errors import BusyError
from tests.conftest import REPO

# cryptography 50.0.2's Argon2id hangs for good when two threads derive at once (lanes=4), so the
# real-library check runs in a child process: a regression fails by timeout instead of wedging pytest.
CONCURRENT_DERIVATIONS = """
import threading
from app.core import crypto
params = crypto.KdfParams()
expected = crypto.derive_key("same secret", b"s" * 16, params)
results = []
def run():
    for _ in range(3):
        results.append(crypto.derive_key("same secret", b"s" * 16, params))
threads = [threading.Thread(target=run, daemon=True) for _ in range(6)]
for t in threads:
    t.start()
for t in threads:
    t.join(60)
assert len(results) == 18 and set(results) == {expected}, len(results)
print("ok", len(results))
"""


def test_many_threads_deriving_at_once_all_finish_with_the_right_key():
    done = subprocess.run([sys.executable, "-c", CONCURRENT_DERIVATIONS], capture_output=True, text=True,
                          cwd=REPO, timeout=90)
    assert done.returncode == 0, done.stderr[-2000:]
    assert done.stdout.split() == ["ok", "18"]


class _CountingArgon2:
    """Stands in for Argon2id: records how many derive at the same moment (and can be made to stall)."""

    active = 0
    most = 0
    calls = 0
    guard = threading.Lock()
    release = threading.Event()

    def __init__(self, **kwargs):
        self.kwargs = kwargs

    def derive(self, secret: bytes) -> bytes:
        cls = type(self)
        with cls.guard:
            cls.active += 1
            cls.calls += 1
            cls.most = max(cls.most, cls.active)
        try:
            cls.release.wait(10)
            return bytes(32)
        finally:
            with cls.guard:
                cls.active -= 1


@pytest.fixture
def fake_argon2(monkeypatch):
    class Fake(_CountingArgon2):
        active = most = calls = 0
        guard, release = threading.Lock(), threading.Event()
    monkeypatch.setattr(crypto, "Argon2id", Fake)
    yield Fake
    Fake.release.set()


def test_derivations_never_overlap(fake_argon2):
    fake_argon2.release.set()  # each derivation returns at once; what matters is that none overlap
    threads = [threading.Thread(target=lambda: [crypto.derive_key("pw", b"s" * 16, crypto.KdfParams())
                                                for _ in range(20)]) for _ in range(6)]
    for t in threads:
        t.start()
    for t in threads:
        t.join(20)
    assert fake_argon2.calls == 120 and fake_argon2.most == 1


def test_a_stalled_derivation_answers_busy_in_bounded_time_and_later_ones_work(fake_argon2, monkeypatch):
    monkeypatch.setattr(crypto, "RUN_S", 0.3)
    monkeypatch.setattr(crypto, "WAIT_S", 0.3)
    started = time.monotonic()
    with pytest.raises(BusyError, match="busy checking another password; try again"):
        crypto.derive_key("pw", b"s" * 16, crypto.KdfParams())  # stalls: the caller is let go
    with pytest.raises(BusyError):
        crypto.derive_key("pw", b"s" * 16, crypto.KdfParams())  # queued behind the stalled one
    assert time.monotonic() - started < 5
    assert fake_argon2.calls == 1  # the queued caller never started a second, overlapping derivation
    fake_argon2.release.set()  # the stalled derivation ends: the next one runs normally
    deadline = time.monotonic() + 5
    while fake_argon2.active and time.monotonic() < deadline:
        time.sleep(0.01)
    assert crypto.derive_key("pw", b"s" * 16, crypto.KdfParams()) == bytes(32)
