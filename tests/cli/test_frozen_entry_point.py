"""The entry point runs `-m MODULE ARGS...` as Python would: frozen, Prefect starts its server that way."""

from __future__ import annotations

import subprocess
import sys

from tests.conftest import REPO


def test_dash_m_runs_the_module_as_main_with_its_arguments():
    done = subprocess.run([sys.executable, "-m", "app", "-m", "json.tool", "--compact"], input='{"a": [1, 2]}',
                          capture_output=True, text=True, cwd=REPO, timeout=60)
    assert done.returncode == 0, done.stderr
    assert done.stdout.strip() == '{"a":[1,2]}'


def test_dash_m_reaches_uvicorn_as_prefect_calls_it():
    done = subprocess.run([sys.executable, "-m", "app", "-m", "uvicorn", "--help"], capture_output=True, text=True,
                          cwd=REPO, timeout=60)
    assert done.returncode == 0, done.stderr
    assert "--factory" in done.stdout and "--app-dir" in done.stdout
