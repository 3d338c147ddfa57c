"""Helpers for the backup tests (their fixtures, `clock` and `backups`, are in conftest.py): a client, a bit
flipper, where a point's files are in the chunk store, and a point rebuilt into a file."""

from __future__ import annotations

from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path

from app.services.backups.manifest import Manifest
from app.services.backups.points import point_file
from app.services.clients.service import ClientService

CLIENT_NAME = "Zebulon Quixotefeather"  # rare enough that finding it in a file means plaintext


def add_client(opened, clock, first: str = "Zebulon", last: str = "Quixotefeather") -> str:
    """Add one client as the admin; return its id."""
    return ClientService(opened.db, clock).create(opened.user, first_name=first, last_name=last,
                                                   allow_duplicate=True).id


def flip_bit(path: Path, offset_from_end: int = 5000) -> None:
    """Flip one bit inside the file, as a failing drive would."""
    data = bytearray(path.read_bytes())
    data[len(data) - min(offset_from_end, len(data) // 2)] ^= 0x10  # a small file: its middle
    path.write_bytes(bytes(data))


def point_of(folder: Path, name: str) -> Path:
    """The sealed `.point` file of a restore point kept in the chunk store of `folder`."""
    return folder / "store" / "points" / f"{name}.point"


def packs_of(folder: Path) -> list[Path]:
    """The pack files of the chunk store of `folder`."""
    return sorted((folder / "store" / "packs").glob("*/*.pack"))


@contextmanager
def rebuilt(folder: Path, name: str) -> Iterator[Path]:
    """The restore point's database, rebuilt from the store into a temp file (gone afterwards)."""
    with point_file(folder, name, Manifest(folder).entry(name)) as file:
        yield file


def point_names(folder: Path, prefix: str = "studio-") -> list[str]:
    """The names of the restore points listed in the manifest of `folder` whose names start with `prefix`."""
    return sorted(e["name"] for e in Manifest(folder).lines() if e["name"].startswith(prefix))
