"""Sync change capture: every write to a synced table lands in the outbox in the writer's own transaction, stamped
with the hybrid logical clock; local tables are a decision, not an accident; a copied file takes a new node id."""

from __future__ import annotations

import json
import shutil
from datetime import UTC, date, datetime

import pytest
from sqlalchemy import insert

from app.core.clock import Clock
from app.db import capture
from app.db.engine import Database
from app.db.models import Base
from app.db.node import enable_capture, node_file
from app.domain.hlc import Stamp
from app.services.clients.service import ClientService

AT, DAY = datetime(2027, 1, 1, 10, tzinfo=UTC), date(2027, 1, 1)
FTS_SHADOWS = ("client_search_data", "client_search_idx", "client_search_content", "client_search_docsize",
               "client_search_config")


def _outbox(db: Database) -> list[dict]:
    with db.read() as conn:
        rows = conn.exec_driver_sql("SELECT seq, tbl, row_id, op, fields, row, hlc FROM sync_outbox ORDER BY seq")
        return [dict(r._mapping) for r in rows]


def _capturing(opened) -> str:
    with opened.db.write() as conn:
        return enable_capture(conn, opened.db.path)


def test_every_table_is_synced_or_deliberately_local(opened):
    with opened.db.read() as conn:
        tables = {r[0] for r in conn.exec_driver_sql(
            "SELECT name FROM sqlite_master WHERE type = 'table' AND name NOT LIKE 'sqlite_%'")}
    assert tables - set(FTS_SHADOWS) == set(capture.SYNCED) | set(capture.LOCAL)
    assert set(Base.metadata.tables) <= set(capture.SYNCED) | set(capture.DEVICE_ONLY)  # the rest syncs


def test_each_stamped_field_keeps_its_stamp_for_last_writer_wins(opened):
    _capturing(opened)
    client = ClientService(opened.db, Clock()).create(opened.user, first_name="Ada", last_name="Lovelace")
    with opened.db.write() as conn:
        conn.exec_driver_sql("UPDATE clients SET phone = '+34 600' WHERE id = ?", (client.id,))
    with opened.db.read() as conn:
        versions = dict(conn.exec_driver_sql(
            "SELECT field, hlc FROM sync_versions WHERE tbl = 'clients' AND row_id = ?", (client.id,)).fetchall())
        stamps = [r[0] for r in conn.exec_driver_sql(
            "SELECT hlc FROM sync_outbox WHERE tbl = 'clients' ORDER BY seq")]
    assert versions["phone"] == stamps[1] > versions["last_name"] == stamps[0]


def test_a_studio_that_is_not_paired_keeps_no_outbox(opened):
    ClientService(opened.db, Clock()).create(opened.user, first_name="Una", last_name="Paired")
    assert _outbox(opened.db) == []


def test_a_service_write_lands_in_the_outbox_stamped_with_this_node(opened):
    node = _capturing(opened)
    client = ClientService(opened.db, Clock()).create(opened.user, first_name="Ada", last_name="Lovelace")
    rows = [r for r in _outbox(opened.db) if r["tbl"] == "clients"]
    assert [(r["row_id"], r["op"]) for r in rows] == [(client.id, "insert")]
    assert json.loads(rows[0]["row"])["last_name"] == "Lovelace"
    assert Stamp.parse(rows[0]["hlc"]).node == node
    stamps = {r["hlc"] for r in _outbox(opened.db)}  # the audit row of the same transaction shares the stamp
    assert len(stamps) == 1


def test_every_synced_table_captures_inserts_updates_and_deletes_on_any_write_path(opened):
    _capturing(opened)
    ClientService(opened.db, Clock()).create(opened.user, first_name="Ada", last_name="Lovelace")
    with opened.db.write() as conn:  # one row in every synced table the fresh studio has none of
        users = conn.exec_driver_sql("SELECT id FROM users").scalar()
        client = conn.exec_driver_sql("SELECT id FROM clients").scalar()
        rows = {"users": {"id": "u2", "username": "ink", "display_name": "Ink", "role": "staff"},
                "settings": {"id": "st1", "key": "sync_test", "value": "1"},
                "ink_lots": {"id": "i1", "brand": "B", "colour": "C", "lot": "L", "expires_on": date(2030, 1, 1)},
                "sessions": {"id": "s1", "client_id": client, "artist_id": users, "starts_at": AT,
                             "duration_min": 60},
                "session_inks": {"id": "si1", "session_id": "s1", "ink_lot_id": "i1"},
                "consents": {"id": "c1", "session_id": "s1", "client_id": client, "form_version": "v1",
                             "signed_at": AT, "signature_png": b"\x89PNG\x00\xff"},
                "intake_consents": {"id": "ic1", "client_id": client, "form_version": "qr-1", "consent_text": "I agree",
                                    "signed_at": AT, "remote_addr": "192.168.1.23", "user_agent": "phone"},
                "medical_profiles": {"id": "m1", "client_id": client, "version": 1},
                "payments": {"id": "p1", "amount_minor": 5000, "method": "cash", "kind": "payment",
                             "taken_by": users, "taken_at": AT, "register_day": DAY},
                "register_days": {"id": "r1", "day": DAY},
                "plugin_data": {"id": "d1", "plugin": "demo", "key": "k", "value": "1"}}
        for table, row in rows.items():  # Core inserts, the bulk path the demo generator uses
            conn.execute(insert(Base.metadata.tables[table]), [row])
        conn.exec_driver_sql("INSERT INTO sync_conflicts(id, kind, rows) VALUES ('x1', 'double_booking', '[]')")
        conn.exec_driver_sql("INSERT INTO user_keys(id, record) VALUES ('user:ink', '{}')")
    with opened.db.read() as conn:
        present = {t: conn.exec_driver_sql(f'SELECT id FROM "{t}" LIMIT 1').scalar() for t in capture.SYNCED}
    assert all(present.values()), present
    inserted = {r["tbl"] for r in _outbox(opened.db) if r["op"] == "insert"}
    assert inserted == set(capture.SYNCED)
    consent = next(r for r in _outbox(opened.db) if r["tbl"] == "consents")
    assert bytes.fromhex(json.loads(consent["row"])["signature_png"]) == b"\x89PNG\x00\xff"

    before = len(_outbox(opened.db))
    with opened.db.write() as conn:  # raw SQL: an update of one field in every table
        for table, row_id in present.items():
            conn.exec_driver_sql(f'UPDATE "{table}" SET updated_at = ? WHERE id = ?', ("2027-02-02 00:00:00", row_id))
    updates = _outbox(opened.db)[before:]
    assert {(r["tbl"], r["row_id"], r["op"], r["fields"]) for r in updates} == {
        (t, i, "update", "updated_at") for t, i in present.items()}
    assert all(r["hlc"] for r in updates)

    with opened.db.write() as conn:
        conn.exec_driver_sql("DELETE FROM session_inks WHERE id = 'si1'")
    last = _outbox(opened.db)[-1]
    assert (last["tbl"], last["row_id"], last["op"], last["row"]) == ("session_inks", "si1", "delete", None)


def test_a_rolled_back_write_leaves_nothing_in_the_outbox(opened):
    _capturing(opened)
    before = _outbox(opened.db)
    with pytest.raises(RuntimeError), opened.db.write() as conn:
        conn.exec_driver_sql("UPDATE users SET display_name = 'Changed'")
        raise RuntimeError("the service found a rule broken")
    assert _outbox(opened.db) == before


def test_an_update_that_changes_nothing_and_applied_changes_are_not_captured(opened):
    _capturing(opened)
    before = _outbox(opened.db)
    with opened.db.write() as conn:
        conn.exec_driver_sql("UPDATE users SET display_name = display_name")
        conn.exec_driver_sql("UPDATE sync_node SET applying = 1")  # what the sync does while it applies a batch
        conn.exec_driver_sql("UPDATE users SET display_name = 'From another device'")
        conn.exec_driver_sql("UPDATE sync_node SET applying = 0")
    assert _outbox(opened.db) == before


def test_stamps_only_grow_even_when_the_computer_clock_goes_back(opened, monkeypatch):
    _capturing(opened)
    moments = iter([2_000_000_000_000, 1_000_000_000_000, 1_000_000_000_000])
    monkeypatch.setattr("app.db.node.now_ms", lambda: next(moments))
    for name in ("A", "B", "C"):
        with opened.db.write() as conn:
            conn.exec_driver_sql("UPDATE users SET display_name = ?", (name,))
    stamps = [Stamp.parse(r["hlc"]) for r in _outbox(opened.db)[-3:]]
    assert stamps == sorted(stamps) and len(set(stamps)) == 3
    assert [s.ms for s in stamps] == [2_000_000_000_000] * 3


def test_a_studio_file_copied_without_its_node_file_takes_a_new_node_id(opened, tmp_path):
    node = _capturing(opened)
    copy = tmp_path / "other-stick" / "studio.db"
    copy.parent.mkdir()
    opened.db.engine.dispose()
    shutil.copyfile(opened.db.path, copy)
    other = Database(copy, opened.db._key)
    try:
        with other.write() as conn:
            conn.exec_driver_sql("UPDATE users SET display_name = 'On the copy'")
        with other.read() as conn:
            copied_node = conn.exec_driver_sql("SELECT node_id FROM sync_node").scalar()
        hlc = [r["hlc"] for r in _outbox(other)][-1]
    finally:
        other.engine.dispose()
    assert copied_node != node and Stamp.parse(hlc).node == copied_node
    assert node_file(copy).read_text().strip() == copied_node
    assert node_file(opened.db.path).read_text().strip() == node


def test_the_triggers_follow_the_schema_and_name_a_table_a_migration_changed(opened):
    with opened.db.write() as conn:
        assert capture.stale_triggers(conn) == []
        conn.exec_driver_sql("ALTER TABLE clients ADD COLUMN nickname TEXT")
        assert capture.stale_triggers(conn) == ["clients"]
        capture.install_capture(conn)
        assert capture.stale_triggers(conn) == []
