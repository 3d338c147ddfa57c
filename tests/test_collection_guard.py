"""A run of the default testpaths fails, naming the files, when a test file on disk is not collected
(pytest's default norecursedirs once hid tests/build/ from ./tools/test and CI); our own settings collect it."""

from __future__ import annotations

import os
import subprocess
import sys
import tomllib

import pytest

from tests.conftest import REPO

HIDDEN = "checks/build/test_hidden.py"


def _project(root, norecursedirs: list[str] | None) -> None:
    """A tiny project whose testpaths is checks/, with the guard loaded as tests/conftest.py loads it."""
    lines = ["[pytest]", "testpaths = checks", "markers = slow: long"]
    if norecursedirs is not None:
        lines.append("norecursedirs = " + " ".join(norecursedirs))
    (root / "pytest.ini").write_text("\n".join(lines) + "\n")
    (root / "conftest.py").write_text('pytest_plugins = ["tests.support_collection_guard"]\n')
    files = {
        HIDDEN: "def test_hidden():\n    assert 1 + 1 == 2\n",
        "checks/test_seen.py": "def test_seen():\n    assert 'a' < 'b'\n",
        "checks/test_slow_only.py": "import pytest\n\n@pytest.mark.slow\ndef test_slow():\n    assert True\n",
        "checks/nested/test_skipped_module.py": "import pytest\n\npytest.skip('not here', allow_module_level=True)\n",
    }
    for name, text in files.items():
        (root / name).parent.mkdir(parents=True, exist_ok=True)
        (root / name).write_text(text)


def _pytest(root, *args: str) -> subprocess.CompletedProcess:
    env = {k: v for k, v in os.environ.items() if k != "PYTEST_ADDOPTS"}
    env["PYTHONPATH"] = str(REPO)
    return subprocess.run([sys.executable, "-m", "pytest", "-q", "-p", "no:cacheprovider", *args], cwd=root,
                          env=env, capture_output=True, text=True, timeout=120)


def _our_norecursedirs() -> list[str]:
    with open(REPO / "pyproject.toml", "rb") as fh:
        return tomllib.load(fh)["tool"]["pytest"]["ini_options"]["norecursedirs"]


def test_a_default_run_fails_and_names_a_test_file_that_was_not_collected(tmp_path):
    _project(tmp_path, None)  # pytest's defaults skip every folder named build
    done = _pytest(tmp_path)
    assert done.returncode != 0, done.stdout
    assert f"These test files were not collected, so their tests never run: {HIDDEN}." in done.stderr
    assert "test_seen" not in done.stderr and "test_skipped_module" not in done.stderr


def test_explicit_paths_run_as_asked_without_the_check(tmp_path):
    _project(tmp_path, None)
    done = _pytest(tmp_path, "checks/test_seen.py")
    assert done.returncode == 0, done.stdout + done.stderr
    assert "1 passed" in done.stdout


@pytest.mark.parametrize("args", [(), ("-m", "not slow"), ("-k", "seen")])
def test_with_our_norecursedirs_every_file_is_collected_even_when_deselected(tmp_path, args):
    assert "build" not in _our_norecursedirs()
    _project(tmp_path, _our_norecursedirs())
    done = _pytest(tmp_path, *args)
    assert done.returncode == 0, done.stdout + done.stderr
    assert "not collected" not in done.stderr


def test_our_norecursedirs_still_skip_hidden_and_virtualenv_folders():
    kept = _our_norecursedirs()
    for pattern in (".*", "venv", "node_modules", "__pycache__", "*.egg", "dist"):
        assert pattern in kept, pattern
