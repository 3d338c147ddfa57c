"""Flow fixtures: one real Prefect run per test session, in a child process on a demo studio."""

from __future__ import annotations

import json
import os
import subprocess
import sys

import pytest

from tests.conftest import REPO


@pytest.fixture(scope="session")
def prefect_run(tmp_path_factory):
    """Run tests/flows/support_prefect_run.py once (one temporary Prefect server); yield (stick folder, report)."""
    folder = tmp_path_factory.mktemp("prefect-stick")
    out = folder / "report.json"
    env = {k: v for k, v in os.environ.items() if not k.startswith(("TATTOO_", "PREFECT_"))}
    env["PYTHONPATH"] = str(REPO)
    done = subprocess.run([sys.executable, "-m", "tests.flows.support_prefect_run", str(folder / "stick"), str(out)],
                          capture_output=True, text=True, env=env, cwd=REPO, timeout=240)
    assert done.returncode == 0, done.stderr[-3000:]
    return folder / "stick", json.loads(out.read_text("utf-8"))
