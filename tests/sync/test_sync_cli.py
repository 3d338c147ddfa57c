"""`python -m app sync ...` as an admin types it: a studio starts syncing, shows a code, a just-initialised studio on
another stick joins with it and ends with the first studio's data; joining with a studio that holds data is a
sentence and exit code 1."""

from __future__ import annotations

import re

from app.core import paths as stick_paths
from app.services.studio.service import StudioService
from tests.conftest import run_cli

PASSWORD = "cli sync password"


def _cli(*args: str, user: str = "ana"):
    return run_cli(*args, "--user", user, "--password-stdin", stdin=PASSWORD + "\n", timeout=120)


def test_a_new_stick_joins_a_studio_from_the_command_line(tmp_path, relay):
    a, b = str(tmp_path / "a"), str(tmp_path / "b")
    assert run_cli("init", "--studio", "Ink Harbour", "--admin", "ana", "--home", a, "--password-stdin",
                   stdin=PASSWORD + "\n").returncode == 0
    done = _cli("sync", "start", "--relay", relay.url, "--home", a)
    assert done.returncode == 0, done.stderr
    assert _cli("sync", "now", "--home", a).returncode == 0
    done = _cli("sync", "invite", "--home", a)
    assert done.returncode == 0, done.stderr
    code = re.search(r"[0-9A-Z]{4}(-[0-9A-Z]{4}){3}", done.stdout)
    assert code is not None, done.stdout

    refused = _cli("sync", "join", "--relay", relay.url, "--code", code.group(0), "--home", a)
    assert refused.returncode == 1
    assert "holds data already" in refused.stderr

    assert run_cli("init", "--studio", "Placeholder", "--admin", "ben", "--home", b, "--password-stdin",
                   stdin=PASSWORD + "\n").returncode == 0
    done = _cli("sync", "join", "--relay", relay.url, "--code", code.group(0), "--home", b, user="ben")
    assert done.returncode == 0, done.stderr
    assert "joined the studio" in done.stdout
    status = _cli("sync", "status", "--home", b, user="ben")
    assert "Paired: yes" in status.stdout and "Last problem" not in status.stdout

    opened = StudioService(stick_paths.resolve(home=tmp_path / "b")).unlock("ben", PASSWORD)
    assert opened.settings.studio_name == "Ink Harbour"  # the studio's, not the placeholder's
    with opened.db.read() as conn:
        assert sorted(r[0] for r in conn.exec_driver_sql("SELECT username FROM users")) == ["ana", "ben"]
    opened.close()


def test_a_mistyped_code_and_an_unpaired_studio_are_sentences(tmp_path):
    home = str(tmp_path / "a")
    assert run_cli("init", "--studio", "Ink Harbour", "--admin", "ana", "--home", home, "--password-stdin",
                   stdin=PASSWORD + "\n").returncode == 0
    done = _cli("sync", "join", "--relay", "http://127.0.0.1:9", "--code", "ABCD-EFGH", "--home", home)
    assert done.returncode == 1 and "A pairing code has 16 letters and digits" in done.stderr, done.stderr
    done = _cli("sync", "now", "--home", home)
    assert done.returncode == 1 and "not paired with a sync relay yet" in done.stderr, done.stderr
