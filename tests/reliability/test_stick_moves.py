"""A stick copied or moved to another folder (another drive letter, another mount point) still opens."""

from __future__ import annotations

import shutil

import pytest
from sqlalchemy import insert, select

from app.core.paths import resolve
from app.db.models import Client
from app.services.studio.service import StudioService
from tests.conftest import ADMIN, ADMIN_PASSWORD, run_cli

NAMES = [("Ada", "Lovelace"), ("Grace", "Hopper"), ("Frida", "Kahlo")]


@pytest.fixture
def moved(opened, stick, tmp_path):
    """The studio with a few clients, closed, then its whole folder moved elsewhere; yields the new root."""
    with opened.db.write() as conn:
        conn.execute(insert(Client), [{"first_name": f, "last_name": n} for f, n in NAMES])
    opened.close()
    target = tmp_path / "elsewhere" / "E-drive"
    target.parent.mkdir()
    shutil.move(str(stick.root), str(target))
    assert not stick.root.exists()
    return target


def _client_names(root) -> list[tuple[str, str]]:
    studio = StudioService(resolve(home=root)).unlock(ADMIN, ADMIN_PASSWORD)
    try:
        with studio.db.read() as conn:
            rows = conn.execute(select(Client.first_name, Client.last_name)).all()
    finally:
        studio.close()
    return sorted(tuple(r) for r in rows)


def test_check_passes_on_the_moved_stick_given_by_home_flag(moved):
    result = run_cli("check", "--home", str(moved), "--user", ADMIN, "--password-stdin",
                     stdin=ADMIN_PASSWORD + "\n")
    assert (result.returncode, result.stdout.strip()) == (0, "ok"), result.stderr


def test_check_passes_on_the_moved_stick_given_by_tattoo_home(moved):
    result = run_cli("check", "--user", ADMIN, "--password-stdin", stdin=ADMIN_PASSWORD + "\n",
                     env={"TATTOO_HOME": str(moved)})
    assert (result.returncode, result.stdout.strip()) == (0, "ok"), result.stderr


def test_unlocking_the_moved_stick_finds_its_data(moved):
    assert _client_names(moved) == sorted(NAMES)


def test_unlocking_the_moved_stick_through_tattoo_home_finds_its_data(moved, monkeypatch):
    monkeypatch.setenv("TATTOO_HOME", str(moved))
    assert resolve().root == moved.resolve()
    assert _client_names(None) == sorted(NAMES)
