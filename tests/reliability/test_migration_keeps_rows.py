"""Migrating a populated studio at unlock keeps every row, backs it up first, and indexes old clients."""

from __future__ import annotations

import uuid
from datetime import UTC, date, datetime, timedelta

import pytest
from sqlalchemy import insert

from app.db import migrate
from app.db.engine import connect_raw
from app.db.integrity import check_file
from app.db.models import (
    AuditEvent,
    Client,
    Consent,
    InkLot,
    MedicalProfile,
    Payment,
    RegisterDay,
    Session,
    SessionInk,
    User,
)
from tests.conftest import ADMIN, ADMIN_PASSWORD
from tests.services.support_backup import point_names, rebuilt

N = 6  # rows per table, enough that a migration dropping or doubling any of them shows
NOW = datetime(2026, 3, 14, 15, 0, tzinfo=UTC)
TABLES_SQL = ("SELECT name FROM sqlite_master WHERE type = 'table' "
              "AND name NOT LIKE 'sqlite_%' AND name != 'alembic_version' ORDER BY name")


def _ids() -> list[str]:
    return [str(uuid.uuid4()) for _ in range(N)]


def _populate(conn, admin_id: str) -> None:
    users, clients, sessions, lots, payments = _ids(), _ids(), _ids(), _ids(), _ids()
    linked = list(enumerate(zip(users, clients, sessions, lots, payments, strict=True)))
    conn.execute(insert(User), [dict(id=u, username=f"artist{i}", display_name=f"Artist {i}", role="staff",
                                     is_artist=True, commission_pct=40) for i, u in enumerate(users)])
    conn.execute(insert(Client), [dict(id=c, first_name=f"Marisol{i}", last_name="Etxeberria",
                                       phone=f"+3460000000{i}", email=f"m{i}@example.com")
                                  for i, c in enumerate(clients)])
    conn.execute(insert(MedicalProfile), [dict(client_id=c, version=1, allergies="latex") for c in clients])
    conn.execute(insert(Session), [dict(id=s, client_id=c, artist_id=u, duration_min=90, status="done",
                                        starts_at=NOW + timedelta(days=i)) for i, (u, c, s, _, _) in linked])
    conn.execute(insert(Consent), [dict(session_id=s, client_id=c, form_version="v1", signed_at=NOW,
                                        signature_png=b"\x89PNG", recorded_by=admin_id)
                                   for _, (_, c, s, _, _) in linked])
    conn.execute(insert(InkLot), [dict(id=lot, brand="Dynamic", colour=f"Black {i}", lot=f"L{i}",
                                       expires_on=date(2028, 1, 1)) for i, lot in enumerate(lots)])
    conn.execute(insert(SessionInk), [dict(session_id=s, ink_lot_id=lot) for _, (_, _, s, lot, _) in linked])
    conn.execute(insert(Payment), [dict(id=p, amount_minor=12_000 + i, method="card", kind="payment",
                                        client_id=c, session_id=s, artist_id=u, taken_by=admin_id,
                                        taken_at=NOW, register_day=NOW.date(),
                                        corrects_id=payments[i - 1] if i else None)
                                   for i, (u, c, s, _, p) in linked])
    conn.execute(insert(RegisterDay), [dict(day=NOW.date() + timedelta(days=i), opening_float_minor=10_000,
                                            closed_by=admin_id, closed_at=NOW) for i in range(N)])
    conn.execute(insert(AuditEvent), [dict(at=NOW, actor_id=admin_id, action="create", entity="client",
                                           entity_id=c, summary="Client added") for c in clients])


def _counts(conn) -> dict[str, int]:
    names = [r[0] for r in conn.execute(TABLES_SQL).fetchall()]
    return {n: conn.execute(f'SELECT count(*) FROM "{n}"').fetchone()[0] for n in names}


def _revision(conn) -> str:
    return conn.execute("SELECT version_num FROM alembic_version").fetchone()[0]


@pytest.fixture
def old_studio(created, opened):
    """A populated studio taken back to the first revision, plus one client added while there;
    yields (service, key, row counts per table at the old revision)."""
    service, _ = created
    with opened.db.write() as conn:
        _populate(conn, opened.user.id)
    assert migrate.downgrade(opened.db, migrate.first_revision()) == migrate.first_revision()
    with opened.db.write() as conn:
        conn.execute(insert(Client).values(first_name="Zbigniew", last_name="Quasimodo"))
    key = bytes.fromhex(opened.db.key_hex())
    opened.close()
    conn = connect_raw(service.paths.db, key)
    try:
        counts = _counts(conn)
    finally:
        conn.close()
    assert "client_search" not in counts
    assert all(counts[t] >= N for t in counts if t != "settings"), counts
    return service, key, counts


def test_unlock_migrates_to_head_keeping_every_row(old_studio):
    service, _, before = old_studio
    studio = service.unlock(ADMIN, ADMIN_PASSWORD)
    try:
        assert migrate.current_revision(studio.db) == migrate.head_revision()
        with studio.db.raw() as conn:
            after = _counts(conn)
    finally:
        studio.close()
    assert {t: after[t] for t in before} == before


def test_unlock_backs_up_the_old_revision_encrypted_before_migrating(old_studio):
    service, key, before = old_studio
    service.unlock(ADMIN, ADMIN_PASSWORD).close()
    folder = service.paths.backups
    backups = point_names(folder, "pre-migration-")
    assert len(backups) == 1, backups
    assert backups[0].startswith(f"pre-migration-{migrate.first_revision()}-to-{migrate.head_revision()}-")
    assert (folder / backups[0]).with_suffix(".keyslots.json").is_file()
    with rebuilt(folder, backups[0]) as file:
        assert check_file(file, key) == []
        assert not file.read_bytes().startswith(b"SQLite format 3"), "the backup must be encrypted"
        conn = connect_raw(file, key)
        try:
            assert (_revision(conn), _counts(conn)) == (migrate.first_revision(), before)
        finally:
            conn.close()


@pytest.mark.parametrize("prefix", ["Quasi*", "Marisol3*", "Etxeb*"])
def test_client_search_finds_clients_inserted_before_the_migration(old_studio, prefix):
    service, _, _ = old_studio
    studio = service.unlock(ADMIN, ADMIN_PASSWORD)
    try:
        with studio.db.raw() as conn:
            found = conn.execute("SELECT rowid FROM client_search WHERE client_search MATCH ?",
                                 (prefix,)).fetchall()
            expected = conn.execute("SELECT rowid FROM clients WHERE first_name LIKE ? OR last_name LIKE ?",
                                    (prefix[:-1] + "%", prefix[:-1] + "%")).fetchall()
    finally:
        studio.close()
    assert expected and sorted(found) == sorted(expected)
