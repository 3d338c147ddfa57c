"""Migration 0006 lets the payments table take a plugin's method code: it checks the code's shape instead of
the four core methods, keeps every payment (corrections and all), its indexes and its foreign keys."""

from __future__ import annotations

import pytest
from alembic.script import ScriptDirectory
from sqlalchemy import insert, text
from sqlalchemy.exc import IntegrityError

from app.db import migrate
from app.db.models import Payment
from tests.reliability.test_migration_keeps_rows import NOW, _populate

ROWS = "SELECT * FROM payments ORDER BY id"
BEFORE = ScriptDirectory.from_config(migrate._config()).get_revision("0006").down_revision  # re-chained at merges
INDEXES = "SELECT name, sql FROM sqlite_master WHERE type = 'index' AND tbl_name = 'payments' ORDER BY name"


def _payment(opened, method: str, **extra) -> None:
    with opened.db.write() as conn:
        conn.execute(insert(Payment).values(amount_minor=100, method=method, kind="payment", taken_by=opened.user.id,
                                            taken_at=NOW, register_day=NOW.date(), **extra))


def _read(opened, sql: str) -> list[tuple]:
    with opened.db.read() as conn:
        return [tuple(row) for row in conn.execute(text(sql))]


def test_upgrade_keeps_every_payment_and_then_takes_a_plugin_method(opened):
    with opened.db.write() as conn:
        _populate(conn, opened.user.id)
    migrate.downgrade(opened.db, BEFORE)
    with pytest.raises(IntegrityError):
        _payment(opened, "gift_card")
    rows, indexes = _read(opened, ROWS), _read(opened, INDEXES)
    assert len(rows) == 6 and len(indexes) == 5  # four and the primary key's

    assert migrate.upgrade(opened.db) == (BEFORE, migrate.head_revision())
    assert _read(opened, ROWS) == rows
    assert _read(opened, INDEXES) == indexes
    assert _read(opened, "PRAGMA foreign_key_check") == []
    assert _read(opened, "PRAGMA foreign_keys") == [(1,)]  # switched back on for the app's connections
    _payment(opened, "gift_card")
    _payment(opened, "a" * 32)
    for bad in ("Gift_card", "../x", "gift card", "", "_x", "9x", "a" * 33):
        with pytest.raises(IntegrityError):
            _payment(opened, bad)
    with pytest.raises(IntegrityError):  # the references still hold
        _payment(opened, "cash", corrects_id="no-such-payment")


def test_downgrade_keeps_plugin_payments_as_other_with_their_method_in_the_note(opened):
    _payment(opened, "gift_card", note="voucher")
    migrate.downgrade(opened.db, BEFORE)
    assert _read(opened, "SELECT method, note FROM payments") == [("other", "voucher [gift_card]")]
    with pytest.raises(IntegrityError):
        _payment(opened, "gift_card")
