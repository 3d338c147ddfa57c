"""The demo studio's calendar: working days, sessions packed per artist, clients and bookings."""

from __future__ import annotations

import random
from bisect import bisect_left
from dataclasses import dataclass, field
from datetime import UTC, date, datetime, time, timedelta
from zoneinfo import ZoneInfo

OPENS, CLOSES = 10 * 60, 20 * 60  # minutes after local midnight
MAX_PER_DAY = 8
DURATIONS = ((30, 8), (45, 10), (60, 20), (90, 20), (120, 16), (180, 12), (240, 8), (300, 4), (360, 2))
SEASON = (0.8, 0.9, 1.0, 1.05, 1.1, 1.15, 1.1, 0.75, 1.0, 1.0, 0.95, 0.9)  # busy spring/summer
CLOSED_DAYS = ((1, 1), (1, 6), (12, 24), (12, 25), (12, 31))  # (month, day) the studio is shut
PAST_STATUSES = (("done", 89), ("no_show", 5), ("cancelled", 6))


@dataclass(frozen=True)
class Timeline:
    """Working days (Tue-Sat) from ten years ago to four weeks ahead, in the studio's time zone."""

    tz: ZoneInfo
    now: datetime
    today: date
    days: list[date]
    midnights: list[datetime]  # UTC instant of each working day's local midnight
    first_future: int  # index of the first working day on or after today

    def at(self, day: int, minute: int) -> datetime:
        """Return the UTC instant `minute` minutes after local midnight of working day `day`."""
        return self.midnights[day] + timedelta(minutes=minute)

    def local(self, on: date, hour: int) -> datetime:
        """Return the UTC instant of `hour` o'clock local time on any date."""
        return datetime.combine(on, time(hour), self.tz).astimezone(UTC)


def _is_working_day(d: date) -> bool:
    # Tuesday to Saturday; shut on a few holidays and for the first half of August.
    return 1 <= d.weekday() <= 5 and (d.month, d.day) not in CLOSED_DAYS and not (d.month == 8 and d.day <= 15)


def build_timeline(now: datetime, tz_name: str, years: int = 10, ahead_days: int = 28) -> Timeline:
    """Lay out the working days around `now` (an aware datetime)."""
    tz = ZoneInfo(tz_name)
    today = now.astimezone(tz).date()
    days, midnights = [], []
    d, last = today - timedelta(days=round(365.25 * years)), today + timedelta(days=ahead_days)
    while d <= last:
        if _is_working_day(d):
            offset = datetime.combine(d, time(12), tz).utcoffset()  # DST never changes on a working day here
            days.append(d)
            midnights.append(datetime.combine(d, time(0), UTC) - offset)
        d += timedelta(days=1)
    return Timeline(tz=tz, now=now.astimezone(UTC), today=today, days=days,
                    midnights=midnights, first_future=bisect_left(days, today))


@dataclass(slots=True)
class PlannedSession:
    """One appointment before it becomes a row: where it sits, who comes, what happened."""

    day: int
    artist: int
    start: int  # minutes after local midnight
    duration: int
    starts_at: datetime | None = None
    ends_at: datetime | None = None
    client: int = -1
    status: str = "booked"
    booked_at: datetime | None = None  # created_at; the deposit is taken then
    booked_day: int = 0
    changed_at: datetime | None = None  # updated_at: done, cancelled, marked no-show...
    id: str = ""
    quote: int = 0  # minor units
    deposit: int = 0  # minor units; taken at booking when non-zero


@dataclass
class Plan:
    """Every session in time order and, per client, the index of their first session."""

    sessions: list[PlannedSession]
    first_session: list[int] = field(default_factory=list)


def _pack_day(rng: random.Random, day: int, artist: int, count: int) -> list[PlannedSession]:
    durations = rng.choices([d for d, _ in DURATIONS], [w for _, w in DURATIONS], k=count)
    while sum(durations) > CLOSES - OPENS:  # a full day: shorten the longest pieces
        longest = durations.index(max(durations))
        durations[longest] -= 15
    spare = (CLOSES - OPENS - sum(durations)) // 15
    cuts = sorted(rng.randint(0, spare) for _ in range(count))
    out, minute, previous = [], OPENS, 0
    for cut, duration in zip(cuts, durations, strict=True):
        minute += (cut - previous) * 15
        previous = cut
        out.append(PlannedSession(day=day, artist=artist, start=minute, duration=duration))
        minute += duration
    return out


def plan_sessions(rng: random.Random, timeline: Timeline, artists: int, target: int) -> list[PlannedSession]:
    """Spread about `target` sessions over artist-days, fuller in busy months and recent years."""
    n_days = len(timeline.days)
    weights = []
    for i, d in enumerate(timeline.days):
        ahead = i - timeline.first_future
        growth = 0.85 + 0.3 * i / n_days
        booked_ahead = 1.0 if ahead < 0 else max(0.15, 1 - 0.85 * ahead / 20)
        weights.append(SEASON[d.month - 1] * growth * booked_ahead)
    wanted = [w * rng.uniform(0.7, 1.3) for w in weights for _ in range(artists)]
    factor = target / sum(wanted)
    for _ in range(6):  # busy days are capped: raise the others until the total fits again
        factor *= target / sum(min(MAX_PER_DAY, factor * w) for w in wanted)
    sessions = []
    for slot, w in enumerate(wanted):
        count = int(min(MAX_PER_DAY, factor * w) + rng.random())
        if count:
            sessions.extend(_pack_day(rng, slot // artists, slot % artists, count))
    if not any(s.day < timeline.first_future for s in sessions):  # tiny scales: one session already done
        sessions.append(PlannedSession(day=max(0, timeline.first_future - 1), artist=0, start=OPENS, duration=60))
    sessions.sort(key=lambda s: (s.day, s.start, s.artist))
    for s in sessions:
        s.starts_at = timeline.at(s.day, s.start)
        s.ends_at = s.starts_at + timedelta(minutes=s.duration)
    return sessions


def assign_clients(rng: random.Random, sessions: list[PlannedSession], clients: int) -> Plan:
    """Give each session a client: `clients` first visits, the rest returning (regulars come back more)."""
    clients = max(1, min(clients, len(sessions)))
    firsts = set(rng.sample(range(1, len(sessions)), clients - 1)) | {0}
    pending = sorted(firsts)  # first visits still to come; the last one can move earlier
    plan, busy_until, history = Plan(sessions), [], []
    for index, s in enumerate(sessions):
        begins = s.day * 1440 + s.start
        pick = None if index in firsts else _returning_client(rng, history, busy_until, begins)
        if pick is None and index not in firsts and pending[-1] > index:
            firsts.discard(pending.pop())  # everyone we know is in the chair: a newcomer instead
            firsts.add(index)
        if index in firsts:
            pick = len(plan.first_session)
            plan.first_session.append(index)
            busy_until.append(0)
        s.client = pick if pick is not None else history[-1]  # nobody free, nobody new left: accept it
        busy_until[s.client] = begins + s.duration
        history.append(s.client)
    return plan


def _returning_client(rng: random.Random, history: list[int], busy_until: list[int], begins: int) -> int | None:
    # A client cannot sit with two artists at once; regulars (often in history) come back more.
    for _ in range(4):
        pick = history[rng.randrange(len(history))] if rng.random() < 0.6 else rng.randrange(len(busy_until))
        if busy_until[pick] <= begins:
            return pick
    return next((c for c in range(len(busy_until)) if busy_until[c] <= begins), None)


def book_sessions(rng: random.Random, timeline: Timeline, plan: Plan) -> list[datetime]:
    """Set each session's booking time, status and last change; return each client's first-seen time."""
    last_past_day = timeline.first_future - 1
    since: list[tuple[datetime, int] | None] = [None] * len(plan.first_session)
    for s in plan.sessions:
        walk_in = rng.random() < 0.1 and s.starts_at <= timeline.now
        s.booked_day = s.day if walk_in else max(0, min(s.day - 1 - int(rng.expovariate(1 / 12)), last_past_day))
        if s.booked_day == s.day:
            s.booked_at = s.starts_at - timedelta(minutes=rng.randint(10, 40))
        else:
            s.booked_at = timeline.at(s.booked_day, rng.randint(OPENS, CLOSES - 1))
        if since[s.client] is None:
            since[s.client] = (s.booked_at, s.booked_day)
        elif s.booked_at <= since[s.client][0]:  # a returning client was known before this booking
            s.booked_at, s.booked_day = since[s.client][0] + timedelta(minutes=1), since[s.client][1]
        _settle_status(rng, timeline, s)
    if not any(s.status == "done" for s in plan.sessions):  # tiny scales: keep one finished session
        past = next(s for s in plan.sessions if s.ends_at <= timeline.now)
        past.status, past.changed_at = "done", past.ends_at
    return [first for first, _ in since]


def _settle_status(rng: random.Random, timeline: Timeline, s: PlannedSession) -> None:
    if s.ends_at <= timeline.now:
        s.status = rng.choices([k for k, _ in PAST_STATUSES], [w for _, w in PAST_STATUSES])[0]
    elif s.starts_at <= timeline.now:
        s.status = "in_progress"
    else:
        soon = s.day - timeline.first_future < 5
        s.status = "confirmed" if rng.random() < (0.75 if soon else 0.3) else "booked"
    if s.status == "done":
        s.changed_at = s.ends_at
    elif s.status == "no_show":
        s.changed_at = s.starts_at + timedelta(minutes=30)
    elif s.status == "in_progress":
        s.changed_at = s.starts_at
    elif s.status == "cancelled":
        day = rng.randint(s.booked_day, s.day)
        at = timeline.at(day, rng.randint(OPENS, CLOSES - 1))
        s.changed_at = min(max(at, s.booked_at + timedelta(minutes=1)), s.starts_at - timedelta(minutes=1))
    else:
        s.changed_at = s.booked_at
