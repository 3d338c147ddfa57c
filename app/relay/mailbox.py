"""Messages and snapshots of a studio: idempotent pushes, pulls by the relay's sequence, compaction, metrics.

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

from sqlalchemy import Engine, delete, func, select, update
from sqlalchemy.dialects.postgresql import insert as pg_insert

from app.relay import schema as t
from app.relay.store import Device, Limits, RelayError


def push(engine: Engine, device: Device, batch: list[tuple[str, bytes]]) -> dict[str, int]:
    """Store the (client id, ciphertext) pairs not stored before; return how many were new, and the last sequence."""
    with engine.begin() as db:
        last = db.execute(select(t.studios.c.last_seq).where(t.studios.c.id == device.studio_id)
                          .with_for_update()).scalar_one()
        if not batch:
            return {"stored": 0, "duplicates": 0, "last_seq": last}
        rows = [{"studio_id": device.studio_id, "seq": last + i, "client_id": client_id,
                 "sender_device": device.id, "size": len(body), "body": body}
                for i, (client_id, body) in enumerate(batch, start=1)]
        stored = db.execute(pg_insert(t.messages).values(rows)
                            .on_conflict_do_nothing(index_elements=["studio_id", "client_id"])
                            .returning(t.messages.c.seq)).scalars().all()
        if stored:
            last = max(stored)
            db.execute(update(t.studios).where(t.studios.c.id == device.studio_id).values(last_seq=last))
    return {"stored": len(stored), "duplicates": len(batch) - len(stored), "last_seq": last}


def pull(engine: Engine, device: Device, after: int, limit: int, gone: str) -> dict[str, Any]:
    """The studio's messages after sequence `after`, in order, at most `limit`; 410 if compaction took them."""
    with engine.connect() as db:
        studio = db.execute(select(t.studios.c.last_seq, t.studios.c.compacted_through)
                            .where(t.studios.c.id == device.studio_id)).one()
        if after < studio.compacted_through:
            raise RelayError(410, gone, snapshot_seq=studio.compacted_through)
        m = t.messages.c
        rows = db.execute(select(m.seq, m.client_id, m.sender_device, m.body)
                          .where(m.studio_id == device.studio_id, m.seq > after)
                          .order_by(m.seq).limit(limit + 1)).all()
    return {"messages": [(r.seq, r.client_id, r.sender_device, r.body) for r in rows[:limit]],
            "more": len(rows) > limit, "last_seq": studio.last_seq}


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
