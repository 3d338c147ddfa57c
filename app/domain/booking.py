"""Sessions (appointments), ink lots and inks used: the records and the pure rules of booking."""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass
from datetime import date, datetime, timedelta
from typing import Literal, get_args

from app.core.i18n import N_, _
from app.domain.errors import ConflictError

MIN_DURATION, MAX_DURATION = 15, 720  # minutes; the overlap query relies on the maximum
GUARDIAN_MIN_AGE = 16  # below this no guardian's consent makes a booking possible
Status = Literal["booked", "confirmed", "in_progress", "done", "no_show", "cancelled"]  # a session's life
STATUSES: tuple[Status, ...] = get_args(Status)  # the table's CHECK, the API's Literal and the screens' labels
# marked for the catalogs; shown through _() (a session's status word, e.g. on a calendar block)
STATUS_LABELS: Mapping[str, str] = {
    "booked": N_("Booked"), "confirmed": N_("Confirmed"), "in_progress": N_("In progress"), "done": N_("Done"),
    "no_show": N_("No-show"), "cancelled": N_("Cancelled")}
# a status as a word inside a sentence ("This session is cancelled and cannot be moved"), shown through _()
STATUS_WORDS: Mapping[str, str] = {
    "booked": N_("booked"), "confirmed": N_("confirmed"), "in_progress": N_("in progress"), "done": N_("done"),
    "no_show": N_("no show"), "cancelled": N_("cancelled")}
LIVE_STATUSES = ("booked", "confirmed", "in_progress", "done")  # these hold the artist's time
FINAL_STATUSES = ("done", "no_show", "cancelled")
TRANSITIONS: dict[str, tuple[str, ...]] = {
    "booked": ("confirmed", "no_show", "cancelled"),
    "confirmed": ("in_progress", "no_show", "cancelled"),
    "in_progress": ("done",),
}
REOPEN_TO = ("booked", "confirmed", "in_progress")  # what an admin may turn a final status back into


class StaleVersionError(ConflictError):
    """Someone else changed the session since the caller read it."""

    def __init__(self) -> None:
        super().__init__(_("This session was changed by someone else; reload and try again."))


@dataclass(frozen=True)
class SessionRecord:
    """One appointment, with the facts the calendar shows about its client and artist."""

    id: str
    client_id: str
    client_name: str
    client_has_alert: bool
    artist_id: str
    artist_name: str
    starts_at: datetime
    duration_min: int
    status: str
    placement: str
    description: str
    quote_minor: int
    deposit_required_minor: int
    version: int

    @property
    def ends_at(self) -> datetime:
        """The instant the session ends."""
        return self.starts_at + timedelta(minutes=self.duration_min)


@dataclass(frozen=True)
class BookingClient:
    """What booking needs to know about a client: whether they can be booked, and their age."""

    id: str
    birth_date: date | None
    anonymised: bool


@dataclass(frozen=True)
class InkLot:
    """A batch of one ink; `expired` is relative to the studio-local day it was read on."""

    id: str
    brand: str
    colour: str
    lot: str
    expires_on: date
    opened_on: date | None
    expired: bool


@dataclass(frozen=True)
class SessionInk:
    """One ink lot used in one session: a line of the client's ink passport."""

    id: str
    session_id: str
    ink_lot_id: str
    brand: str
    colour: str
    lot: str
    expires_on: date
    recorded_at: datetime


def age_on(birth_date: date, day: date) -> int:
    """Return a person's age in whole years on `day`."""
    return day.year - birth_date.year - ((day.month, day.day) < (birth_date.month, birth_date.day))


def overlaps(start_a: datetime, minutes_a: int, start_b: datetime, minutes_b: int, buffer_min: int) -> bool:
    """Return whether two sessions come closer than `buffer_min` minutes (touching at the buffer is fine)."""
    gap = timedelta(minutes=buffer_min)
    return (start_a < start_b + timedelta(minutes=minutes_b) + gap
            and start_b < start_a + timedelta(minutes=minutes_a) + gap)


def can_change_status(current: str, new: str, is_admin: bool) -> bool:
    """Return whether a session may go from `current` to `new` (admins alone reopen final statuses)."""
    if current in FINAL_STATUSES:
        return is_admin and new in REOPEN_TO
    return new in TRANSITIONS.get(current, ())
