"""Property: any sequence of bookings, moves, cancels and reopenings leaves no artist double-booked,
and the service refuses exactly the steps an independent model of the calendar says it must."""

from __future__ import annotations

from datetime import timedelta

from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from sqlalchemy import text

from app.domain.errors import ConflictError
from app.services.sessions.service import BookingService
from tests.services.support_booking import add_artist, add_client, local

BUFFER = 15  # the fixtures' studio keeps the default buffer
DAY_START = local(2026, 3, 3, 9)
slots = st.integers(0, 72)  # 5-minute steps from 09:00 to 15:00: crowded, and gaps shorter than the buffer occur
pick = st.integers(0, 15)  # which earlier session an operation acts on (modulo how many exist)
bookings = st.tuples(st.just("book"), st.integers(0, 2), slots, st.sampled_from([15, 30, 60, 90, 120, 180]))
beside = st.tuples(st.just("beside"), pick, st.booleans(), st.integers(0, 5), st.sampled_from([15, 30, 60]))
operations = st.lists(st.one_of(
    bookings, bookings,  # twice as many bookings as anything else, so the day fills up
    beside,  # a booking 0-25 minutes before or after an existing session: the buffer's edge
    st.tuples(st.just("move"), pick, st.integers(0, 2), slots),
    st.tuples(st.just("cancel"), pick),
    st.tuples(st.just("reopen"), pick),
), min_size=6, max_size=20)

OVERLAPPING_PAIRS = text("""
    SELECT count(*) FROM sessions a JOIN sessions b ON a.artist_id = b.artist_id AND a.id < b.id
    WHERE a.status NOT IN ('cancelled', 'no_show') AND b.status NOT IN ('cancelled', 'no_show')
      AND (julianday(a.starts_at) - julianday(b.starts_at)) * 1440 < b.duration_min + :buffer - 0.5
      AND (julianday(b.starts_at) - julianday(a.starts_at)) * 1440 < a.duration_min + :buffer - 0.5""")


def _free(model: dict, artist: int, start: int, minutes: int, ignore: str | None = None) -> bool:
    return not any(a == artist and live and s < start + minutes + BUFFER and start < s + m + BUFFER
                   for sid, (a, s, m, live) in model.items() if sid != ignore)


def test_random_bookings_and_moves_never_leave_an_artist_double_booked(opened, stick):
    artists = [add_artist(opened, stick, f"artist{i}", f"Artist {i}").id for i in range(3)]
    client = add_client(opened.db)
    service, admin = BookingService(opened.db), opened.user

    # One studio per test function (creating one costs a KDF run); each example starts from no sessions.
    @settings(max_examples=30, deadline=None, database=None,
              suppress_health_check=[HealthCheck.function_scoped_fixture])
    @given(operations)
    def run(steps):
        with opened.db.write() as conn:
            conn.execute(text("DELETE FROM sessions"))
        model: dict[str, tuple[int, int, int, bool]] = {}  # id -> (artist, start minute, minutes, live)
        for step in steps:
            _apply(service, admin, artists, client, model, step)
            with opened.db.read() as conn:
                assert conn.execute(OVERLAPPING_PAIRS, {"buffer": BUFFER}).scalar_one() == 0, step

    run()


def _apply(service, admin, artists, client, model, step) -> None:
    kind, *args = step
    ids = list(model)
    if kind == "beside" and ids:
        kind, args = "book", _beside(model, ids, *args)
    if kind == "book":
        artist, slot, minutes = args
        expected = _free(model, artist, slot * 5, minutes)
        outcome = _attempt(lambda: service.book(admin, client_id=client, artist_id=artists[artist],
                                                starts_at=DAY_START + timedelta(minutes=slot * 5),
                                                duration_min=minutes))
        if outcome is not None:
            model[outcome.id] = (artist, slot * 5, minutes, True)
    elif not ids:
        return
    else:
        sid = ids[args[0] % len(ids)]
        artist, start, minutes, live = model[sid]
        if kind == "move" and live:
            new_artist, slot = args[1], args[2]
            expected = _free(model, new_artist, slot * 5, minutes, ignore=sid)
            version = service.get(admin, sid).version
            outcome = _attempt(lambda: service.move(admin, sid, version=version, artist_id=artists[new_artist],
                                                    starts_at=DAY_START + timedelta(minutes=slot * 5)))
            if outcome is not None:
                model[sid] = (new_artist, slot * 5, minutes, True)
        elif kind == "cancel" and live:
            expected, outcome = True, service.cancel(admin, sid)
            model[sid] = (artist, start, minutes, False)
        elif kind == "reopen" and not live:
            expected = _free(model, artist, start, minutes, ignore=sid)
            outcome = _attempt(lambda: service.set_status(admin, sid, "booked"))
            if outcome is not None:
                model[sid] = (artist, start, minutes, True)
        else:
            return
    assert (outcome is not None) == expected, step


def _beside(model, ids, pick, before, gap_steps, minutes) -> tuple[int, int, int]:
    artist, start, length, _ = model[ids[pick % len(ids)]]
    slot = start // 5 - gap_steps - minutes // 5 if before else (start + length) // 5 + gap_steps
    return artist, slot, minutes


def _attempt(action):
    try:
        return action()
    except ConflictError:
        return None
