"""The command line speaks the language last used on the stick (data/language.txt), else the computer's:
its results, errors and prompts, from the first line it prints."""

from __future__ import annotations

import re

from tests.conftest import run_cli

CODE = re.compile(r"\b([0-9A-Z]{4}(?:-[0-9A-Z]{4}){7})\b")


def test_init_speaks_the_computers_language_when_the_stick_has_none(tmp_path):
    made = run_cli("init", "--home", str(tmp_path), "--studio", "Tinta Negra", "--admin", "ana", "--password-stdin",
                   stdin="primera clave\n", env={"LANGUAGE": "es_ES:en", "LANG": "es_ES.UTF-8"})
    assert made.returncode == 0, made.stderr
    assert f"Estudio 'Tinta Negra' creado en {tmp_path} con el administrador 'ana'." in made.stdout
    assert "CLAVE DE RECUPERACIÓN (solo se muestra ahora)" in made.stdout and CODE.search(made.stdout)
    assert "RECOVERY KEY" not in made.stdout and "Created studio" not in made.stdout
    changed = run_cli("passwd", "--home", str(tmp_path), "--user", "ana", "--password-stdin",
                      stdin="primera clave\nsegunda clave\n", env={"LANGUAGE": "es"})
    assert changed.returncode == 0, changed.stderr
    assert changed.stdout.strip() == "Contraseña cambiada para 'ana'."


def test_errors_speak_the_language_last_used_on_the_stick(tmp_path):
    (tmp_path / "data").mkdir()
    (tmp_path / "data" / "language.txt").write_text("de")
    german = {"LANGUAGE": "es"}  # the stick's language wins over the computer's
    no_user = run_cli("check", "--home", str(tmp_path), env=german)
    assert no_user.returncode == 1
    assert no_user.stderr.strip() == "Fehler: Gib den Benutzer an: --user NAME, oder setze TATTOO_USER."
    no_password = run_cli("check", "--home", str(tmp_path), "--user", "ana", "--password-stdin", stdin="", env=german)
    assert no_password.returncode == 1
    assert ("Fehler: Die Standardeingabe endete, bevor „Passwort“ angegeben wurde; schicke ein Geheimnis pro Zeile."
            == no_password.stderr.strip())
    assert "Error" not in no_user.stderr + no_password.stderr


def test_english_stays_the_default(tmp_path):
    result = run_cli("check", "--home", str(tmp_path), env={"LANGUAGE": "", "LC_ALL": "", "LC_MESSAGES": "",
                                                             "LANG": "C.UTF-8"})
    assert result.stderr.strip() == "Error: Say which user: --user NAME, or set TATTOO_USER."


def test_a_command_that_fails_before_reaching_the_stick_still_speaks_its_language(tmp_path):
    not_a_folder = tmp_path / "stick"
    not_a_folder.write_text("a file where the stick's folder should be")
    failed = run_cli("check", "--home", str(not_a_folder), env={"LANGUAGE": "es"})
    assert failed.returncode == 1
    assert failed.stderr.splitlines()[-1] == (
        "Error: El comando se detuvo por un error inesperado (NotADirectoryError); no se ha mostrado ningún dato "
        "personal. El registro de la memoria USB (data/logs/app.log) indica dónde ocurrió.")
