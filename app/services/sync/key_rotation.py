"""Rotating the studio's sync key, after a device is revoked: a new random key seals every message from then on.

The new key reaches the studio's other devices in a message of its own, sealed under the key they already hold and
pushed through the relay like any change; each device adds it to its keyring (and keeps the old keys, so older
messages stay readable) in the same transaction that applies the page it came in. Devices pull in the relay's
order, so the key always arrives before the first message sealed with it.

Who can read what: the relay never held any key and sees the key message as ciphertext only. The revoked device
holds the old key but the relay refuses its credential, so it cannot fetch the key message or anything after it;
only a revoked device AND the relay's operator together could, which a rotation cannot prevent without a key per
device (not built: a pairing hands over the whole keyring).
"""

from __future__ import annotations

import base64
import json

from app.sync.crypto import SyncKeyring

KIND = "sync_key"


def key_message(keyring: SyncKeyring, node_id: str, hlc: str) -> tuple[SyncKeyring, str, bytes]:
    """A rotated copy of `keyring`, and the message (id, sealed under the current key) that hands its new key on."""
    rotated = SyncKeyring.from_bytes(keyring.to_bytes())
    new_id = rotated.rotate()
    plaintext = json.dumps({KIND: {"id": new_id, "key": base64.b64encode(rotated.keys[new_id]).decode()}}).encode()
    message_id = f"key-{new_id}"
    return rotated, message_id, keyring.seal(message_id, hlc, node_id, plaintext)


def take_key(keyring: SyncKeyring, plaintext: bytes) -> bool:
    """If `plaintext` hands on a rotated key, add it to `keyring` as the current key and say so (True)."""
    if not plaintext.startswith(b"{"):
        return False  # a list of changes
    handed = json.loads(plaintext).get(KIND)
    if not isinstance(handed, dict):
        return False
    key_id = str(handed["id"])
    keyring.keys[key_id] = base64.b64decode(handed["key"])
    keyring.current = key_id
    return True
