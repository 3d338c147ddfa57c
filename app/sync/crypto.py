"""End-to-end encryption of sync messages: the studio sync keyring, sealed messages, pairing hand-over.

A sealed message is `b"TS1" | header length (2 bytes, big-endian) | header JSON | nonce (12) | AES-256-GCM
ciphertext`. The header, in the clear so the relay can store it opaque and a device can pick the key, names the
key id, the message id, the hybrid logical clock value and the node id. The associated data binds the header AND
the studio id (which is never sent: each device knows its own), so the relay can neither move a message to another
studio, nor re-label it with another id, clock or node, nor change a byte, without the device refusing it.
"""

from __future__ import annotations

import base64
import json
import os
import secrets
import uuid
from collections.abc import Container
from dataclasses import dataclass, field

from cryptography.exceptions import InvalidTag
from cryptography.hazmat.primitives import hashes
from cryptography.hazmat.primitives.ciphers.aead import AESGCM
from cryptography.hazmat.primitives.kdf.hkdf import HKDF
from cryptography.hazmat.primitives.kdf.scrypt import Scrypt

from app.core.i18n import _

KEY_BYTES, NONCE_BYTES = 32, 12
MAGIC = b"TS1"
# Crockford's base32 (no I, L, O, U): a pairing code read aloud or typed by hand is not misread.
CODE_ALPHABET = "0123456789ABCDEFGHJKMNPQRSTVWXYZ"
CODE_SYMBOLS = 16  # 80 bits: each guess at it costs a scrypt derivation, so a stolen relay database does not reveal it
SCRYPT_N, SCRYPT_R, SCRYPT_P = 2**15, 8, 1  # about 0.1 s and 32 MiB per derivation


class SyncRejectedError(ValueError):
    """A message from the relay that this device refuses; `str()` says why, without its content."""


class TamperedMessageError(SyncRejectedError):
    """The bytes were changed, sealed under an unknown key, or belong to another studio."""


class MovedMessageError(SyncRejectedError):
    """The relay delivered the message under another id than the one it was sealed with."""


class ReplayedMessageError(SyncRejectedError):
    """The message was applied on this device already."""


@dataclass(frozen=True)
class Opened:
    """A message that passed every check: who wrote it, when (HLC), under which key, and its plaintext."""

    message_id: str
    hlc: str
    node_id: str
    key_id: str
    plaintext: bytes = field(repr=False)


def _aad(studio_id: str, header: bytes) -> bytes:
    return b"tattoo-sync/1/" + studio_id.encode() + b"/" + header


@dataclass
class SyncKeyring:
    """The studio's sync keys by id; `current` seals, all of them open (so rotation keeps old messages readable)."""

    studio_id: str
    current: str
    keys: dict[str, bytes] = field(repr=False)

    @classmethod
    def new(cls, studio_id: str) -> SyncKeyring:
        """A keyring with one fresh random key, for a studio that starts syncing."""
        key_id = uuid.uuid4().hex[:12]
        return cls(studio_id, key_id, {key_id: secrets.token_bytes(KEY_BYTES)})

    def rotate(self) -> str:
        """Add a fresh key and seal with it from now on (after a device is revoked); return its id."""
        key_id = uuid.uuid4().hex[:12]
        self.keys[key_id] = secrets.token_bytes(KEY_BYTES)
        self.current = key_id
        return key_id

    def seal(self, message_id: str, hlc: str, node_id: str, plaintext: bytes) -> bytes:
        """Encrypt `plaintext` under the current key, bound to this studio, the id, the clock value and the node."""
        header = json.dumps({"k": self.current, "m": message_id, "c": hlc, "n": node_id},
                            separators=(",", ":"), sort_keys=True).encode()
        nonce = os.urandom(NONCE_BYTES)
        body = AESGCM(self.keys[self.current]).encrypt(nonce, plaintext, _aad(self.studio_id, header))
        return MAGIC + len(header).to_bytes(2, "big") + header + nonce + body

    def open(self, blob: bytes, *, relay_id: str, applied: Container[str] = ()) -> Opened:
        """Check and decrypt a message the relay delivered under `relay_id`; `applied` holds the ids this device
        applied already. Raise TamperedMessageError, MovedMessageError or ReplayedMessageError rather than
        return doubtful data."""
        header, nonce, body = _split(blob)
        try:
            fields = json.loads(header)
            key = self.keys.get(str(fields["k"]))
            message_id, hlc, node_id = str(fields["m"]), str(fields["c"]), str(fields["n"])
        except (ValueError, KeyError, TypeError):
            raise TamperedMessageError(_("A change from the sync relay was damaged and was not applied.")) from None
        if key is None:
            raise TamperedMessageError(_("A change from the sync relay was sealed with a key this device does not "
                                    "hold; it was not applied. Pair this device again."))
        try:
            plaintext = AESGCM(key).decrypt(nonce, body, _aad(self.studio_id, header))
        except InvalidTag:
            raise TamperedMessageError(_("A change from the sync relay was altered or belongs to another studio; "
                                    "it was not applied.")) from None
        if message_id != relay_id:
            raise MovedMessageError(_("The sync relay delivered a change under the wrong name; it was not applied."))
        if message_id in applied:
            raise ReplayedMessageError(_("The sync relay delivered a change this device applied already; "
                                    "it was skipped."))
        return Opened(message_id, hlc, node_id, str(fields["k"]), plaintext)

    def to_bytes(self) -> bytes:
        """The keyring as JSON bytes (secret: only ever stored or sent encrypted)."""
        return json.dumps({"studio": self.studio_id, "current": self.current,
                           "keys": {k: base64.b64encode(v).decode() for k, v in self.keys.items()}}).encode()

    @classmethod
    def from_bytes(cls, data: bytes) -> SyncKeyring:
        """Read what `to_bytes` wrote."""
        doc = json.loads(data)
        return cls(doc["studio"], doc["current"], {k: base64.b64decode(v) for k, v in doc["keys"].items()})


def _split(blob: bytes) -> tuple[bytes, bytes, bytes]:
    if len(blob) < len(MAGIC) + 2 or not blob.startswith(MAGIC):
        raise TamperedMessageError(_("A change from the sync relay was damaged and was not applied."))
    size = int.from_bytes(blob[len(MAGIC):len(MAGIC) + 2], "big")
    start = len(MAGIC) + 2
    header, rest = blob[start:start + size], blob[start + size:]
    if len(header) != size or len(rest) < NONCE_BYTES + 16:
        raise TamperedMessageError(_("A change from the sync relay was damaged and was not applied."))
    return header, rest[:NONCE_BYTES], rest[NONCE_BYTES:]


def wrap_keyring(keyring: SyncKeyring, db_key: bytes) -> bytes:
    """Seal the keyring under the studio's database key (as the key slots keep earlier database keys), for storage
    on the stick: whoever unlocks the studio can sync it."""
    nonce = os.urandom(NONCE_BYTES)
    aad = b"tattoo-sync-keyring/1/" + keyring.studio_id.encode()
    return keyring.studio_id.encode() + b"\n" + nonce + AESGCM(db_key).encrypt(nonce, keyring.to_bytes(), aad)


def unwrap_keyring(wrapped: bytes, db_key: bytes) -> SyncKeyring:
    """Open what `wrap_keyring` sealed; a wrong key or a changed byte is a TamperedMessageError."""
    studio_id, _sep, rest = wrapped.partition(b"\n")
    try:
        data = AESGCM(db_key).decrypt(rest[:NONCE_BYTES], rest[NONCE_BYTES:], b"tattoo-sync-keyring/1/" + studio_id)
    except (InvalidTag, ValueError):
        raise TamperedMessageError(_("The studio's sync keys cannot be opened with this studio's key.")) from None
    return SyncKeyring.from_bytes(data)


def new_pairing_code() -> str:
    """A fresh pairing code to show on a device already in the studio: 16 symbols in groups of 4."""
    symbols = "".join(secrets.choice(CODE_ALPHABET) for _i in range(CODE_SYMBOLS))
    return "-".join(symbols[i:i + 4] for i in range(0, CODE_SYMBOLS, 4))


def _normal_code(code: str) -> str:
    cleaned = code.upper().replace("-", "").replace(" ", "").replace("O", "0").replace("I", "1").replace("L", "1")
    if len(cleaned) != CODE_SYMBOLS or any(c not in CODE_ALPHABET for c in cleaned):
        raise ValueError(_("A pairing code has 16 letters and digits, like ABCD-EFGH-JKMN-PQRS. Check it and "
                           "type it again."))
    return cleaned


def pairing_keys(code: str) -> tuple[bytes, bytes]:
    """(lookup token for the relay, wrapping key that never leaves the two devices), both from the code."""
    master = Scrypt(salt=b"tattoo-sync-pairing/1", length=32, n=SCRYPT_N, r=SCRYPT_R, p=SCRYPT_P).derive(
        _normal_code(code).encode())

    def part(info: bytes) -> bytes:
        return HKDF(algorithm=hashes.SHA256(), length=32, salt=None, info=info).derive(master)

    return part(b"lookup"), part(b"wrap")


def seal_for_pairing(keyring: SyncKeyring, code: str) -> tuple[bytes, bytes]:
    """Return (lookup token, sealed keyring) to post to the relay when a pairing code is shown."""
    lookup, wrap = pairing_keys(code)
    nonce = os.urandom(NONCE_BYTES)
    return lookup, nonce + AESGCM(wrap).encrypt(nonce, keyring.to_bytes(), b"tattoo-sync-pairing/1")


def open_from_pairing(code: str, sealed: bytes) -> SyncKeyring:
    """On the joining device: open the keyring the relay handed over with the code the person typed."""
    _lookup, wrap = pairing_keys(code)
    try:
        return SyncKeyring.from_bytes(AESGCM(wrap).decrypt(sealed[:NONCE_BYTES], sealed[NONCE_BYTES:],
                                                           b"tattoo-sync-pairing/1"))
    except (InvalidTag, ValueError):
        raise TamperedMessageError(_("The studio's sync keys from the relay do not open with this pairing code. "
                                "Show a new code and try again.")) from None
