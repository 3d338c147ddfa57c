"""A snapshot loads a corrected payment before its correction (with foreign keys deferred, a child inserted before
its parent made SQLite search the payments at every later insert: the bench's load went from seconds to minutes)."""

from __future__ import annotations

from app.db.sync_snapshot import _parents_first


def test_rows_another_row_refers_to_come_first_even_down_a_chain(opened):
    columns = ["id", "corrects_id", "amount_minor"]
    rows = [("a-fix-of-fix", "b-fix", -1), ("b-fix", "c-original", -5), ("c-original", None, 10), ("d", None, 3),
            ("e-fix-of-outside", "zz-not-in-snapshot", 1)]
    with opened.db.read() as conn:
        ordered = [row[0] for row in _parents_first(conn, "payments", columns, rows)]
    assert ordered.index("c-original") < ordered.index("b-fix") < ordered.index("a-fix-of-fix")
    assert sorted(ordered) == sorted(row[0] for row in rows)
    with opened.db.read() as conn:  # a table without a reference to itself keeps its order
        assert _parents_first(conn, "clients", columns, rows) == rows
