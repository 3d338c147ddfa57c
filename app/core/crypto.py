"""Key material: the random database key, password-derived wrapping keys, recovery codes."""

from __future__ import annotations

import atexit
import logging
import os
import secrets
import threading
from collections.abc import Mapping
from dataclasses import asdict, dataclass
from typing import Any

from cryptography.exceptions import InvalidTag
from cryptography.hazmat.primitives.ciphers.aead import AESGCM
from cryptography.hazmat.primitives.kdf.argon2 import Argon2id

from app.core.i18n import N_, _
from app.domain.errors import BusyError

DB_KEY_BYTES = 32
# Crockford's base32: no I, L, O or U, so a code copied by hand cannot be misread.
RECOVERY_ALPHABET = "0123456789ABCDEFGHJKMNPQRSTVWXYZ"
RECOVERY_GROUPS, RECOVERY_GROUP_LEN = 8, 4  # 32 symbols x 5 bits = 160 bits

# cryptography 50's Argon2id (OpenSSL's, with its own thread pool for lanes > 1) hangs for good when two
# threads derive at once, and later derivations raise MemoryError. So the process derives one key at a
# time, each in a daemon worker, and every caller waits a bounded time: a hang costs a "busy" answer,
# never a stuck request, a held login lock or a server that ignores SIGTERM.
_DERIVING = threading.Lock()
WAIT_S = 8.0  # the longest a caller queues behind other derivations
RUN_S = 5.0   # the longest one derivation may take (about 0.15 s at the default cost)
BUSY = N_("The computer is busy checking another password; try again.")  # translated when raised
log = logging.getLogger(__name__)


@dataclass(frozen=True)
class KdfParams:
    """Argon2id cost; RFC 9106's second recommendation (64 MiB, 3 passes, 4 lanes) by default."""

    memory_kib: int = 64 * 1024
    iterations: int = 3
    lanes: int = 4

    def as_dict(self) -> dict[str, Any]:
        """Return the parameters as stored in the slots file, named argon2id."""
        return {"name": "argon2id", **asdict(self)}

    @classmethod
    def from_dict(cls, data: Mapping[str, Any]) -> KdfParams:
        """Read parameters stored by `as_dict`; raise ValueError for another derivation."""
        if data.get("name") != "argon2id":
            raise ValueError(_("Unknown key derivation %(name)r.", name=data.get("name")))
        return cls(int(data["memory_kib"]), int(data["iterations"]), int(data["lanes"]))


def new_db_key() -> bytes:
    """Return a fresh random 256-bit database key."""
    return secrets.token_bytes(DB_KEY_BYTES)


def derive_key(secret: str, salt: bytes, params: KdfParams) -> bytes:
    """Derive a 256-bit wrapping key from a password or recovery code, one derivation at a time per
    process; raise BusyError when the queue or the derivation takes longer than its bound."""
    if not _DERIVING.acquire(timeout=WAIT_S):
        raise BusyError(_(BUSY), retry_after=1.0)
    keys: list[bytes] = []
    errors: list[BaseException] = []

    def work() -> None:
        try:
            keys.append(Argon2id(salt=salt, length=32, iterations=params.iterations, lanes=params.lanes,
                                  memory_cost=params.memory_kib).derive(secret.encode("utf-8")))
        except BaseException as exc:  # handed to the caller below
            errors.append(exc)
        finally:
            _DERIVING.release()  # only when the derivation has really ended

    worker = threading.Thread(target=work, name="argon2id", daemon=True)
    try:
        worker.start()
    except BaseException:
        _DERIVING.release()
        raise
    worker.join(RUN_S)
    if worker.is_alive():
        log.warning("A key derivation did not finish within %.0f s; answering busy.", RUN_S)
        raise BusyError(_(BUSY), retry_after=RUN_S)
    if errors:
        raise errors[0]
    return keys[0]


@atexit.register
def _quiesce_at_exit() -> None:
    """Let a derivation still running finish (bounded) before the interpreter and OpenSSL shut down:
    finalizing under a live Argon2 worker aborts the process. Holding the lock refuses new ones."""
    _DERIVING.acquire(timeout=RUN_S)


def seal(key: bytes, plaintext: bytes, aad: bytes) -> tuple[bytes, bytes]:
    """Encrypt with AES-256-GCM; return (nonce, ciphertext with tag)."""
    nonce = os.urandom(12)
    return nonce, AESGCM(key).encrypt(nonce, plaintext, aad)


def open_sealed(key: bytes, nonce: bytes, ciphertext: bytes, aad: bytes) -> bytes | None:
    """Decrypt what `seal` made; return None when the key is wrong or the data was altered."""
    try:
        return AESGCM(key).decrypt(nonce, ciphertext, aad)
    except InvalidTag:
        return None


def new_recovery_code() -> str:
    """Return a recovery code in groups a person can copy onto paper, e.g. `7K2M-...`."""
    symbols = "".join(secrets.choice(RECOVERY_ALPHABET) for _ in range(RECOVERY_GROUPS * RECOVERY_GROUP_LEN))
    return "-".join(symbols[i:i + RECOVERY_GROUP_LEN] for i in range(0, len(symbols), RECOVERY_GROUP_LEN))


def normalise_recovery_code(typed: str) -> str:
    """Read a recovery code as typed: any case, spaces or dashes, O for 0 and I/L for 1."""
    cleaned = "".join(ch for ch in typed.upper() if ch.isalnum())
    cleaned = cleaned.translate(str.maketrans("OILU", "011V"))
    if len(cleaned) != RECOVERY_GROUPS * RECOVERY_GROUP_LEN or any(c not in RECOVERY_ALPHABET for c in cleaned):
        return ""
    return "-".join(cleaned[i:i + RECOVERY_GROUP_LEN] for i in range(0, len(cleaned), RECOVERY_GROUP_LEN))
