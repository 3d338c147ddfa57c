"""Prefect's temporary local server, locked down and tied to the app: `python -m flows.prefect_server UVICORN-ARGS`.

The app starts Prefect's server through Prefect's own `SubprocessASGIServer`, with three changes:
- an auth string made fresh for each app process (the server refuses any request without it, except
  its health check), and CORS origins no web page can have, so a page open in the studio's browser can
  neither read nor drive it;
- the server runs as this module instead of bare `-m uvicorn`: a watchdog thread reads the pipe on its
  standard input, which the operating system closes when the app ends in any way (kill -9 included),
  and the server then stops. A pipe works the same on Linux, macOS and Windows; a parent-death signal
  (Linux only) would also fire when the thread that started the server ends.
"""

from __future__ import annotations

import os
import runpy
import secrets
import signal
import subprocess
import sys
import threading
import time
from pathlib import Path
from typing import Any

AUTH_STRING = "tattoo:" + secrets.token_urlsafe(32)  # this app process's only; never written anywhere
NO_WEB_ORIGIN = "http://prefect-server.invalid"  # .invalid is reserved: no page is ever served from it
STOP_GRACE = 10.0  # seconds the orphaned server gets to shut down cleanly before it exits hard


def environment() -> dict[str, str]:
    """Prefect settings for the server (auth string, CORS) and for this process's client (the same string)."""
    return {
        "PREFECT_SERVER_API_AUTH_STRING": AUTH_STRING,
        "PREFECT_API_AUTH_STRING": AUTH_STRING,
        "PREFECT_SERVER_CORS_ALLOWED_ORIGINS": NO_WEB_ORIGIN,
    }


def _child_environment() -> dict[str, str]:
    from prefect.settings import get_current_settings

    env = {**os.environ, "PREFECT_UI_ENABLED": "0", "PREFECT__SERVER_EPHEMERAL": "1", "PREFECT__SERVER_FINAL": "1",
           **get_current_settings().to_environment_variables(exclude_unset=True), **environment()}
    if not getattr(sys, "frozen", False):  # `-m flows.prefect_server` must find this package from any folder
        source = str(Path(__file__).resolve().parents[1])
        env["PYTHONPATH"] = os.pathsep.join(p for p in (source, os.environ.get("PYTHONPATH")) if p)
    return env


def launch(server: Any) -> subprocess.Popen:
    """Start Prefect's server process as Prefect would (same arguments), but as this module, on a pipe."""
    import prefect

    args = ["--app-dir", str(prefect.__module_path__.parent), "--factory", "prefect.server.api.server:create_app",
            "--host", "127.0.0.1", "--port", str(server.port), "--log-level", "error", "--lifespan", "on"]
    return subprocess.Popen([sys.executable, "-m", "flows.prefect_server", *args], env=_child_environment(),
                            stdin=subprocess.PIPE)


def tie_to_this_process(server: Any) -> Any:
    """Make Prefect's `SubprocessASGIServer` start its process with `launch` (it calls this method to start
    and to restart on another port); returns the server."""
    server._run_uvicorn_command = lambda: launch(server)
    return server


def _stop_when_parent_ends(stdin) -> None:
    """Block until the app's end of the pipe closes, then stop this server (hard after STOP_GRACE s)."""
    try:
        while stdin.read(4096):
            pass
    except (OSError, ValueError):
        pass
    if os.name != "nt":
        os.kill(os.getpid(), signal.SIGTERM)  # uvicorn's clean shutdown: Prefect closes its database
        time.sleep(STOP_GRACE)
    os._exit(0)


def main(argv: list[str]) -> None:
    """Run uvicorn with `argv` and a watchdog that ends this process once the app that started it ends."""
    threading.Thread(target=_stop_when_parent_ends, args=(sys.stdin.buffer,), name="parent-watch",
                     daemon=True).start()
    sys.argv = ["uvicorn", *argv]
    runpy.run_module("uvicorn", run_name="__main__", alter_sys=True)


if __name__ == "__main__":
    main(sys.argv[1:])
