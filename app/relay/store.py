"""The relay's use cases over PostgreSQL: studios, device credentials, pairing, messages, snapshots, limits.

Every method is one transaction; nothing is kept in the process between calls (several relays share one database).
"""

from __future__ import annotations

import base64
import hashlib
import secrets
import uuid
from collections.abc import Callable
from dataclasses import dataclass
from datetime import timedelta
from typing import Any, TypeVar

from sqlalchemy import Connection, Engine, create_engine, delete, func, insert, select, text, update
from sqlalchemy.dialects.postgresql import insert as pg_insert
from sqlalchemy.exc import DBAPIError, IntegrityError

from app.relay import schema as t

R = TypeVar("R")


class RelayError(Exception):
    """A refusal the relay answers with `status` and a sentence (`str()`); `extra` goes into the JSON answer."""

    def __init__(self, status: int, sentence: str, **extra: Any):
        super().__init__(sentence)
        self.status, self.extra = status, extra


@dataclass(frozen=True)
class Device:
    """An authenticated, not revoked device and its studio."""

    id: str
    studio_id: str


@dataclass(frozen=True)
class Limits:
    """What one device may send: requests per minute, messages and bytes per push, snapshot bytes."""

    per_minute: int = 600
    batch_messages: int = 500
    batch_bytes: int = 4 * 1024 * 1024
    message_bytes: int = 256 * 1024
    snapshot_bytes: int = 256 * 1024 * 1024
    pull_page: int = 500
    pairing_ttl_s: int = 900
    keep_days: float = 30.0


# Authentication in SQL, as CTEs a push or a pull puts in front of its own statement (one round trip per request):
# find the device by id and the SHA-256 of its secret (a hash of 256 random bits, so comparing it in SQL tells a
# timing attacker nothing usable), count the request in its minute if it is not revoked, and let the work through
# (`ok`) only within the per-minute limit. `AUTH_COLUMNS` is what `Store.admit` reads to answer 401, 403 or 429.
AUTH_CTES = """d AS (SELECT studio_id, revoked_at FROM devices WHERE id = :id AND secret_hash = :digest),
c AS (INSERT INTO rate_counts (device_id, "window", count)
      SELECT :id, floor(extract(epoch FROM now()) / 60), 1 FROM d WHERE d.revoked_at IS NULL
      ON CONFLICT (device_id, "window") DO UPDATE SET count = rate_counts.count + 1
      RETURNING count, "window"),
ok AS (SELECT d.studio_id FROM d, c WHERE c.count <= :per_minute)"""
AUTH_COLUMNS = """d.studio_id, d.revoked_at IS NOT NULL AS revoked, (SELECT count FROM c) AS requests,
(SELECT "window" FROM c) AS minute"""
_AUTHENTICATE = text(f"WITH {AUTH_CTES} SELECT {AUTH_COLUMNS} FROM d")


def engine_for(url: str, pool_size: int = 8) -> Engine:
    """An engine on `url` (postgresql://... is read as psycopg 3). No ping before each use of a pooled connection:
    that was a round trip per request; a connection PostgreSQL dropped is met by `Store.unit` trying once more."""
    if url.startswith("postgresql://") or url.startswith("postgres://"):
        url = "postgresql+psycopg://" + url.split("://", 1)[1]
    return create_engine(url, pool_size=pool_size, max_overflow=pool_size, pool_pre_ping=False)


def _hash(secret: bytes) -> bytes:
    return hashlib.sha256(secret).digest()


def _new_credential(device_id: str) -> tuple[str, bytes]:
    secret = secrets.token_bytes(32)
    return f"{device_id}.{base64.urlsafe_b64encode(secret).decode().rstrip('=')}", _hash(secret)


class Store:
    """The relay's state in one PostgreSQL database."""

    def __init__(self, engine: Engine, limits: Limits | None = None):
        self.engine, self.limits = engine, limits or Limits()

    def create_schema(self) -> None:
        """Create the tables if missing (every relay process may call it at start; a lock keeps them in turn)."""
        with self.engine.begin() as db:
            db.execute(text("SELECT pg_advisory_xact_lock(20200420)"))
            t.metadata.create_all(db)
            kind = db.execute(text("SELECT relpersistence FROM pg_class WHERE oid = 'rate_counts'::regclass")).scalar()
            if kind == "p":  # a database made before rate_counts was UNLOGGED (see schema.py): switch it, once
                db.execute(text("ALTER TABLE rate_counts SET UNLOGGED"))

    def healthy(self) -> bool:
        """Whether the database answers."""
        try:
            with self.engine.connect() as db:
                return db.execute(text("SELECT 1")).scalar() == 1
        except Exception:
            return False

    def create_studio(self, studio_id: str | None, sentences: dict[str, str]) -> dict[str, str]:
        """A studio and its first device; return the device's credential (shown once, stored hashed)."""
        studio_id = studio_id or uuid.uuid4().hex
        device_id = uuid.uuid4().hex
        credential, digest = _new_credential(device_id)
        try:
            with self.engine.begin() as db:
                db.execute(insert(t.studios).values(id=studio_id))
                db.execute(insert(t.devices).values(id=device_id, studio_id=studio_id, secret_hash=digest))
        except IntegrityError:
            raise RelayError(409, sentences["studio_exists"]) from None
        return {"studio_id": studio_id, "device_id": device_id, "credential": credential}

    def unit(self, work: Callable[[Connection], R]) -> R:
        """Run `work` on one pooled connection in autocommit (each statement its own transaction): a request's
        authentication and its push or pull share it, one checkout and no BEGIN/COMMIT round trips. If PostgreSQL
        dropped the connection (a restart, an idle timeout), the pool is refreshed and `work` runs once more, which
        is safe: pushes are idempotent, pulls read, and a request counted twice against the rate is harmless."""
        for attempt in (1, 2):
            try:
                with self.engine.connect().execution_options(isolation_level="AUTOCOMMIT") as db:
                    return work(db)
            except DBAPIError as exc:
                if attempt == 2 or not exc.connection_invalidated:
                    raise
        raise AssertionError("unreachable")  # pragma: no cover

    def authenticate(self, credential: str, sentences: dict[str, str], db: Connection | None = None) -> Device:
        """The device behind `credential`, counted against its rate limit; 401, 403 or 429 otherwise. One statement
        on `db` (an autocommit connection, see `unit`) in the usual case."""
        if db is None:
            return self.unit(lambda conn: self.authenticate(credential, sentences, conn))
        who = self.credential(credential, sentences)
        row = db.execute(_AUTHENTICATE, {"id": who[0], "digest": who[1], "per_minute": self.limits.per_minute}).first()
        return self.admit(db, who[0], row, sentences)

    def credential(self, credential: str, sentences: dict[str, str]) -> tuple[str, bytes]:
        """The device id and the SHA-256 of the secret in a bearer credential (401 if it is not one of ours)."""
        device_id, _sep, secret = credential.partition(".")
        if len(device_id) != 32:  # a uuid4's hex, as create_studio and join make them
            raise RelayError(401, sentences["unknown_device"])
        try:
            return device_id, _hash(base64.urlsafe_b64decode(secret + "=" * (-len(secret) % 4)))
        except ValueError:
            raise RelayError(401, sentences["unknown_device"]) from None

    def admit(self, db: Connection, device_id: str, row: Any, sentences: dict[str, str]) -> Device:
        """The device, from a statement's `AUTH_COLUMNS` (`row`, None if no device matched); 401, 403 or 429."""
        if row is None:
            raise RelayError(401, sentences["unknown_device"])
        if row.revoked:
            raise RelayError(403, sentences["revoked"])
        if row.requests == 1:  # a new minute for this device: forget its older ones
            db.execute(delete(t.rate_counts).where(t.rate_counts.c.device_id == device_id,
                                                   t.rate_counts.c.window < row.minute))
            db.execute(update(t.devices).where(t.devices.c.id == device_id).values(last_seen_at=func.now()))
        if row.requests > self.limits.per_minute:
            raise RelayError(429, sentences["too_many"])
        return Device(device_id, row.studio_id)

    def open_pairing(self, device: Device, lookup: bytes, sealed: bytes, ttl_s: int) -> None:
        """Keep the sealed keyring under the hash of the code's lookup token for `ttl_s` seconds, for one join."""
        ttl = timedelta(seconds=max(1, min(ttl_s, self.limits.pairing_ttl_s)))
        with self.engine.begin() as db:
            db.execute(delete(t.pairing_codes).where(t.pairing_codes.c.expires_at < func.now() - timedelta(days=1)))
            db.execute(pg_insert(t.pairing_codes).values(
                lookup_hash=_hash(lookup), studio_id=device.studio_id, opened_by=device.id, sealed=sealed,
                expires_at=func.now() + ttl).on_conflict_do_nothing())

    def join(self, lookup: bytes, sentences: dict[str, str]) -> dict[str, str]:
        """Use a pairing code once: a new device of its studio, its credential and the sealed keyring."""
        device_id = uuid.uuid4().hex
        credential, digest = _new_credential(device_id)
        with self.engine.begin() as db:
            code = t.pairing_codes.c
            row = db.execute(select(code.studio_id, code.sealed)
                             .where(code.lookup_hash == _hash(lookup), code.used_at.is_(None),
                                    code.expires_at > func.now()).with_for_update()).first()
            if row is None:
                raise RelayError(404, sentences["bad_code"])
            db.execute(update(t.pairing_codes).where(code.lookup_hash == _hash(lookup))
                       .values(used_at=func.now(), sealed=None))
            db.execute(insert(t.devices).values(id=device_id, studio_id=row[0], secret_hash=digest))
        return {"studio_id": row[0], "device_id": device_id, "credential": credential,
                "sealed": base64.b64encode(row[1]).decode()}

    def devices(self, device: Device) -> list[dict[str, Any]]:
        """The studio's devices: ids, when added, last seen and revoked (no names: the relay knows none)."""
        with self.engine.connect() as db:
            rows = db.execute(select(t.devices.c.id, t.devices.c.created_at, t.devices.c.last_seen_at,
                                     t.devices.c.revoked_at).where(t.devices.c.studio_id == device.studio_id)
                              .order_by(t.devices.c.created_at)).all()
        return [{"id": r.id, "created_at": r.created_at.isoformat(), "revoked": r.revoked_at is not None,
                 "last_seen_at": r.last_seen_at.isoformat() if r.last_seen_at else None} for r in rows]

    def revoke(self, device: Device, target: str, sentences: dict[str, str]) -> None:
        """Refuse `target` (a device of the same studio) from now on."""
        with self.engine.begin() as db:
            done = db.execute(update(t.devices).where(t.devices.c.id == target,
                                                      t.devices.c.studio_id == device.studio_id)
                              .values(revoked_at=func.coalesce(t.devices.c.revoked_at, func.now()))).rowcount
        if not done:
            raise RelayError(404, sentences["no_such_device"])
