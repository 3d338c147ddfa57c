"""The CLI writes nothing on the host: HOME, TMPDIR and the app's own folder stay as they were."""

from __future__ import annotations

import os
import shutil
import subprocess
import sys
from dataclasses import dataclass, field
from pathlib import Path

import pytest

from app.core.paths import resolve
from app.db import migrate
from app.services.studio.service import StudioService
from tests.conftest import ADMIN, ADMIN_PASSWORD, REPO
from tests.services.support_backup import point_names

NEW_PASSWORD = "battery staple"
DROPPED = ("XDG_CACHE_HOME", "XDG_CONFIG_HOME", "XDG_DATA_HOME", "PYTHONDONTWRITEBYTECODE")
# bare `python -m app` caches these two before app code runs; launch.sh/.bat set PYTHONDONTWRITEBYTECODE
INTERPRETER_PYC = ("app/__pycache__/__init__.", "app/__pycache__/__main__.")


def _files(root: Path) -> set[str]:
    return {p.relative_to(root).as_posix() for p in root.rglob("*")}


@dataclass
class Host:
    """Empty HOME and TMPDIR, a pristine copy of the app to run from, and what each step returned."""

    home: Path
    tmp: Path
    checkout: Path
    checkout_before: set[str] = field(default_factory=set)
    results: dict[str, subprocess.CompletedProcess] = field(default_factory=dict)
    backups: list[Path] = field(default_factory=list)

    def run(self, step: str, *args: str, stdin: str = "") -> subprocess.CompletedProcess:
        env = {k: v for k, v in os.environ.items() if not k.startswith("TATTOO_") and k not in DROPPED}
        env.update(HOME=str(self.home), TMPDIR=str(self.tmp), PYTHONPATH=str(self.checkout))
        result = subprocess.run([sys.executable, "-m", "app", *args], input=stdin, capture_output=True,
                                text=True, env=env, cwd=self.checkout, timeout=300)
        self.results[step] = result
        return result

    def ok(self, step: str) -> None:
        result = self.results[step]
        assert result.returncode == 0, f"{step} failed: {result.stderr}"


def _migrate_by_passwd(host: Host, stick: Path) -> None:
    """Take the studio back to the first revision here, then let a child's unlock migrate it."""
    studio = StudioService(resolve(home=stick)).unlock(ADMIN, ADMIN_PASSWORD)
    try:
        migrate.downgrade(studio.db, migrate.first_revision())
    finally:
        studio.close()
    host.run("passwd", "passwd", "--home", str(stick), "--user", ADMIN, "--password-stdin",
             stdin=f"{ADMIN_PASSWORD}\n{NEW_PASSWORD}\n")


@pytest.fixture(scope="module")
def host(tmp_path_factory) -> Host:
    """Run init, check, a migration, check again and a small demo, as a studio would, once."""
    base = tmp_path_factory.mktemp("host")
    host = Host(home=base / "home", tmp=base / "tmp", checkout=base / "checkout")
    host.home.mkdir()
    host.tmp.mkdir()
    shutil.copytree(REPO / "app", host.checkout / "app", ignore=shutil.ignore_patterns("__pycache__"))
    host.checkout_before = _files(host.checkout)
    studio, demo = base / "stick", base / "demo-stick"
    host.run("init", "init", "--home", str(studio), "--studio", "Host Check", "--admin", ADMIN,
             "--password-stdin", stdin=ADMIN_PASSWORD + "\n")
    if host.results["init"].returncode == 0:
        host.run("check", "check", "--home", str(studio), "--user", ADMIN, "--password-stdin",
                 stdin=ADMIN_PASSWORD + "\n")
        _migrate_by_passwd(host, studio)
        host.run("check after migration", "check", "--home", str(studio), "--user", ADMIN,
                 "--password-stdin", stdin=NEW_PASSWORD + "\n")
        host.backups = [Path(n) for n in point_names(studio / "data" / "backups", "pre-migration-")]
    host.run("demo", "demo", "--home", str(demo), "--scale", "0.005", "--seed", "1")
    host.run("demo check", "check", "--home", str(demo), "--user", "admin", "--password-stdin",
             stdin="demo-admin\n")
    return host


def test_init_check_and_passwd_succeed(host):
    for step in ("init", "check", "passwd", "check after migration"):
        host.ok(step)
    assert host.results["check after migration"].stdout.strip() == "ok"


def test_unlock_in_passwd_migrated_after_an_encrypted_backup(host):
    host.ok("passwd")
    assert len(host.backups) == 1, host.backups
    assert host.backups[0].name.startswith(f"pre-migration-{migrate.first_revision()}-")


def test_demo_at_small_scale_succeeds_and_checks_ok(host):
    host.ok("demo")
    host.ok("demo check")
    assert host.results["demo check"].stdout.strip() == "ok"


def test_home_stays_empty(host):
    assert sorted(_files(host.home)) == []


def test_tmpdir_stays_empty(host):
    assert sorted(_files(host.tmp)) == []


def test_app_folder_gets_no_files_from_the_app(host):
    new = _files(host.checkout) - host.checkout_before
    assert sorted(f for f in new if f != "app/__pycache__" and not f.startswith(INTERPRETER_PYC)) == []

