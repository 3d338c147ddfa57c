"""The demo studio: ten years of a busy studio's records, generated fast and the same for a seed."""

from __future__ import annotations

import random
import uuid
from bisect import bisect_left
from collections.abc import Callable
from dataclasses import dataclass, replace
from datetime import date

from app.core.clock import Clock
from app.core.keyslots import KeySlots, user_slot_id
from app.core.paths import StickPaths
from app.db.engine import Database
from app.db.repos import bulk
from app.demo import money as demo_money
from app.demo import people as demo_people
from app.demo import schedule as demo_schedule
from app.demo import words as demo_words
from app.demo import work as demo_work
from app.demo.schedule import Timeline
from app.domain.records import StudioSettings
from app.services.studio.service import StudioService

SETTINGS = StudioSettings(studio_name="Demo Ink Studio", currency="EUR", timezone="Europe/Madrid")
ADMIN = ("admin", "demo-admin", "Demo Admin")
STAFF = ("staff", "demo-staff")
# Row counts at scale 1.0; everything else follows from the calendar.
CLIENTS, SESSIONS, INK_LOTS = 30_000, 65_000, 60
CHUNK = 20_000  # rows per transaction: synchronous=FULL makes each commit cost an fsync

Progress = Callable[[str, int, int], None]


@dataclass(frozen=True)
class DemoSummary:
    """What `create_demo_studio` wrote, the recovery code to show once, and how long it took."""

    users: int
    clients: int
    medical_profiles: int
    sessions: int
    consents: int
    ink_lots: int
    session_inks: int
    payments: int
    register_days: int
    audit_events: int
    recovery_code: str
    seconds: float


def create_demo_studio(paths: StickPaths, scale: float = 1.0, seed: int = 42,
                       progress: Progress | None = None, clock: Clock | None = None,
                       language: str | None = None) -> DemoSummary:
    """Create the demo studio at `paths`: admin/demo-admin and staff/demo-staff can log in. In `language` (a code
    such as 'es'), the studio's locale is that language's and its notes, placements and health answers are in it;
    the same seed makes the same studio in every language."""
    clock = clock or Clock()
    started = clock.monotonic()
    rng = random.Random(seed)

    def new_id() -> str:
        return str(uuid.UUID(int=rng.getrandbits(128), version=4))

    service = StudioService(paths, clock)
    settings = replace(SETTINGS, locale=demo_words.LOCALES.get(language or "en", SETTINGS.locale))
    studio, code = service.create(settings, *ADMIN)
    try:
        timeline = demo_schedule.build_timeline(clock.now(), SETTINGS.timezone)
        team = _add_team(rng, new_id, timeline, studio.db, studio.user.id, paths)
        _write_history(rng, new_id, timeline, team, studio.db, scale, progress or (lambda *_: None), language)
        with studio.db.write() as conn:
            _audit(conn, new_id, timeline, team, seed, scale)
            bulk.check_client_search(conn)
            counts = bulk.count_rows(conn)
    except BaseException:
        studio.close()
        service.discard_unfinished()  # a half-made demo would block the next attempt
        raise
    studio.close()
    return DemoSummary(**counts, recovery_code=code, seconds=round(clock.monotonic() - started, 2))


def _add_team(rng: random.Random, new_id: Callable[[], str], timeline: Timeline, db: Database,
              admin_id: str, paths: StickPaths) -> demo_people.Team:
    founded = timeline.at(0, 9 * 60)
    team, rows = demo_people.build_team(rng, new_id, founded)
    with db.write() as conn:
        bulk.rebase_founding_rows(conn, admin_id, team.admin, founded, new_id)
        bulk.insert_rows(conn, "users", rows)
        bulk.insert_rows(conn, "audit_events", [
            {"id": new_id(), "at": founded, "actor_id": team.admin, "action": "create", "entity": "user",
             "entity_id": row["id"], "summary": f"User {row['username']} added",
             "created_at": founded, "updated_at": founded} for row in rows])
    slots = KeySlots.load(paths.keyslots)
    slots.put(user_slot_id(STAFF[0]), STAFF[1], bytes.fromhex(db.key_hex()))
    slots.save()
    return team


def _write_history(rng: random.Random, new_id: Callable[[], str], timeline: Timeline,
                   team: demo_people.Team, db: Database, scale: float, progress: Progress,
                   language: str | None = None) -> None:
    def write(table: str, rows: list[dict]) -> None:
        for start in range(0, len(rows), CHUNK):
            with db.write() as conn:
                bulk.insert_rows(conn, table, rows[start:start + CHUNK])
            progress(table, min(start + CHUNK, len(rows)), len(rows))

    progress("calendar", 0, 1)
    sessions = demo_schedule.plan_sessions(rng, timeline, len(team.artists), _scaled(SESSIONS, scale))
    plan = demo_schedule.assign_clients(rng, sessions, _scaled(CLIENTS, scale))
    since = demo_schedule.book_sessions(rng, timeline, plan)
    progress("calendar", 1, 1)
    clients = demo_people.client_rows(rng, new_id, timeline, plan, since, team, language=language)
    write("clients", clients)
    write("medical_profiles", demo_people.medical_rows(rng, new_id, timeline, clients, team, language=language))
    client_ids = [c["id"] for c in clients]
    del clients
    write("sessions", demo_work.session_rows(rng, new_id, timeline, plan, client_ids, team, language=language))
    write("consents", demo_work.consent_rows(rng, new_id, timeline, plan, client_ids, team))
    lines = demo_work.ink_lot_rows(rng, new_id, timeline, _scaled(INK_LOTS, scale))
    write("ink_lots", [lot for lots in lines for lot in lots])
    write("session_inks", demo_work.session_ink_rows(rng, new_id, timeline, plan, lines))
    till = demo_money.payment_rows(rng, new_id, timeline, plan, client_ids, team)
    write("payments", till.rows)
    write("register_days", demo_money.register_rows(rng, new_id, timeline, till, team))


def _scaled(count: int, scale: float) -> int:
    return max(1, round(count * scale))


def _audit(conn, new_id: Callable[[], str], timeline: Timeline, team: demo_people.Team,
           seed: int, scale: float) -> None:
    """Add the accountant's quarterly exports and a note that this history is generated."""
    rows = []
    year, month = timeline.days[0].year, (timeline.days[0].month - 1) // 3 * 3 + 1
    while True:
        label = f"{year}-Q{(month - 1) // 3 + 1}"
        year, month = (year + 1, 1) if month == 10 else (year, month + 3)
        day = bisect_left(timeline.days, date(year, month, 1))  # first working day of the next quarter
        if day >= timeline.first_future:
            break
        at = timeline.at(day, 11 * 60)
        rows.append({"id": new_id(), "at": at, "actor_id": team.admin, "action": "export", "entity": "payments",
                     "entity_id": None, "summary": f"Accountant export {label}", "created_at": at, "updated_at": at})
    rows.append({"id": new_id(), "at": timeline.now, "actor_id": team.admin, "action": "demo", "entity": "studio",
                 "entity_id": None, "summary": f"Demo history generated (seed {seed}, scale {scale:g})",
                 "created_at": timeline.now, "updated_at": timeline.now})
    bulk.insert_rows(conn, "audit_events", rows)
