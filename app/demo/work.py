"""The demo studio's tattoo work: session rows, signed consents, ink lots and the inks used."""

from __future__ import annotations

import random
from bisect import bisect_right
from collections.abc import Callable
from datetime import date, timedelta

from app.demo import data, words
from app.demo.people import Team, weighted
from app.demo.schedule import Plan, Timeline

SERVED = ("done", "in_progress")  # sessions where the needle touched skin


def _quote(rng: random.Random, timeline: Timeline, rate: int, day: int, minutes: int, kind: str) -> int:
    years = (timeline.days[day] - timeline.days[0]).days / 365.25
    euros = rate * (1 + 0.03 * years) * minutes / 60  # prices follow inflation
    if kind == "touch-up":
        euros *= 0.4
    return max(50, round(euros / 10) * 10) * 100


def session_rows(rng: random.Random, new_id: Callable[[], str], timeline: Timeline, plan: Plan,
                 client_ids: list[str], team: Team, language: str | None = None) -> list[dict]:
    """Return one row per planned session, setting its id, quote and deposit on the plan too; placements and
    descriptions in `language` (app.demo.words)."""
    say = words.sayer(language)
    rows = []
    for s in plan.sessions:
        kind = weighted(rng, data.WORK_KINDS)
        s.id = new_id()
        s.quote = _quote(rng, timeline, team.hourly_rates[s.artist], s.day, s.duration, kind)
        if rng.random() < (0.6 if s.duration >= 90 else 0.15):  # long pieces need a deposit
            s.deposit = min(s.quote, max(50, round(s.quote * 0.3 / 1000) * 10) * 100)
        placement = say(rng.choice(data.PLACEMENTS))
        style = rng.choice(data.STYLES)  # drawn in this order whatever the language: one seed, one studio
        described = words.description(language, kind, style, rng.choice(data.SUBJECTS))
        rows.append({
            "id": s.id, "client_id": client_ids[s.client], "artist_id": team.artists[s.artist],
            "starts_at": s.starts_at, "duration_min": s.duration, "status": s.status,
            "placement": placement, "description": described,
            "quote_minor": s.quote, "deposit_required_minor": s.deposit, "design_refs": "[]",
            "version": 1, "created_at": s.booked_at, "updated_at": s.changed_at,
        })
    return rows


def _form_version(on: date) -> str:
    current = data.CONSENT_FORMS[0][1]
    for year, version in data.CONSENT_FORMS:
        if on.year >= year:
            current = version
    return current


def consent_rows(rng: random.Random, new_id: Callable[[], str], timeline: Timeline, plan: Plan,
                 client_ids: list[str], team: Team) -> list[dict]:
    """Return the consent each served client signed just before their session."""
    rows = []
    for s in plan.sessions:
        if s.status in SERVED:
            signed = s.starts_at - timedelta(minutes=rng.randint(5, 20))
            rows.append({"id": new_id(), "session_id": s.id, "client_id": client_ids[s.client],
                         "form_version": _form_version(timeline.days[s.day]), "signed_at": signed,
                         "signature_png": None, "guardian_name": None, "guardian_relation": None,
                         "recorded_by": team.desk(rng, s.artist), "created_at": signed, "updated_at": signed})
    return rows


def ink_lot_rows(rng: random.Random, new_id: Callable[[], str], timeline: Timeline, count: int) -> list[list[dict]]:
    """Return the lots of each ink line, oldest first; each is opened as the previous one runs out,
    and expires after its successor is opened, so every lot is used only while unexpired."""
    lines = min(len(data.INK_LINES), max(1, count))
    start = timeline.days[0] - timedelta(days=rng.randint(5, 30))
    horizon = (timeline.today - start).days
    out = []
    for line in range(lines):
        brand, colour = data.INK_LINES[line]
        n = count // lines + (1 if line < count % lines else 0)
        span = horizon / n
        lots, jitter = [], int(min(20, span // 3))
        for i in range(n):
            opened = start + timedelta(days=round(i * span) + (rng.randint(0, jitter) if i else 0))
            expires = start + timedelta(days=round((i + 1) * span) + rng.randint(60, 300))
            if i == n - 1:
                expires = max(expires, timeline.today + timedelta(days=rng.randint(90, 500)))
            received = timeline.local(opened - timedelta(days=rng.randint(1, 20)), 11)
            lots.append({"id": new_id(), "brand": brand, "colour": colour,
                         "lot": f"{data.INK_LOT_PREFIX[brand]}-{opened:%y%m}-{i:02d}{rng.randint(100, 999)}",
                         "expires_on": expires, "opened_on": opened,
                         "created_at": received, "updated_at": received})
        out.append(lots)
    return out


def session_ink_rows(rng: random.Random, new_id: Callable[[], str], timeline: Timeline, plan: Plan,
                     lines: list[list[dict]]) -> list[dict]:
    """Link 1-4 lots to each served session: the black line always, colours sometimes."""
    opened = [[lot["opened_on"] for lot in lots] for lots in lines]
    rows = []
    for s in plan.sessions:
        if s.status not in SERVED:
            continue
        on = timeline.days[s.day]
        extra = min(len(lines) - 1, rng.choices((0, 1, 2, 3), (35, 30, 20, 15))[0])
        for line in [0, *rng.sample(range(1, len(lines)), extra)]:
            lot = lines[line][max(0, bisect_right(opened[line], on) - 1)]
            rows.append({"id": new_id(), "session_id": s.id, "ink_lot_id": lot["id"],
                         "created_at": s.starts_at, "updated_at": s.starts_at})
    return rows
