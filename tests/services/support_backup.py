"""Helpers for the backup tests (their fixtures, `clock` and `backups`, are in conftest.py): a client, a bit flipper."""

from __future__ import annotations

from pathlib import Path

from app.services.clients.service import ClientService

CLIENT_NAME = "Zebulon Quixotefeather"  # rare enough that finding it in a file means plaintext


def add_client(opened, clock, first: str = "Zebulon", last: str = "Quixotefeather") -> str:
    """Add one client as the admin; return its id."""
    return ClientService(opened.db, clock).create(opened.user, first_name=first, last_name=last,
                                                   allow_duplicate=True).id


def flip_bit(path: Path, offset_from_end: int = 5000) -> None:
    """Flip one bit inside the file, as a failing drive would."""
    data = bytearray(path.read_bytes())
    data[len(data) - offset_from_end] ^= 0x10
    path.write_bytes(bytes(data))
