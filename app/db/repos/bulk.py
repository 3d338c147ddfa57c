"""Bulk writes for generated data (the demo studio): many rows per statement, few transactions."""

from __future__ import annotations

from collections.abc import Callable
from datetime import datetime

from sqlalchemy import Connection, Table, func, insert, select, text, update

from app.db.models import (
    AuditEvent,
    Base,
    Client,
    Consent,
    InkLot,
    MedicalProfile,
    Payment,
    RegisterDay,
    Session,
    SessionInk,
    Setting,
    User,
)

TABLES: dict[str, Table] = {model.__tablename__: Base.metadata.tables[model.__tablename__] for model in (
    User, Client, MedicalProfile, Session, Consent, InkLot, SessionInk, Payment, RegisterDay, AuditEvent)}


def insert_rows(conn: Connection, table: str, rows: list[dict]) -> None:
    """Insert `rows` (dicts of column values, every row with the same keys) into `table`."""
    if rows:
        conn.exec_driver_sql("PRAGMA cache_size = -65536")  # 64 MiB: random UUID keys touch pages all over
        conn.execute(insert(TABLES[table]), rows)


def count_rows(conn: Connection) -> dict[str, int]:
    """Return how many rows each studio table holds."""
    return {name: conn.execute(select(func.count()).select_from(table)).scalar_one()
            for name, table in TABLES.items()}


def rebase_founding_rows(conn: Connection, admin_id: str, new_admin_id: str, at: datetime,
                         new_id: Callable[[], str]) -> None:
    """Give the rows written at studio creation (admin, settings, first audit event) chosen ids
    and stamps, so that a generated studio is the same row for row on every run."""
    conn.exec_driver_sql("PRAGMA defer_foreign_keys = ON")  # the admin's id changes under its references
    stamps = {"created_at": at, "updated_at": at}
    conn.execute(update(User).where(User.id == admin_id).values(id=new_admin_id, **stamps))
    for key in conn.execute(select(Setting.key).order_by(Setting.key)).scalars().all():
        conn.execute(update(Setting).where(Setting.key == key).values(id=new_id(), **stamps))
    for event_id in conn.execute(select(AuditEvent.id).order_by(AuditEvent.at, AuditEvent.id)).scalars().all():
        conn.execute(update(AuditEvent).where(AuditEvent.id == event_id).values(id=new_id(), at=at, **stamps))
    conn.execute(update(AuditEvent).where(AuditEvent.actor_id == admin_id)
                 .values(actor_id=new_admin_id, updated_at=at))


def check_client_search(conn: Connection) -> None:
    """Raise if the client search index disagrees with the clients table."""
    # rank 1: compare the index with the clients table too, not only with itself
    conn.execute(text("INSERT INTO client_search(client_search, rank) VALUES ('integrity-check', 1)"))
