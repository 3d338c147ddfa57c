"""What the printable documents show: a session's ink passport and a signed consent record."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date, datetime

from app.domain.booking import SessionInk
from app.domain.clients import Consent

CHARTS = ("income-by-month", "income-by-method", "income-by-artist")


@dataclass(frozen=True)
class SessionHead:
    """The session facts printed at the top of an ink passport or consent record."""

    session_id: str
    client_id: str
    client_name: str
    birth_date: date | None
    starts_at: datetime
    placement: str
    artist_name: str


@dataclass(frozen=True)
class InkPassport:
    """The inks that went into one session, lot by lot, for the client to keep."""

    head: SessionHead
    inks: tuple[SessionInk, ...]


@dataclass(frozen=True)
class ConsentRecord:
    """One signed consent with its session and signature image (None once erased)."""

    consent: Consent
    head: SessionHead
    signature_png: bytes | None
    recorded_by_name: str | None


@dataclass(frozen=True)
class Pdf:
    """A rendered PDF and the file name to offer it under."""

    filename: str
    content: bytes
