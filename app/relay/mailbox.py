"""Messages and snapshots of a studio: idempotent pushes, pulls by the relay's sequence, compaction, metrics.

Pushes and pulls run on the request's connection (`Store.unit`), one statement each; the rest takes the engine.

Sequences: each studio row holds its `last_seq`; a push locks that row, numbers its messages after it and commits
before the next push of the same studio may number its own. So a puller never sees seq 12 committed while seq 11
is still to come (what a plain global sequence/identity would allow: its numbers are taken in one order and
committed in another, and a device that pulled "after 12" would never see 11). The messages table still has an
identity column as its own key; the per-studio sequence is what devices page by. Ids a duplicate took leave gaps,
which pulls do not mind.
"""

from __future__ import annotations

from datetime import timedelta
from typing import Any

from sqlalchemy import Connection, Engine, delete, func, select, text, update
from sqlalchemy.dialects.postgresql import insert as pg_insert

from app.relay import schema as t
from app.relay.store import AUTH_COLUMNS, AUTH_CTES, Device, Limits, RelayError, Store

# A push in one statement (one round trip, its own transaction on an autocommit connection): authenticate (see
# store.AUTH_CTES), lock the studio's row, number the batch after its last_seq in the batch's order, insert what is
# new, and move last_seq to the highest number stored. A concurrent push of the same studio waits on the row lock and
# then reads the new last_seq (READ COMMITTED re-reads a locked row that changed), so sequences commit in order.
# Nothing is stored unless the device passed (`ok`).
_PUSH = text(f"""
WITH {AUTH_CTES},
s AS (SELECT id, last_seq FROM studios WHERE id = (SELECT studio_id FROM ok) FOR UPDATE),
ins AS (INSERT INTO messages (studio_id, seq, client_id, sender_device, size, body)
        SELECT s.id, s.last_seq + b.n, b.client_id, :id, octet_length(b.body), b.body
        FROM s, unnest(CAST(:ids AS text[]), CAST(:bodies AS bytea[])) WITH ORDINALITY AS b(client_id, body, n)
        ON CONFLICT (studio_id, client_id) DO NOTHING
        RETURNING seq),
up AS (UPDATE studios SET last_seq = (SELECT max(seq) FROM ins)
       WHERE id = (SELECT id FROM s) AND EXISTS (SELECT 1 FROM ins) RETURNING last_seq)
SELECT {AUTH_COLUMNS}, (SELECT count(*) FROM ins) AS stored,
       coalesce((SELECT last_seq FROM up), (SELECT last_seq FROM s)) AS last_seq
FROM d
""")

# A pull in one statement (one snapshot): authenticate, then the studio's position and compaction mark beside the
# page of messages after `after` (none when compaction took them: the caller answers 410), read through the
# (studio_id, seq) index. One row per message, or one row with no message.
_PULL = text(f"""
WITH {AUTH_CTES}
SELECT {AUTH_COLUMNS}, s.last_seq, s.compacted_through, m.seq, m.client_id, m.sender_device, m.body
FROM d LEFT JOIN studios s ON s.id = (SELECT studio_id FROM ok)
LEFT JOIN LATERAL (
    SELECT seq, client_id, sender_device, body FROM messages
    WHERE studio_id = s.id AND seq > :after AND :after >= s.compacted_through
    ORDER BY seq LIMIT :rows) m ON true
ORDER BY m.seq
""")


def push(db: Connection, store: Store, credential: str, batch: list[tuple[str, bytes]],
         sentences: dict[str, str]) -> dict[str, int]:
    """As the device behind `credential`, store the (client id, ciphertext) pairs not stored before; return how many
    were new, and the last sequence. `db` is in autocommit (see `Store.unit`): the statement is its own transaction."""
    device_id, digest = store.credential(credential, sentences)
    row = db.execute(_PUSH, {"id": device_id, "digest": digest, "per_minute": store.limits.per_minute,
                             "ids": [client_id for client_id, _b in batch],
                             "bodies": [body for _id, body in batch]}).first()
    store.admit(db, device_id, row, sentences)
    assert row is not None  # admit refused otherwise
    return {"stored": int(row.stored), "duplicates": len(batch) - int(row.stored), "last_seq": int(row.last_seq)}


def pull(db: Connection, store: Store, credential: str, after: int, limit: int,
         sentences: dict[str, str]) -> dict[str, Any]:
    """As the device behind `credential`, the studio's messages after sequence `after`, in order, at most `limit`;
    410 if compaction took them."""
    device_id, digest = store.credential(credential, sentences)
    rows = db.execute(_PULL, {"id": device_id, "digest": digest, "per_minute": store.limits.per_minute,
                              "after": after, "rows": limit + 1}).all()
    store.admit(db, device_id, rows[0] if rows else None, sentences)
    last_seq, compacted_through = rows[0].last_seq, rows[0].compacted_through
    if after < compacted_through:
        raise RelayError(410, sentences["gone"], snapshot_seq=compacted_through)
    page = [(r.seq, r.client_id, r.sender_device, r.body) for r in rows if r.seq is not None]
    return {"messages": page[:limit], "more": len(page) > limit, "last_seq": last_seq}


def put_snapshot(engine: Engine, device: Device, covers_seq: int, body: bytes, limits: Limits,
                 sentences: dict[str, str]) -> dict[str, int]:
    """Keep `body` as the studio's snapshot through `covers_seq`, then compact the messages it covers."""
    with engine.begin() as db:
        studio = db.execute(select(t.studios.c.last_seq).where(t.studios.c.id == device.studio_id)
                            .with_for_update()).one()
        if covers_seq < 0 or covers_seq > studio.last_seq:
            raise RelayError(409, sentences["snapshot_ahead"])
        held = db.execute(select(t.snapshots.c.covers_seq)
                          .where(t.snapshots.c.studio_id == device.studio_id)).scalar()
        if held is not None and held > covers_seq:
            raise RelayError(409, sentences["snapshot_older"])
        values = {"covers_seq": covers_seq, "sender_device": device.id, "size": len(body), "body": body,
                  "created_at": func.now()}
        db.execute(pg_insert(t.snapshots).values(studio_id=device.studio_id, **values)
                   .on_conflict_do_update(index_elements=["studio_id"], set_=values))
        compacted = _compact(db, device.studio_id, covers_seq, limits.keep_days)
    return {"covers_seq": covers_seq, "compacted": compacted}


def _compact(db: Any, studio_id: str, covers_seq: int, keep_days: float) -> int:
    m = t.messages.c
    gone = db.execute(delete(t.messages).where(m.studio_id == studio_id, m.seq <= covers_seq,
                                               m.created_at <= func.now() - timedelta(days=keep_days))
                      .returning(m.seq)).scalars().all()
    if gone:
        db.execute(update(t.studios).where(t.studios.c.id == studio_id)
                   .values(compacted_through=func.greatest(t.studios.c.compacted_through, max(gone))))
    return len(gone)


def get_snapshot(engine: Engine, device: Device) -> tuple[int, bytes] | None:
    """The studio's newest snapshot (covers_seq, ciphertext), if any."""
    with engine.connect() as db:
        row = db.execute(select(t.snapshots.c.covers_seq, t.snapshots.c.body)
                         .where(t.snapshots.c.studio_id == device.studio_id)).first()
    return None if row is None else (row.covers_seq, row.body)


def snapshot_seq(engine: Engine, device: Device) -> int | None:
    """The `covers_seq` of the studio's newest snapshot (None if it has none): a device asks it to decide whether
    to make a new one, without fetching the body."""
    with engine.connect() as db:
        return db.execute(select(t.snapshots.c.covers_seq).where(t.snapshots.c.studio_id == device.studio_id)).scalar()


def metrics(engine: Engine) -> dict[str, int]:
    """Counts and sizes for the operator: never an id's content, a body or a studio's detail."""
    with engine.connect() as db:
        def one(query: Any) -> int:
            return int(db.execute(query).scalar() or 0)

        return {
            "studios": one(select(func.count()).select_from(t.studios)),
            "devices": one(select(func.count()).select_from(t.devices).where(t.devices.c.revoked_at.is_(None))),
            "devices_revoked": one(select(func.count()).select_from(t.devices)
                                   .where(t.devices.c.revoked_at.is_not(None))),
            "messages": one(select(func.count()).select_from(t.messages)),
            "message_bytes": one(select(func.sum(t.messages.c.size))),
            "snapshots": one(select(func.count()).select_from(t.snapshots)),
            "snapshot_bytes": one(select(func.sum(t.snapshots.c.size))),
            "pairing_codes_open": one(select(func.count()).select_from(t.pairing_codes)
                                      .where(t.pairing_codes.c.used_at.is_(None),
                                             t.pairing_codes.c.expires_at > func.now())),
            "database_bytes": one(select(func.pg_database_size(func.current_database()))),
        }
