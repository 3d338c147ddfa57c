"""The Windows build under Wine: the environment from tools/wine_env.py, a stick folder that uses it, and a
picture of what the Wine prefix's "computer" holds (profile folders, Temp, registry) before the app ran."""

from __future__ import annotations

import hashlib
import shutil
import subprocess
from pathlib import Path

import pytest

from tests.conftest import REPO
from tools import wine_env

STICK_PARTS = ("app", "flows", "plugins", "launch.bat", "requirements.txt")


def host_picture(env: wine_env.WineEnv) -> dict[str, str]:
    """Every file and folder under the prefix's C:\\users (AppData, Temp, ...) and C:\\windows\\temp with its
    digest, and every registry key with a digest of its values (Wine's time stamps left out), once the
    prefix's wineserver has written the registry out."""
    env.settle()
    drive_c = env.prefix / "drive_c"
    picture = {}
    for top in (drive_c / "users", drive_c / "windows" / "temp"):
        for path in sorted(top.rglob("*")):
            if path.is_symlink():
                continue
            digest = hashlib.sha256(path.read_bytes()).hexdigest() if path.is_file() else "folder"
            picture[str(path.relative_to(env.prefix))] = digest
    for hive in ("system.reg", "user.reg", "userdef.reg"):
        key, values = None, []
        for line in [*(env.prefix / hive).read_text(errors="replace").splitlines(), "[end]"]:
            if line.startswith("["):
                if key is not None:
                    picture[f"{hive} {key}"] = hashlib.sha256("\n".join(sorted(values)).encode()).hexdigest()
                key, values = line.rsplit("]", 1)[0] + "]", []
            elif line and not line.startswith(("#", ";;")):
                values.append(line)
    return picture


def changes(before: dict[str, str], after: dict[str, str]) -> set[str]:
    """The files, folders and registry keys added, removed or changed between two pictures."""
    return {name for name in before.keys() | after.keys() if before.get(name) != after.get(name)}


@pytest.fixture(scope="session")
def wine():
    """The built environment (built once, cached under .cache/wine/ by a stamp of requirements.txt), the
    picture of the prefix before any test ran the app, and what Wine changes there whatever program runs."""
    if not wine_env.available():
        pytest.skip(wine_env.MISSING)
    built = wine_env.ensure()
    first = host_picture(built)
    cmd(built, "echo", "a program that writes nothing", cwd=built.root)
    before = host_picture(built)
    return built, before, changes(first, before)  # Wine's own churn at every start (fonts, display driver)


@pytest.fixture(scope="module")
def stick(wine, tmp_path_factory) -> Path:
    """A source stick as a studio would carry it: the app, launch.bat, and `.venv` = the Windows Python."""
    built = wine[0]
    root = tmp_path_factory.mktemp("win") / "STICK"
    root.mkdir()
    for part in STICK_PARTS:
        source = REPO / part
        if source.is_dir():
            shutil.copytree(source, root / part, ignore=shutil.ignore_patterns("__pycache__"))
        else:
            shutil.copy2(source, root / part)
    (root / ".venv").symlink_to(built.python_dir)
    return root


def app_env(built: wine_env.WineEnv, stick: Path, **extra: str) -> dict[str, str]:
    """The environment `launch.bat` gives the app, for running python.exe -m app directly."""
    return built.env(PYTHONPATH=wine_env.windows_path(stick), TATTOO_HOME=wine_env.windows_path(stick),
                     PYTHONDONTWRITEBYTECODE="1", PYTHONUNBUFFERED="1", **extra)


def cmd(built: wine_env.WineEnv, *args: str, cwd: Path, stdin: str | None = None,
        timeout: float = 600) -> subprocess.CompletedProcess:
    """`wine cmd /c ARGS` in this prefix, as a person at a Windows prompt would type it."""
    return subprocess.run(["wine", "cmd", "/c", *args], env=built.env(), cwd=cwd, input=stdin, text=True,
                          stdin=None if stdin is not None else subprocess.DEVNULL, capture_output=True,
                          timeout=timeout)
