"""What the built-bundle tests share: a copy of the built stick set up by its own launcher (a demo studio, or a
studio made with `init`), and the frozen app serving it on 127.0.0.1."""

from __future__ import annotations

import shutil
import subprocess
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path

from tools.stick_process import App, wait_http

DEMO = ("demo", "--scale", "0.005")
FROZEN_INK = ("init", "--studio", "Frozen Ink", "--admin", "ana", "--password-stdin")
ANA_TWICE = "ana's password\nana's password\n"


def set_up_copy(built: Path, stick: Path, env: dict[str, str], *args: str, stdin: str = "") -> Path:
    """Copy the built stick to `stick` and run its `launch.sh ARGS` there, as a studio would; return the copy."""
    shutil.copytree(built, stick, symlinks=True)
    made = subprocess.run([str(stick / "launch.sh"), *args], input=stdin, env=env, cwd="/", capture_output=True,
                          text=True, timeout=300)
    assert made.returncode == 0, made.stderr
    return stick


@contextmanager
def serving(stick: Path, env: dict[str, str]) -> Iterator[tuple[App, str]]:
    """The frozen app on `stick` serving its API on a free port; yield (the process, the API's address)."""
    app = App([str(stick / "launch.sh"), "serve", "--port", "0"], env)
    try:
        (api,) = app.urls("API listening")
        wait_http(api + "/api/health")
        yield app, api
    finally:
        app.stop()
