"""Helpers for the booking and ink tests: clients inserted directly, artists made through UserService."""

from __future__ import annotations

from datetime import date, datetime
from zoneinfo import ZoneInfo

from sqlalchemy import insert

from app.db.models import Client, MedicalProfile
from app.db.types import new_id
from app.services.users import UserService

MADRID = ZoneInfo("Europe/Madrid")  # the fixtures' studio time zone


def local(year: int, month: int, day: int, hour: int, minute: int = 0) -> datetime:
    """An aware studio-local time."""
    return datetime(year, month, day, hour, minute, tzinfo=MADRID)


def add_client(db, first: str = "Ada", last: str = "Lovelace", birth_date: date | None = None,
               anonymised_at: datetime | None = None) -> str:
    """Insert a client row and return its id."""
    client_id = new_id()
    with db.write() as conn:
        conn.execute(insert(Client).values(id=client_id, first_name=first, last_name=last, birth_date=birth_date,
                                           anonymised_at=anonymised_at))
    return client_id


def add_profile(db, client_id: str, version: int, allergies: str = "", conditions: str = "") -> None:
    """Insert one version of a client's medical profile."""
    with db.write() as conn:
        conn.execute(insert(MedicalProfile).values(id=new_id(), client_id=client_id, version=version,
                                                   allergies=allergies, conditions=conditions))


def add_artist(opened, stick, username: str, display_name: str, is_artist: bool = True):
    """Create an artist account the way an admin does."""
    return UserService(opened.db, stick).create(opened.user, username=username, display_name=display_name,
                                                role="staff", password="artist-password", is_artist=is_artist)
