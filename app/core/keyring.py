"""Public-key sealing of the database key: per-slot X25519 key pairs, sealed boxes, key checks.

Each slot of the key-slot file holds an X25519 key pair: the private half wrapped under the slot's
password- (or recovery-code-) derived key, the public half in clear, and the database key sealed to
that public key. Re-keying the studio seals a new database key to every remaining public key, so no
password is needed for it, and a removed slot's private key opens nothing current.
"""

from __future__ import annotations

import base64
import hashlib
import hmac
from collections.abc import Mapping

from cryptography.hazmat.primitives import hashes, serialization
from cryptography.hazmat.primitives.asymmetric.x25519 import X25519PrivateKey, X25519PublicKey
from cryptography.hazmat.primitives.kdf.hkdf import HKDF

from app.core import crypto

SEAL_INFO = b"tattoo-keyslot/2/sealed-box"
RAW = serialization.Encoding.Raw


def b64(data: bytes) -> str:
    """Base64 text of `data`."""
    return base64.b64encode(data).decode("ascii")


def unb64(text: str) -> bytes:
    """Bytes of base64 `text`."""
    return base64.b64decode(text.encode("ascii"))


def new_keypair() -> tuple[bytes, bytes]:
    """Return a fresh X25519 (private, public) pair as raw 32-byte strings."""
    private = X25519PrivateKey.generate()
    public = private.public_key().public_bytes(RAW, serialization.PublicFormat.Raw)
    return private.private_bytes(RAW, serialization.PrivateFormat.Raw, serialization.NoEncryption()), public


def _box_key(shared: bytes, ephemeral_public: bytes, recipient_public: bytes) -> bytes:
    return HKDF(algorithm=hashes.SHA256(), length=32, salt=ephemeral_public + recipient_public,
                info=SEAL_INFO).derive(shared)


def seal_to(recipient_public: bytes, secret: bytes, aad: bytes) -> dict[str, str]:
    """Seal `secret` so that only the holder of the private half of `recipient_public` can open it."""
    ephemeral = X25519PrivateKey.generate()
    epk = ephemeral.public_key().public_bytes(RAW, serialization.PublicFormat.Raw)
    shared = ephemeral.exchange(X25519PublicKey.from_public_bytes(recipient_public))
    nonce, sealed = crypto.seal(_box_key(shared, epk, recipient_public), secret, aad)
    return {"epk": b64(epk), "nonce": b64(nonce), "ct": b64(sealed)}


def open_box(private: bytes, box: Mapping[str, str], aad: bytes) -> bytes | None:
    """Open what `seal_to` made with the recipient's raw private key; None when it does not open."""
    key = X25519PrivateKey.from_private_bytes(private)
    public = key.public_key().public_bytes(RAW, serialization.PublicFormat.Raw)
    epk = unb64(box["epk"])
    shared = key.exchange(X25519PublicKey.from_public_bytes(epk))
    return crypto.open_sealed(_box_key(shared, epk, public), unb64(box["nonce"]), unb64(box["ct"]), aad)


def key_check(db_key: bytes) -> str:
    """A short public fingerprint of a database key (an HMAC, so it reveals nothing of the key)."""
    return hmac.new(db_key, b"tattoo-key-check", hashlib.sha256).hexdigest()[:32]


def bind(db_key: bytes, label: str, public: bytes) -> str:
    """A MAC of a slot's public key under the database key: only someone who holds the key can add a
    public key that a re-key will seal the next key to."""
    return hmac.new(db_key, b"tattoo-slot-bind/" + label.encode() + b"/" + public, hashlib.sha256).hexdigest()


def open_history(db_id: str, db_key: bytes, history: list[dict[str, str]]) -> list[bytes]:
    """The studio's earlier database keys, newest first, from `history` opened with the current key."""
    found = []
    for entry in history:
        old = crypto.open_sealed(db_key, unb64(entry["nonce"]), unb64(entry["wrapped"]),
                                 f"tattoo-keyslot/history/{db_id}/{entry['key_check']}".encode())
        if old is not None:
            found.append(old)
    return found


def seal_history(db_id: str, old_key: bytes, new_key: bytes, history: list[dict[str, str]]) -> list[dict[str, str]]:
    """The history for `new_key`: `old_key` and every earlier key (from `history`), each under `new_key`."""
    entries = []
    for key in [old_key, *open_history(db_id, old_key, history)]:
        check = key_check(key)
        nonce, wrapped = crypto.seal(new_key, key, f"tattoo-keyslot/history/{db_id}/{check}".encode())
        entries.append({"key_check": check, "nonce": b64(nonce), "wrapped": b64(wrapped)})
    return entries
