"""The database, its journal and the key file never hold studio or client text in the clear."""

from __future__ import annotations

import sqlite3
from datetime import date

import pytest
from sqlalchemy import insert

from app.db.models import Client
from app.db.types import new_id
from tests.conftest import ADMIN, ADMIN_PASSWORD, STUDIO_NAME, run_cli

CLIENT_MARKERS = ("Zephyrine", "Quillfeather", "zephyrine.q@example.org", "+34 600 123 987")


def _add_marked_client(db) -> None:
    with db.write() as conn:
        conn.execute(insert(Client).values(id=new_id(), first_name=CLIENT_MARKERS[0], last_name=CLIENT_MARKERS[1],
                                           email=CLIENT_MARKERS[2], phone=CLIENT_MARKERS[3],
                                           birth_date=date(1990, 5, 4), notes="latex allergy"))


def _assert_no_plaintext(blob: bytes, where: str) -> None:
    for marker in (STUDIO_NAME, *CLIENT_MARKERS, "latex allergy", "CREATE TABLE", "SQLite format 3"):
        for encoding in ("utf-8", "utf-16-le"):
            assert marker.encode(encoding) not in blob, f"{marker!r} readable in {where}"


def test_database_and_key_file_hold_no_plaintext(opened, stick):
    _add_marked_client(opened.db)
    opened.close()
    _assert_no_plaintext(stick.db.read_bytes(), "studio.db")
    _assert_no_plaintext(stick.keyslots.read_bytes(), "keyslots.json")
    assert ADMIN_PASSWORD.encode() not in stick.keyslots.read_bytes()


def test_rollback_journal_holds_no_plaintext_mid_transaction(opened, stick):
    _add_marked_client(opened.db)
    journal = stick.db.with_name("studio.db-journal")
    seen = b""
    with opened.db.write() as conn:  # rewrite the marked row so its old page goes to the journal
        conn.exec_driver_sql("UPDATE clients SET notes = notes || ' and nickel'")
        conn.exec_driver_sql("CREATE TABLE filler AS SELECT * FROM clients")
        assert journal.exists(), "a rollback journal should exist inside a write transaction"
        seen = journal.read_bytes()
    assert seen
    _assert_no_plaintext(seen, "studio.db-journal")
    assert not journal.exists(), "journal_mode=DELETE removes the journal after commit"


def test_plain_sqlite_cannot_open_the_database(created, stick):
    conn = sqlite3.connect(stick.db)
    with pytest.raises(sqlite3.DatabaseError, match="not a database"):
        conn.execute("SELECT * FROM sqlite_master").fetchall()
    conn.close()


def test_pragmas_suit_a_usb_stick(opened):
    with opened.db.read() as conn:
        assert conn.exec_driver_sql("PRAGMA journal_mode").scalar() == "delete"
        assert conn.exec_driver_sql("PRAGMA synchronous").scalar() == 2  # FULL
        assert conn.exec_driver_sql("PRAGMA temp_store").scalar() == 2  # MEMORY
        assert conn.exec_driver_sql("PRAGMA foreign_keys").scalar() == 1


def test_wrong_password_fails_with_the_documented_error(created, stick):
    result = run_cli("check", "--home", str(stick.root), "--user", ADMIN, "--password-stdin", stdin="nope\n")
    assert result.returncode == 1
    assert "Error: Wrong username or password. Check both and try again." in result.stderr


def test_wrong_recovery_key_fails_with_the_documented_error(created, stick):
    result = run_cli("recover", "--home", str(stick.root), "--user", ADMIN, "--password-stdin",
                     stdin="AAAA-BBBB-CCCC-DDDD-EEEE-FFFF-GGGG-HHHH\nnew password here\n")
    assert result.returncode == 1
    assert "That recovery code is not right" in result.stderr


def test_check_reports_a_flipped_byte(opened, stick):
    _add_marked_client(opened.db)
    opened.close()
    data = bytearray(stick.db.read_bytes())
    page = 4096
    data[page * 3 + 100] ^= 0x5A  # inside the fourth page's encrypted body
    stick.db.write_bytes(bytes(data))
    result = run_cli("check", "--home", str(stick.root), "--user", ADMIN, "--password-stdin",
                     stdin=ADMIN_PASSWORD + "\n")
    assert result.returncode == 1, result.stdout + result.stderr
    assert "ok" != result.stdout.strip()
    assert "damaged" in result.stdout.lower() or "hmac" in result.stdout.lower(), result.stdout


def test_check_says_ok_on_a_sound_studio(created, stick):
    result = run_cli("check", "--home", str(stick.root), "--user", ADMIN, "--password-stdin",
                     stdin=ADMIN_PASSWORD + "\n")
    assert (result.returncode, result.stdout.strip()) == (0, "ok"), result.stderr
