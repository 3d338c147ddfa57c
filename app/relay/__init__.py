"""The sync relay: a mailbox on PostgreSQL that studio devices push sealed changes to and pull them from.

Why `app/relay/` and not a top-level package: it ships in the same wheel and bundle and starts from the same
command line (`python -m app relay --database postgresql://...`), and the import-linter contract "The relay never
holds a studio's key" (pyproject.toml) keeps it apart from the device as surely as a separate package would: it
may import nothing of the device's services, database, key slots, API, screens or `app.sync` (the encryption),
only `app.core.i18n` for its sentences. So the relay cannot need the studio key: it has no code that could use it.

Stateless: every fact lives in PostgreSQL (devices, messages, snapshots, pairing codes and even the rate-limit
counters), so any number of relay processes can serve one database behind a load balancer.

The HTTP protocol (JSON; binary fields are standard base64; errors are `{"error": sentence}`), for the device side:

- `POST /v1/studios {"studio_id"?}` -> 201 `{"studio_id", "device_id", "credential"}`: a studio and its first
  device. With `--enroll-token` set, the header `X-Relay-Enroll: TOKEN` is required.
- Every other `/v1` route takes `Authorization: Bearer CREDENTIAL` (the device's; the relay keeps only its SHA-256).
  401 unknown, 403 revoked, 429 over the per-device rate, 413 over the size limits.
- `POST /v1/pairing {"lookup", "sealed", "ttl_s"?}` -> 201: open a pairing code (see `app.sync.crypto`).
- `POST /v1/pairing/join {"lookup"}` (no credential) -> 201 `{"studio_id", "device_id", "credential", "sealed"}`;
  a code works once and for `ttl_s` seconds (at most 15 minutes); unknown, used or expired codes answer 404.
- `GET /v1/devices` -> the studio's devices; `POST /v1/devices/<id>/revoke` -> 200: that device is refused from now on.
- `POST /v1/messages {"messages": [{"id", "body"}]}` -> 200 `{"stored", "duplicates", "last_seq"}`. Ids are the
  client's (unique per studio): sending a batch again stores nothing twice.
- `GET /v1/messages?after=SEQ&limit=N` -> `{"messages": [{"seq", "id", "body", "device"}], "more", "last_seq"}` in
  sequence order. The sequence is the relay's, per studio, never a client clock. 410 `{"snapshot_seq"}` when the
  messages after SEQ were compacted: fetch the snapshot, then pull after its `covers_seq`.
- `PUT /v1/snapshot {"covers_seq", "body"}`, `GET /v1/snapshot` -> `{"covers_seq", "body"}`: the newest encrypted
  snapshot; messages it covers and older than `--keep-days` are deleted. `GET /v1/snapshot/meta` -> `{"covers_seq"}`
  (null if none): what the newest snapshot covers, without its body.
- `GET /health` (200 or 503) and `GET /metrics` (counts and bytes, no content; the enroll token guards it if set).
"""
