"""The demo studio's people: the team, the clients and their medical questionnaires."""

from __future__ import annotations

import random
import unicodedata
from collections.abc import Callable, Sequence
from dataclasses import dataclass
from datetime import date, datetime, timedelta
from typing import TypeVar

from app.demo import data, words
from app.demo.schedule import Plan, Timeline

_Value = TypeVar("_Value")
ARTISTS = (("nuria", "Núria Vilà"), ("diego", "Diego Herrera"), ("kenji", "Kenji Morales"),
           ("chloe", "Chloé Dubois"))
ADULT_DAYS = 18 * 365 + 5  # 18 years always hold at least 4 leap days; +1 for safety
AGE_BANDS = (((18, 25), 40), ((25, 35), 35), ((35, 50), 20), ((50, 70), 5))


def weighted(rng: random.Random, options: Sequence[tuple[_Value, float]]) -> _Value:
    """Pick one value from ((value, weight), ...)."""
    return rng.choices([v for v, _ in options], [w for _, w in options])[0]


@dataclass(frozen=True)
class Team:
    """Who works at the demo studio: ids of the admin, the front desk and the artists."""

    admin: str
    staff: str
    artists: tuple[str, ...]
    hourly_rates: tuple[int, ...]  # whole euros, in the studio's first year

    def desk(self, rng: random.Random, artist: int) -> str:
        """Return who took a payment or a form: mostly the front desk, sometimes the artist."""
        roll = rng.random()
        return self.staff if roll < 0.5 else self.admin if roll < 0.8 else self.artists[artist]


def build_team(rng: random.Random, new_id: Callable[[], str], founded: datetime) -> tuple[Team, list[dict]]:
    """Return the team and the user rows for the staff account and the artists (the admin exists)."""
    stamps = {"created_at": founded, "updated_at": founded, "token_version": 1, "active": True}
    admin, staff = new_id(), new_id()
    rows = [{"id": staff, "username": "staff", "display_name": "Front Desk", "role": "staff",
             "is_artist": False, "commission_pct": 0, **stamps}]
    for username, name in ARTISTS:
        rows.append({"id": new_id(), "username": username, "display_name": name, "role": "staff",
                     "is_artist": True, "commission_pct": rng.randint(40, 60), **stamps})
    rates = tuple(rng.randrange(80, 135, 5) for _ in ARTISTS)
    return Team(admin, staff, tuple(r["id"] for r in rows[1:]), rates), rows


_NOT_DECOMPOSED = str.maketrans({"ł": "l", "Ł": "L", "ø": "o", "Ø": "O", "ß": "ss"})


def _ascii(text: str) -> str:
    folded = unicodedata.normalize("NFKD", text.translate(_NOT_DECOMPOSED)).encode("ascii", "ignore").decode()
    return "".join(ch for ch in folded.lower() if ch.isalnum())


def _phone(rng: random.Random) -> str:
    prefix = weighted(rng, data.PHONE_PREFIXES)
    digits = f"{rng.randrange(10 ** 8):08d}"
    return f"{prefix}{digits[:2]} {digits[2:5]} {digits[5:]}"


def _email(rng: random.Random, first: str, last: str) -> str:
    given, family = _ascii(first), _ascii(last.split()[0])
    local = rng.choice((f"{given}.{family}", f"{given}{family}{rng.randint(1, 99)}", f"{given[0]}{family}",
                        f"{family}.{given}{rng.randint(70, 99)}"))
    return f"{local}@{rng.choice(data.EMAIL_DOMAINS)}"


def _address(rng: random.Random) -> str:
    code, city = rng.choice(data.CITIES)
    return (f"{rng.choice(data.STREETS)} {rng.randint(1, 180)}, {rng.randint(1, 8)}º "
            f"{rng.choice('ABCDEF')}, {code} {city}")


def _birth_date(rng: random.Random, first_visit: date) -> date:
    low, high = weighted(rng, AGE_BANDS)
    return first_visit - timedelta(days=ADULT_DAYS + rng.randint((low - 18) * 365, (high - 18) * 365))


def client_rows(rng: random.Random, new_id: Callable[[], str], timeline: Timeline, plan: Plan,
                since: list[datetime], team: Team, language: str | None = None) -> list[dict]:
    """Return one row per client, adult at their first session, ID checked when first served; notes, contacts'
    relations and ID documents in `language` (app.demo.words)."""
    say = words.sayer(language)
    first_served: dict[int, int] = {}
    for index, s in enumerate(plan.sessions):
        if s.status in ("done", "in_progress"):
            first_served.setdefault(s.client, index)
    rows = []
    for client, first_index in enumerate(plan.first_session):
        first, last = rng.choice(data.FIRST_NAMES), rng.choice(data.LAST_NAMES)
        if rng.random() < 0.6:  # Spanish clients carry two surnames
            last = f"{last} {rng.choice(data.LAST_NAMES)}"
        served = plan.sessions[first_served[client]] if client in first_served else None
        checked_at = served.starts_at - timedelta(minutes=rng.randint(5, 15)) if served else None
        rows.append({
            "id": new_id(), "first_name": first, "last_name": last,
            "birth_date": _birth_date(rng, timeline.days[plan.sessions[first_index].day]),
            "phone": _phone(rng) if rng.random() < 0.97 else None,
            "email": _email(rng, first, last) if rng.random() < 0.9 else None,
            "address": _address(rng) if rng.random() < 0.6 else None,
            "emergency_contact": (f"{rng.choice(data.FIRST_NAMES)} ({say(rng.choice(data.RELATIONS))}), "
                                  f"{_phone(rng)}" if rng.random() < 0.3 else None),
            "id_check_type": say(weighted(rng, data.ID_TYPES)) if served else None,
            "id_checked_by": team.desk(rng, served.artist) if served else None,
            "id_checked_at": checked_at,
            "notes": say(rng.choice(data.CLIENT_NOTES)) if rng.random() < 0.1 else None,
            "marketing_consent": rng.random() < 0.35, "photo_consent": rng.random() < 0.5,
            "anonymised_at": None, "created_at": since[client],
            "updated_at": max(since[client], checked_at) if checked_at else since[client],
        })
    return rows


def _some(rng: random.Random, options: tuple, most: int) -> list[str]:
    chosen = []
    for _ in range(rng.randint(0, most)):
        pick = weighted(rng, options)
        if pick not in chosen:
            chosen.append(pick)
    return chosen


def _answers(rng: random.Random, say: Callable[[str], str]) -> dict:
    allergies, conditions = _some(rng, data.ALLERGIES, 2), _some(rng, data.CONDITIONS, 2)
    if not allergies and not conditions:  # a profile is on file because something needs an alert
        (allergies if rng.random() < 0.55 else conditions).append(
            weighted(rng, data.ALLERGIES if rng.random() < 0.55 else data.CONDITIONS))
    medications = [rng.choice(data.ANTICOAGULANTS)] if rng.random() < 0.2 else []
    if rng.random() < 0.25:
        medications.append(rng.choice(data.OTHER_MEDICATIONS))
    return {"allergies": ", ".join(map(say, allergies)), "conditions": ", ".join(map(say, conditions)),
            "medications": ", ".join(map(say, medications)), "skin_notes": say(rng.choice(data.SKIN_NOTES)),
            "pregnancy": False, "free_text": say(rng.choice(data.MEDICAL_FREE_TEXT))}


def medical_rows(rng: random.Random, new_id: Callable[[], str], timeline: Timeline, clients: list[dict],
                 team: Team, share: float = 0.15, language: str | None = None) -> list[dict]:
    """Return questionnaires for `share` of the clients; one in ten was updated later (version 2); the answers in
    `language` (app.demo.words)."""
    say = words.sayer(language)
    rows = []
    for index in sorted(rng.sample(range(len(clients)), max(1, round(share * len(clients))))):
        client = clients[index]
        at = client["created_at"]
        answers = _answers(rng, say)
        rows.append({"id": new_id(), "client_id": client["id"], "version": 1, "recorded_by": team.staff,
                     "created_at": at, "updated_at": at, **answers})
        if rng.random() < 0.1:
            later = at + timedelta(seconds=int((timeline.now - at).total_seconds() * rng.uniform(0.2, 0.9)))
            extra = say(weighted(rng, data.ALLERGIES))
            if extra not in answers["allergies"]:
                answers["allergies"] = ", ".join(filter(None, (answers["allergies"], extra)))
            rows.append({"id": new_id(), "client_id": client["id"], "version": 2, "recorded_by": team.admin,
                         "created_at": later, "updated_at": later, **answers})
    return rows
