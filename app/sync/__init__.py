"""Sync between a studio's devices: what a device encrypts before anything reaches the relay (`crypto`).

The seams the device side builds on (issue 20, items 1, 2, 5 and 6 come on top of this):

- `app.sync.crypto.SyncKeyring` holds the studio's sync keys (random 32 bytes each, a key id each; the newest
  seals, every one still opens). It is stored wrapped under the database key (`wrap_keyring`/`unwrap_keyring`,
  AES-256-GCM with the studio id as associated data), so whoever can open the studio can sync it and no one else.
- `SyncKeyring.seal(message_id, hlc, node_id, plaintext)` makes the opaque bytes a device pushes to the relay under
  `message_id`; `SyncKeyring.open(blob, relay_id=..., applied=...)` checks them on the way back in and raises a
  `SyncRejectedError` (tampered, moved to another studio or id, or replayed) instead of handing back anything doubtful.
  The plaintext format (the outbox's change records) is the device's business; this layer only seals bytes.
- Pairing: `new_pairing_code()` on the device already in the studio, `seal_for_pairing(keyring, code)` gives the
  lookup token and the ciphertext it posts to the relay; the joining device calls `open_from_pairing(code, sealed)`.
  The relay stores a hash of the lookup token and the ciphertext only: it never sees the code or a key.
- Revocation is two steps the device side runs: ask the relay to refuse the device (`POST /v1/devices/<id>/revoke`),
  then `keyring.rotate()` and hand the new key to the remaining devices in a message sealed under the old one,
  so the removed device cannot read anything written after.

This package depends on `cryptography` only (and the app's i18n for its sentences); the relay never imports it.
"""
