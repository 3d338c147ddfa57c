"""Shared fixtures: a stick in a temp folder, a created studio, and a way to run the CLI."""

from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path

import pytest
from hypothesis import settings

from app.core import paths as stick_paths
from app.domain.records import StudioSettings
from app.services.studio.service import StudioService

# CI replays the same examples every run (a red build must mean a change broke something);
# local runs keep exploring new ones.
settings.register_profile("ci", derandomize=True, print_blob=True)
if os.environ.get("CI"):
    settings.load_profile("ci")

REPO = Path(__file__).resolve().parents[1]
# The registration listener binds only this loopback alias in tests (Linux routes all of 127/8 to lo), never
# a real network address of the machine running them.
os.environ["TATTOO_INTAKE_ADDRESS"] = "127.0.0.2"
# A run of the default testpaths fails when a test file under tests/ is not collected (tools/test, CI).
pytest_plugins = ["tests.support_collection_guard"]
ADMIN, ADMIN_PASSWORD = "boss", "correct horse"
STAFF, STAFF_PASSWORD = "sam", "staff password"  # a staff account the API and UI tests add
STUDIO_NAME = "Needle & Nightshade"


@pytest.fixture
def stick(tmp_path: Path) -> stick_paths.StickPaths:
    """An empty stick folder with its data folders made."""
    return stick_paths.resolve(home=tmp_path / "stick").ensure()


@pytest.fixture
def studio_service(stick) -> StudioService:
    return StudioService(stick)


@pytest.fixture
def created(studio_service):
    """A fresh studio (closed again); yields (service, recovery code)."""
    opened, code = studio_service.create(StudioSettings(STUDIO_NAME, "EUR", "Europe/Madrid"),
                                         ADMIN, ADMIN_PASSWORD)
    opened.close()
    return studio_service, code


@pytest.fixture
def opened(created):
    """The fresh studio, unlocked as the admin."""
    service, _ = created
    studio = service.unlock(ADMIN, ADMIN_PASSWORD)
    yield studio
    studio.close()


@pytest.fixture(scope="session")
def built_stick(tmp_path_factory):
    """The stick folder tools.build_stick makes (its ZIP beside it as stick.zip), built once per test session
    for every test that needs the real bundle (TATTOO_SKIP_BUNDLE_BUILD=1 reuses bundle/ from an earlier build)."""
    import time

    out = tmp_path_factory.mktemp("built") / "stick"
    command = [sys.executable, "-m", "tools.build_stick", "--out", str(out)]
    if os.environ.get("TATTOO_SKIP_BUNDLE_BUILD") == "1":
        command.append("--skip-build")
    started = time.monotonic()
    done = subprocess.run(command, cwd=REPO, capture_output=True, text=True, timeout=1800)
    assert done.returncode == 0, done.stdout[-3000:] + done.stderr[-5000:]
    print(f"stick built in {time.monotonic() - started:.0f} s: {done.stdout}")
    return out


def run_cli(*args: str, stdin: str = "", env: dict | None = None, timeout: float = 120) -> subprocess.CompletedProcess:
    """Run `python -m app ARGS` in a child process, as a user would, and return what happened."""
    full_env = {k: v for k, v in os.environ.items() if not k.startswith("TATTOO_")}
    full_env.update({"PYTHONPATH": str(REPO), **(env or {})})
    return subprocess.run([sys.executable, "-m", "app", *args], input=stdin, capture_output=True,
                          text=True, env=full_env, cwd=REPO, timeout=timeout)


@pytest.fixture
def empty_host(tmp_path):
    """The environment for an app run with an empty HOME and TMPDIR, checked still empty afterwards."""
    from tools.stick_process import host_env

    home, tmp = tmp_path / "home", tmp_path / "tmp"
    home.mkdir()
    tmp.mkdir()
    yield host_env(home, tmp)
    left = sorted(p.relative_to(tmp_path).as_posix() for p in (*home.rglob("*"), *tmp.rglob("*")))
    assert left == [], f"the app wrote on the host: {left}"
