"""Per-account throttling of wrong passwords: a growing wait, never a permanent lockout."""

from __future__ import annotations

import json
import math
import threading
from pathlib import Path

from app.core.atomic import write_atomic
from app.core.clock import Clock
from app.domain.errors import ThrottledError

FREE_TRIES = 3       # wrong passwords allowed before any wait
MAX_WAIT_S = 300.0   # the wait doubles per failure up to five minutes, then stays there
_UPDATING = threading.Lock()  # API threads update the same file; one read-modify-write at a time


def wait_after(failures: int) -> float:
    """Return the seconds an account must wait after `failures` wrong passwords in a row."""
    if failures < FREE_TRIES:
        return 0.0
    return min(MAX_WAIT_S, 2.0 ** (failures - FREE_TRIES))


class LoginThrottle:
    """Failure counts per account, kept in a small file so separate launches share them."""

    def __init__(self, path: Path, clock: Clock | None = None):
        self.path = path
        self.clock = clock or Clock()

    def _read(self) -> dict:
        try:
            return json.loads(self.path.read_text("utf-8"))
        except (FileNotFoundError, ValueError):
            return {}  # a lost or torn file only forgets waits; it never locks anyone out

    def _write(self, state: dict) -> None:
        write_atomic(self.path, json.dumps(state, sort_keys=True).encode("utf-8"))

    def check(self, account: str) -> None:
        """Raise ThrottledError if `account` must still wait before another try."""
        entry = self._read().get(account.casefold())
        if not entry:
            return
        ready_at = entry["last"] + wait_after(entry["failures"])
        remaining = ready_at - self.clock.timestamp()
        if remaining > 0:
            seconds = math.ceil(remaining)
            raise ThrottledError(
                f"Too many wrong passwords for '{account}'. Wait {seconds} second"
                f"{'s' if seconds != 1 else ''} and try again.", retry_after=remaining)

    def failed(self, account: str) -> None:
        """Count one more wrong password for `account`."""
        with _UPDATING:
            state = self._read()
            entry = state.get(account.casefold(), {"failures": 0})
            state[account.casefold()] = {"failures": entry["failures"] + 1, "last": self.clock.timestamp()}
            self._write(state)

    def succeeded(self, account: str) -> None:
        """Forget the failures of `account` after a right password."""
        with _UPDATING:
            state = self._read()
            if state.pop(account.casefold(), None) is not None:
                self._write(state)
