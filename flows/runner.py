"""Runs a job as a Prefect flow when a Prefect server is up, else directly: a job never fails for Prefect."""

from __future__ import annotations

import logging
import os
import sys
import threading
import time
import urllib.parse
import urllib.request
from collections.abc import Callable
from dataclasses import dataclass
from datetime import UTC, datetime
from typing import Any

from app.core.paths import StickPaths
from app.services.backups.job_history import JobRun, record_run
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
LOOPBACK = {"127.0.0.1", "localhost", "::1"}
_ready = threading.Event()
_starting: list[Any] = []  # the temporary server this process is starting, once its thread runs
_starters: list[threading.Thread] = []  # the threads starting it: a clean exit waits for them
_stopping = threading.Event()  # set by stop_server: a start not yet begun does not begin
STOP_WAIT = 30.0  # seconds an exit waits for a start under way to end (a daemon thread alive at exit can abort it)
_run_lock = threading.Lock()  # one job at a time: the flow body reads its arguments from _current
_flows: dict[str, Any] = {}


@dataclass
class _Call:
    fn: Callable[..., dict]
    args: tuple
    ran: bool = False
    result: dict | None = None
    error: BaseException | None = None


@dataclass(frozen=True)
class JobResult:
    """What a job returned, and whether Prefect ran it or the direct fallback did."""

    value: dict
    fallback: bool
    state: str
    duration: float


_current: _Call | None = None


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
    if _ready.is_set() or _starting_server_answers():
        return True
    return _ready.wait(wait) if wait > 0 else False


def _answers(api_url: str) -> bool:
    try:
        with urllib.request.urlopen(api_url.rstrip("/") + "/health", timeout=2) as response:
            return response.status == 200
    except (OSError, ValueError):
        return False


def _starting_server_answers() -> bool:
    """Whether the server still starting already answers: Prefect's start-up loop notices only at its next
    poll, and a job asked for in between would run directly although the server is up."""
    server = _starting[-1] if _starting else None
    return bool(server is not None and server.running and server.port and _answers(server.api_url))


def _body() -> dict:
    call = _current
    assert call is not None, "A job flow was called outside run_job."
    call.ran = True
    try:
        call.result = call.fn(*call.args)
    except BaseException as exc:
        call.error = exc
        raise
    return call.result


def _flow_for(name: str):
    if name not in _flows:
        from prefect import flow  # imported only when a server is there to talk to

        body = lambda: _body()  # noqa: E731 - a fresh function per flow, so each keeps its own name
        body.__name__ = body.__qualname__ = name.replace("-", "_")
        _flows[name] = flow(name=name, persist_result=False, validate_parameters=False, log_prints=False)(body)
    return _flows[name]


def _through_prefect(name: str, call: _Call) -> tuple[str, str | None] | None:
    """Run `call` as a flow; return (state, flow run id), or None when Prefect failed before the body ran."""
    global _current
    _current = call
    try:
        state = _flow_for(name)(return_state=True)
    except Exception as exc:
        if call.error is not None:
            raise call.error from None
        if call.ran:
            return "Completed", None  # the job finished; only Prefect's bookkeeping failed
        log.warning("Prefect could not run %s (%s); running it directly.", name, type(exc).__name__)
        return None
    finally:
        _current = None
    if call.error is not None:
        raise call.error
    if not call.ran:
        log.warning("Prefect did not run %s (state %s); running it directly.", name, state.name)
        return None
    return state.name, str(state.state_details.flow_run_id)


def run_job(name: str, fn: Callable[..., dict], *args: Any, paths: StickPaths, wait: float = 0.0) -> JobResult:
    """Run job `fn(*args)` as Prefect flow `name` if Prefect answers (within `wait` s), else directly;
    record the run in data/jobs.json either way. A failure of the job itself is recorded and raised."""
    with _run_lock:
        available = prefect_available(wait)  # waiting for the server is not part of the job's duration
        started, clock = datetime.now(UTC), time.monotonic()
        call = _Call(fn, args)
        done = None
        try:
            if available:
                done = _through_prefect(name, call)
            else:
                log.warning("Prefect is not running; %s runs directly.", name)
            if done is None:
                call.result = fn(*args)
        except BaseException:
            record_run(paths, JobRun(name, "Failed", started, time.monotonic() - clock, None, not call.ran))
            raise
    state, run_id = done or ("Completed", None)
    value = call.result or {}
    duration = time.monotonic() - clock
    record_run(paths, JobRun(name, state, started, duration, value.get("size"), done is None, run_id))
    return JobResult(value=value, fallback=done is None, state=state, duration=duration)


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


def run_logger() -> logging.Logger | logging.LoggerAdapter:
    """Prefect's run logger inside a flow run (its messages go to Prefect's database), else this module's."""
    if sys.modules.get("prefect") is not None:
        try:
            from prefect.logging import get_run_logger

            return get_run_logger()
        except Exception:  # outside a flow run (MissingContextError), or Prefect is broken
            pass
    return log
