"""Prefect's temporary local server for this process: kept offline and on the stick, started in the background
after the first login, asked whether it answers, and stopped at exit. The jobs run without it (flows.runner)."""

from __future__ import annotations

import logging
import os
import sys
import threading
import urllib.parse
import urllib.request
from typing import Any

from app.core.paths import StickPaths
from flows import prefect_server

log = logging.getLogger(__name__)
STARTUP_TIMEOUT = 120  # seconds: a slow stick on a busy laptop can take a minute to start the server
PREFECT_ENV = {
    "PREFECT_SERVER_ANALYTICS_ENABLED": "false",
    "DO_NOT_TRACK": "1",
    "PREFECT_SERVER_EPHEMERAL_ENABLED": "true",
    "PREFECT_SERVER_EPHEMERAL_STARTUP_TIMEOUT_SECONDS": str(STARTUP_TIMEOUT),
    "PREFECT_RESULTS_PERSIST_BY_DEFAULT": "false",
    "PREFECT_UI_ENABLED": "false",
    "PREFECT_API_REQUEST_TIMEOUT": "30",
}
# The server's background services the app never uses: its jobs run in this process as flows, started by the app's
# own schedule (flows.schedule), so nothing is scheduled, late, paused, cancelled, handed to workers or automated
# on the server, and no one reads its events or task runs (the job history is data/jobs.json). Off, they cost
# neither memory nor stick writes (`tools/bench --startup`: Prefect's server alone).
UNUSED_SERVICES = ("SCHEDULER", "LATE_RUNS", "FOREMAN", "REPOSSESSOR", "CANCELLATION_CLEANUP", "PAUSE_EXPIRATIONS",
                   "TRIGGERS", "EVENT_PERSISTER", "TASK_RUN_RECORDER", "CLEANUP_RECONCILER", "EVENT_LOGGER")
PREFECT_ENV.update({"PREFECT_SERVER_SERVICES_" + name + "_ENABLED": "false" for name in UNUSED_SERVICES})
LOOPBACK = {"127.0.0.1", "localhost", "::1"}
STOP_WAIT = 30.0  # seconds an exit waits for a start under way to end (a daemon thread alive at exit can abort it)
# One temporary server per process (Prefect's SubprocessASGIServer is one per process too), so its state is here:
_ready = threading.Event()  # set once Prefect's start-up loop saw the server answer
_starting: list[Any] = []  # the temporary server this process is starting, once its thread runs
_starters: list[threading.Thread] = []  # the threads starting it: a clean exit waits for them
_stopping = threading.Event()  # set by stop_server: a start not yet begun does not begin


def configure(paths: StickPaths | None = None) -> None:
    """Keep Prefect offline and on the stick (call before Prefect is imported)."""
    if paths is not None:
        os.environ["PREFECT_HOME"] = str(paths.prefect)
    os.environ.update(PREFECT_ENV)
    os.environ.update(prefect_server.environment())  # auth string and CORS for the server and this client


def start_server(paths: StickPaths | None = None) -> threading.Thread:
    """Start Prefect's temporary local server in the background (it takes 10-20 s); never raises."""
    configure(paths)
    _stopping.clear()

    def run() -> None:
        try:
            from prefect.server.api.server import SubprocessASGIServer

            if _stopping.is_set():  # the app is quitting: do not start what would outlive it
                return
            server = prefect_server.tie_to_this_process(SubprocessASGIServer())
            _starting.append(server)
            server.start(timeout=STARTUP_TIMEOUT)
            _ready.set()
        except Exception as exc:  # no server: jobs run directly
            if not _stopping.is_set():
                log.warning("The Prefect server did not start (%s); background jobs will run directly.",
                            type(exc).__name__)

    thread = threading.Thread(target=run, name="prefect-server", daemon=True)
    _starters.append(thread)
    thread.start()
    return thread


def prefect_available(wait: float = 0.0) -> bool:
    """Whether a Prefect API answers: PREFECT_API_URL's (loopback only), or the temporary server once up."""
    url = os.environ.get("PREFECT_API_URL")
    if url and urllib.parse.urlsplit(url).hostname not in LOOPBACK:
        log.warning("PREFECT_API_URL points off this computer; jobs run directly to keep the studio offline.")
        return False
    if url:
        return _answers(url)
    if _ready.is_set() or starting_server_answers():
        return True
    return _ready.wait(wait) if wait > 0 else False


def _answers(api_url: str) -> bool:
    try:
        with urllib.request.urlopen(api_url.rstrip("/") + "/health", timeout=2) as response:
            return response.status == 200
    except (OSError, ValueError):
        return False


def starting_server_answers() -> bool:
    """Whether the server this process is starting already answers, before Prefect's start-up loop notices
    at its next poll: a job asked for in between then runs through it instead of directly."""
    server = _starting[-1] if _starting else None
    return bool(server is not None and server.running and server.port and _answers(server.api_url))


def stop_server() -> None:
    """Send Prefect's queued logs and events, then stop the temporary server this process started, and wait
    (bounded) for a start still under way to end, so no thread of it is left running at interpreter exit."""
    _stopping.set()
    _stop_started_server()  # a start under way then fails at its next poll and its thread ends
    for thread in _starters:
        thread.join(STOP_WAIT)
    _starters[:] = [t for t in _starters if t.is_alive()]
    _stop_started_server()  # a start that was already past its check may have finished meanwhile


def _stop_started_server() -> None:
    if sys.modules.get("prefect") is None:
        return
    try:
        from prefect.events.worker import EventsWorker
        from prefect.logging.handlers import APILogWorker

        APILogWorker.drain_all(timeout=5)
        EventsWorker.drain_all(timeout=5)
    except Exception as exc:  # losing a log line of Prefect's is fine; the job already ran
        log.warning("Prefect's last logs were not sent (%s).", type(exc).__name__)
    from prefect.server.api.server import SubprocessASGIServer

    SubprocessASGIServer().stop()
    _ready.clear()
    _starting.clear()


def loaded() -> bool:
    """Whether Prefect was imported in this process (tests use it to check the fallback stayed light)."""
    return sys.modules.get("prefect") is not None
