"""`python -m app relay` explains a database it cannot reach, without printing the password."""

from __future__ import annotations

import socket

from tests.conftest import run_cli


def test_an_unreachable_database_is_a_sentence_without_the_password():
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        port = s.getsockname()[1]  # nothing listens there once the socket closes
    done = run_cli("relay", "--database", f"postgresql://relay:hunter2-secret@127.0.0.1:{port}/relay", "--port", "0",
                   timeout=60)
    assert done.returncode == 1
    assert f"The relay cannot reach its database at 127.0.0.1:{port}" in done.stderr
    assert "hunter2-secret" not in done.stderr + done.stdout


def test_a_relay_without_the_postgresql_driver_says_how_to_install_it(monkeypatch):
    import sys

    import pytest

    from app.domain.errors import StorageError
    from app.relay.server import relay_server

    monkeypatch.setitem(sys.modules, "psycopg", None)  # as on a stick, whose lock leaves the relay's driver out
    with pytest.raises(StorageError, match=r"pip install \.\[relay\]"):
        with relay_server("postgresql://relay@127.0.0.1:1/relay"):
            pass
