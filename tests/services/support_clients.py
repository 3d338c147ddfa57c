"""Helpers for the client-area tests: users, sessions, payments and inks written straight to the store."""

from __future__ import annotations

import struct
import zlib
from datetime import UTC, date, datetime

from sqlalchemy import insert

from app.core.clock import FixedClock
from app.db.models import InkLot, Payment, Session, SessionInk
from app.db.repos.users import UserRepository
from app.db.types import new_id
from app.domain.records import User
from app.services.clients.consents import ConsentService
from app.services.clients.gdpr import GdprService
from app.services.clients.service import ClientService

NOW = datetime(2026, 3, 10, 12, 0, tzinfo=UTC)


def png_chunk(kind: bytes, data: bytes) -> bytes:
    """One PNG chunk: length, type, data and CRC."""
    return struct.pack(">I", len(data)) + kind + data + struct.pack(">I", zlib.crc32(kind + data))


def png(extra: int = 0, width: int = 40, height: int = 20) -> bytes:
    """Return a real grey PNG of width x height, padded with `extra` bytes in a private chunk."""
    header = struct.pack(">IIBBBBB", width, height, 8, 0, 0, 0, 0)
    rows = (b"\x00" + b"\x80" * width) * height
    return (b"\x89PNG\r\n\x1a\n" + png_chunk(b"IHDR", header)
            + (png_chunk(b"prVt", b"\0" * extra) if extra else b"")
            + png_chunk(b"IDAT", zlib.compress(rows)) + png_chunk(b"IEND", b""))


def services(opened, clock: FixedClock | None = None) -> tuple[ClientService, ConsentService, GdprService]:
    """Return the three client-area services on the opened studio, sharing one clock."""
    clock = clock or FixedClock(NOW)
    return ClientService(opened.db, clock), ConsentService(opened.db, clock), GdprService(opened.db, clock)


def make_user(opened, username: str, role: str = "staff", is_artist: bool = False) -> User:
    """Add a user row (no key slot: service tests only need the record)."""
    with opened.db.write() as conn:
        return UserRepository().add(conn, username=username, display_name=username.title(), role=role,
                                    is_artist=is_artist)


def add_session(opened, client_id: str, artist_id: str, starts_at: datetime, status: str = "done",
                placement: str = "left forearm") -> str:
    """Insert a session row and return its id."""
    session_id = new_id()
    with opened.db.write() as conn:
        conn.execute(insert(Session).values(**{
            "id": session_id, "client_id": client_id, "artist_id": artist_id, "starts_at": starts_at,
            "duration_min": 120, "status": status, "placement": placement}))
    return session_id


def add_payment(opened, client_id: str, session_id: str, amount_minor: int, taken_by: str, taken_at: datetime,
                kind: str = "payment", method: str = "card") -> str:
    """Insert a payment row and return its id."""
    payment_id = new_id()
    with opened.db.write() as conn:
        conn.execute(insert(Payment).values(**{
            "id": payment_id, "amount_minor": amount_minor, "method": method, "kind": kind,
            "client_id": client_id, "session_id": session_id, "artist_id": None, "taken_by": taken_by,
            "taken_at": taken_at, "register_day": taken_at.date()}))
    return payment_id


def add_ink(opened, session_id: str, brand: str, colour: str, lot: str, expires_on: date) -> None:
    """Insert an ink lot and link it to a session."""
    lot_id = new_id()
    with opened.db.write() as conn:
        conn.execute(insert(InkLot).values(id=lot_id, brand=brand, colour=colour, lot=lot, expires_on=expires_on))
        conn.execute(insert(SessionInk).values(session_id=session_id, ink_lot_id=lot_id))
