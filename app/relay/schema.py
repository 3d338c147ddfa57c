"""The relay's tables in PostgreSQL (SQLAlchemy Core): only ids, hashes, sequence numbers, sizes and ciphertext."""

from __future__ import annotations

from sqlalchemy import (
    BigInteger,
    Column,
    DateTime,
    ForeignKey,
    Index,
    Integer,
    LargeBinary,
    MetaData,
    String,
    Table,
    UniqueConstraint,
    func,
)

metadata = MetaData()

studios = Table(
    "studios", metadata,
    Column("id", String(64), primary_key=True),
    # the last sequence handed out; pushes lock this row, so sequences commit in order (see store.push)
    Column("last_seq", BigInteger, nullable=False, server_default="0"),
    Column("compacted_through", BigInteger, nullable=False, server_default="0"),
    Column("created_at", DateTime(timezone=True), nullable=False, server_default=func.now()),
)

devices = Table(
    "devices", metadata,
    Column("id", String(32), primary_key=True),
    Column("studio_id", String(64), ForeignKey("studios.id"), nullable=False, index=True),
    Column("secret_hash", LargeBinary, nullable=False),  # SHA-256 of the credential's 256-bit secret
    Column("created_at", DateTime(timezone=True), nullable=False, server_default=func.now()),
    Column("last_seen_at", DateTime(timezone=True)),
    Column("revoked_at", DateTime(timezone=True)),
)

messages = Table(
    "messages", metadata,
    Column("id", BigInteger, primary_key=True, autoincrement=True),  # an identity: the row's own key
    Column("studio_id", String(64), ForeignKey("studios.id"), nullable=False),
    Column("seq", BigInteger, nullable=False),
    Column("client_id", String(64), nullable=False),
    Column("sender_device", String(32), nullable=False),
    Column("size", Integer, nullable=False),
    Column("body", LargeBinary, nullable=False),
    Column("created_at", DateTime(timezone=True), nullable=False, server_default=func.now()),
    UniqueConstraint("studio_id", "client_id", name="messages_client_id_once"),
    Index("messages_by_seq", "studio_id", "seq", unique=True),
)

snapshots = Table(
    "snapshots", metadata,
    Column("studio_id", String(64), ForeignKey("studios.id"), primary_key=True),
    Column("covers_seq", BigInteger, nullable=False),
    Column("sender_device", String(32), nullable=False),
    Column("size", Integer, nullable=False),
    Column("body", LargeBinary, nullable=False),
    Column("created_at", DateTime(timezone=True), nullable=False, server_default=func.now()),
)

pairing_codes = Table(
    "pairing_codes", metadata,
    Column("lookup_hash", LargeBinary, primary_key=True),  # SHA-256 of the token derived from the code
    Column("studio_id", String(64), ForeignKey("studios.id"), nullable=False),
    Column("opened_by", String(32), nullable=False),
    Column("sealed", LargeBinary),  # the keyring under a key only the code gives; dropped once used
    Column("expires_at", DateTime(timezone=True), nullable=False),
    Column("used_at", DateTime(timezone=True)),
)

# UNLOGGED: every request writes here, and a pull writes nothing else, so with a logged table each pull's commit
# would wait for a WAL flush (an fsync on a real server) just to count it. A crash of PostgreSQL empties the table,
# which only forgives the current minute's counts.
rate_counts = Table(
    "rate_counts", metadata,
    Column("device_id", String(32), primary_key=True),
    Column("window", BigInteger, primary_key=True),  # the minute since the epoch, by the database's clock
    Column("count", Integer, nullable=False),
    prefixes=["UNLOGGED"],
)
