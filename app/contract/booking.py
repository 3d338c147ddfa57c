"""Sessions (appointments), ink lots and inks used: request and response models."""

from __future__ import annotations

from datetime import date, datetime
from typing import Annotated

from pydantic import Field

from app.contract.common import Day, Moment, Money, Out, Strict, Version
from app.domain.booking import Status  # the domain's one list

Id = Annotated[str, Field(min_length=1, max_length=36)]


class SessionBookIn(Strict):
    """A new session: client, artist, start, length and the price agreed."""
    client_id: Id
    artist_id: Id
    starts_at: Moment
    duration_min: int = Field(ge=15, le=720)
    placement: str = Field(default="", max_length=120)
    description: str = Field(default="", max_length=4000)
    quote_minor: Money = 0
    deposit_required_minor: Money = 0
    guardian_consent_expected: bool = False


class SessionEditIn(Strict):
    """The session details to change; send the version you read."""
    version: Version | None = None
    placement: str | None = Field(default=None, max_length=120)
    description: str | None = Field(default=None, max_length=4000)
    quote_minor: Money | None = None
    deposit_required_minor: Money | None = None
    duration_min: int | None = Field(default=None, ge=15, le=720)


class SessionMoveIn(Strict):
    """A new start and/or artist for a session, with the version you read."""
    version: Version
    starts_at: Moment | None = None
    artist_id: Id | None = None


class SessionStatusIn(Strict):
    """A session's new status, with the version you read."""
    status: Status
    version: Version | None = None


class SessionRangeQuery(Strict):
    """Sessions starting in [from, to), of one artist or all."""
    from_: Moment = Field(alias="from")
    to: Moment
    artist_id: Id | None = None


class SessionOut(Out):
    """A session as the calendar shows it, with its client's and artist's names."""
    id: str
    client_id: str
    client_name: str
    client_has_alert: bool
    artist_id: str
    artist_name: str
    starts_at: datetime
    ends_at: datetime
    duration_min: int
    status: Status
    placement: str
    description: str
    quote_minor: int
    deposit_required_minor: int
    version: int


class InkLotIn(Strict):
    """A new ink lot: brand, colour, lot number and its dates."""
    brand: str = Field(min_length=1, max_length=120)
    colour: str = Field(min_length=1, max_length=120)
    lot: str = Field(min_length=1, max_length=80)
    expires_on: Day
    opened_on: Day | None = None


class InkLotOut(Out):
    """An ink lot, flagged expired as of the studio's today."""
    id: str
    brand: str
    colour: str
    lot: str
    expires_on: date
    opened_on: date | None
    expired: bool


class SessionInkIn(Strict):
    """The ink lot used in a session."""
    ink_lot_id: Id


class SessionInkOut(Out):
    """An ink lot used in a session (one line of its ink passport)."""
    id: str
    session_id: str
    ink_lot_id: str
    brand: str
    colour: str
    lot: str
    expires_on: date
    recorded_at: datetime
