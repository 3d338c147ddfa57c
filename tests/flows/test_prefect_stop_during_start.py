"""Quitting while Prefect's server is still starting: the exit waits (bounded) for the start to end, stops what
it started, and the interpreter ends cleanly: no "Fatal Python error", no server process left behind."""

from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path

import pytest

from tests.conftest import REPO

pytestmark = [pytest.mark.slow, pytest.mark.skipif(sys.platform == "win32", reason="reads /proc")]

CHILD = """
import os, sys, threading, time
from pathlib import Path
from app.core import paths as stick_paths
from flows import server

paths = stick_paths.resolve(sys.argv[1]).ensure()
stick_paths.apply_environment(paths)
server.start_server(paths)
time.sleep(float(sys.argv[2]))  # quit this long after the start began: while importing, spawning or polling
server.stop_server()
alive = [t.name for t in threading.enumerate() if t.name == "prefect-server"]
print("alive:", alive, flush=True)
"""


def _servers_for(folder: Path) -> list[int]:
    found = []
    for environ in Path("/proc").glob("[0-9]*/environ"):
        try:
            if str(folder).encode() in environ.read_bytes() and int(environ.parent.name) != os.getpid():
                found.append(int(environ.parent.name))
        except OSError:
            continue
    return found


@pytest.mark.parametrize("after", [0.0, 1.5, 6.0])
def test_quitting_while_prefect_starts_ends_cleanly_and_leaves_no_server(tmp_path, after):
    env = {k: v for k, v in os.environ.items() if not k.startswith(("TATTOO_", "PREFECT_"))}
    env["PYTHONPATH"] = str(REPO)
    stick = tmp_path / "stick"
    done = subprocess.run([sys.executable, "-c", CHILD, str(stick), str(after)], capture_output=True, text=True,
                          env=env, cwd=REPO, timeout=180)
    assert done.returncode == 0, done.stderr[-3000:]
    assert "Fatal Python error" not in done.stderr
    assert "alive: []" in done.stdout
    assert _servers_for(stick) == [], "a Prefect server outlived the app"
