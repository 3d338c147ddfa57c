"""The `python -m app` contract: init, check, passwd, recover, with sentences and exit codes."""

from __future__ import annotations

import re

from tests.conftest import run_cli

CODE = re.compile(r"\b([0-9A-Z]{4}(?:-[0-9A-Z]{4}){7})\b")


def _init(home, password="first password", *extra):
    return run_cli("init", "--home", str(home), "--studio", "Black Lotus", "--admin", "ana",
                   "--password-stdin", *extra, stdin=password + "\n")


def test_init_creates_the_studio_and_prints_the_recovery_key_once(tmp_path):
    result = _init(tmp_path)
    assert result.returncode == 0, result.stderr
    assert "RECOVERY KEY" in result.stdout and CODE.search(result.stdout)
    assert (tmp_path / "data" / "studio.db").is_file() and (tmp_path / "data" / "keyslots.json").is_file()
    assert "recovery" not in (tmp_path / "data").joinpath("keyslots.json").read_text().lower().replace(
        '"recovery"', "")  # the slot name only, never the code


def test_init_refuses_an_existing_studio_and_touches_nothing(tmp_path):
    assert _init(tmp_path).returncode == 0
    data = tmp_path / "data"
    before = {p.name: p.read_bytes() for p in data.iterdir() if p.is_file() and p.name != "stick.lock"}
    again = _init(tmp_path, "other password")
    assert again.returncode == 1
    assert "A studio already exists" in again.stderr
    after = {p.name: p.read_bytes() for p in data.iterdir() if p.is_file() and p.name != "stick.lock"}
    assert after == before


def test_init_rejects_bad_input_with_sentences(tmp_path):
    short = _init(tmp_path / "a", "short")
    assert short.returncode == 1 and "at least 8 characters" in short.stderr
    money = _init(tmp_path / "b", "long enough", "--currency", "EURO")
    assert money.returncode == 1 and "not a currency code" in money.stderr
    zone = _init(tmp_path / "c", "long enough", "--timezone", "Mars/Olympus")
    assert zone.returncode == 1 and "not a time zone" in zone.stderr
    assert not (tmp_path / "b" / "data" / "studio.db").exists()


def test_passwd_changes_the_password(tmp_path):
    _init(tmp_path)
    changed = run_cli("passwd", "--home", str(tmp_path), "--user", "ana", "--password-stdin",
                      stdin="first password\nsecond password\n")
    assert changed.returncode == 0, changed.stderr
    old = run_cli("check", "--home", str(tmp_path), "--user", "ana", "--password-stdin", stdin="first password\n")
    assert old.returncode == 1
    new = run_cli("check", "--home", str(tmp_path), "--user", "ana", "--password-stdin", stdin="second password\n")
    assert new.stdout.strip() == "ok"


def test_recover_resets_a_password_with_the_printed_key(tmp_path):
    code = CODE.search(_init(tmp_path).stdout).group(1)
    typed = code.lower().replace("-", " ")
    result = run_cli("recover", "--home", str(tmp_path), "--user", "ana", "--password-stdin",
                     stdin=f"{typed}\nremembered now\n")
    assert result.returncode == 0, result.stderr
    check = run_cli("check", "--home", str(tmp_path), "--user", "ana", "--password-stdin", stdin="remembered now\n")
    assert check.stdout.strip() == "ok"


def test_credentials_can_come_from_the_environment(tmp_path):
    _init(tmp_path)
    result = run_cli("check", env={"TATTOO_HOME": str(tmp_path), "TATTOO_USER": "ana",
                                   "TATTOO_PASSWORD": "first password"})
    assert (result.returncode, result.stdout.strip()) == (0, "ok"), result.stderr


def test_missing_credentials_are_explained(tmp_path):
    _init(tmp_path)
    no_user = run_cli("check", "--home", str(tmp_path))
    assert no_user.returncode == 1 and "--user NAME" in no_user.stderr
    no_password = run_cli("check", "--home", str(tmp_path), "--user", "ana")
    assert no_password.returncode == 1 and "--password-stdin" in no_password.stderr


def test_commands_on_an_empty_stick_say_how_to_start(tmp_path):
    result = run_cli("check", "--home", str(tmp_path), "--user", "ana", "--password-stdin", stdin="whatever1\n")
    assert result.returncode == 1 and "There is no studio" in result.stderr and "`init`" in result.stderr


def test_unknown_command_is_a_usage_error(tmp_path):
    result = run_cli("frobnicate")
    assert result.returncode == 2
