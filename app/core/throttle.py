"""Per-account throttling of wrong passwords: a growing wait, never a permanent lockout.

The file never holds what was typed (people type passwords into the username field): each account is
kept as an HMAC-SHA256 under a random key in `throttle.key` beside it, entries expire a day after their
last failure, and at most MAX_ENTRIES are kept (the most recent)."""

from __future__ import annotations

import hashlib
import hmac
import json
import math
import re
import secrets
import threading
from pathlib import Path
from typing import Any

from app.core.atomic import write_atomic
from app.core.clock import Clock
from app.core.i18n import ngettext
from app.domain.errors import ThrottledError

FREE_TRIES = 3       # wrong passwords allowed before any wait
MAX_WAIT_S = 300.0   # the wait doubles per failure up to five minutes, then stays there
EXPIRE_S = 24 * 3600.0  # a day after its last failure an account's count is forgotten
MAX_ENTRIES = 500       # beyond this many accounts the oldest failures are forgotten
KEY_BYTES = 32
_HASHED = re.compile(r"[0-9a-f]{64}")
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
        self.key_path = path.with_suffix(".key")
        self.clock = clock or Clock()

    def _key(self) -> bytes:
        """The stick's random HMAC key, made on first use (a lost or torn key only forgets waits)."""
        try:
            key = self.key_path.read_bytes()
        except FileNotFoundError:
            key = b""
        if len(key) != KEY_BYTES:
            with _UPDATING:
                try:
                    key = self.key_path.read_bytes()
                except FileNotFoundError:
                    key = b""
                if len(key) != KEY_BYTES:
                    key = secrets.token_bytes(KEY_BYTES)
                    write_atomic(self.key_path, key)
        return key

    def _id(self, account: str) -> str:
        """The keyed hash an account is kept under; what was typed is never written."""
        return hmac.new(self._key(), account.casefold().encode("utf-8"), hashlib.sha256).hexdigest()

    def _read(self) -> dict[str, Any]:
        try:
            state = json.loads(self.path.read_text("utf-8"))
        except (FileNotFoundError, ValueError):
            return {}  # a lost or torn file only forgets waits; it never locks anyone out
        return state if isinstance(state, dict) else {}  # so does one that is JSON but not an object

    def _write(self, state: dict[str, Any]) -> None:
        """Keep only hashed, unexpired entries (the newest MAX_ENTRIES), then write atomically."""
        now = self.clock.timestamp()
        kept = {k: v for k, v in state.items() if _HASHED.fullmatch(k) and now - v.get("last", 0) < EXPIRE_S}
        if len(kept) > MAX_ENTRIES:
            kept = dict(sorted(kept.items(), key=lambda kv: kv[1]["last"], reverse=True)[:MAX_ENTRIES])
        write_atomic(self.path, json.dumps(kept, sort_keys=True).encode("utf-8"))

    def check(self, account: str) -> None:
        """Raise ThrottledError if `account` must still wait before another try."""
        entry = self._read().get(self._id(account))
        if not entry or self.clock.timestamp() - entry["last"] >= EXPIRE_S:
            return
        ready_at = entry["last"] + wait_after(entry["failures"])
        remaining = ready_at - self.clock.timestamp()
        if remaining > 0:
            seconds = math.ceil(remaining)
            raise ThrottledError(ngettext(
                "Too many wrong passwords for '%(account)s'. Wait %(n)s second and try again.",
                "Too many wrong passwords for '%(account)s'. Wait %(n)s seconds and try again.",
                seconds, account=account), retry_after=remaining)

    def failed(self, account: str) -> None:
        """Count one more wrong password for `account`."""
        account_id = self._id(account)
        with _UPDATING:
            state = self._read()
            entry = state.get(account_id)
            if entry is None or self.clock.timestamp() - entry["last"] >= EXPIRE_S:
                entry = {"failures": 0}
            state[account_id] = {"failures": entry["failures"] + 1, "last": self.clock.timestamp()}
            self._write(state)

    def succeeded(self, account: str) -> None:
        """Forget the failures of `account` after a right password."""
        account_id = self._id(account)
        with _UPDATING:
            state = self._read()
            if state.pop(account_id, None) is not None:
                self._write(state)
