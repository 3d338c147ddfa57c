"""The double-booking rule looks only at sessions that can overlap (those starting within the longest session before
this one ends) and still finds a long session that started hours earlier, and not one that merely touches."""

from __future__ import annotations

from app.db.sync_rules import check_rules
from tests.sync.support_devices import conflicts
from tests.sync.test_merge_rules import SESSION, _base, _write


def test_a_long_earlier_session_is_still_found_and_a_touching_one_is_not(opened):
    client, artist = _base(opened.db)
    _write(opened.db, SESSION, "long", client, artist, "2027-03-01 09:00:00.000000", 480)  # until 17:00
    _write(opened.db, SESSION, "inside", client, artist, "2027-03-01 16:00:00.000000", 60)
    _write(opened.db, SESSION, "after", client, artist, "2027-03-01 17:00:00.000000", 60)  # touches, no clash
    _write(opened.db, SESSION, "day_before", client, artist, "2027-02-28 16:00:00.000000", 60)
    with opened.db.write() as conn:
        check_rules(conn, {"sessions": {"inside", "after", "day_before"}})
    assert conflicts(opened.db) == [("double_booking", '[["sessions", "inside"], ["sessions", "long"]]')]
