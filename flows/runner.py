"""`JobRunner`: runs a job as a Prefect flow when Prefect's server answers, else directly: a job never fails for
Prefect. Jobs run one at a time; each run is recorded in data/jobs.json either way.

A job is a function `fn(jobs, actor_id, **params) -> dict` (flows/backups.py, flows/accounting.py). Its flow's
parameters are `actor_id` and `params`, which Prefect stores in its plaintext database: ids, dates and counts
only. The function reaches the services through the runner's `Jobs`, handed over once by whoever built it."""

from __future__ import annotations

import inspect
import logging
import sys
import threading
import time
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from dataclasses import dataclass, field
from datetime import UTC, datetime
from typing import Any

from app.domain.records import User
from app.services.backups.job_history import JobRun, record_run
from flows import server
from flows.jobs import Jobs

log = logging.getLogger(__name__)
Job = Callable[..., dict]


@dataclass(frozen=True)
class JobResult:
    """What a job returned, and whether Prefect ran it or the direct fallback did."""

    value: dict
    fallback: bool
    state: str
    duration: float


@dataclass
class _Call:
    """One run of a job: its parameters, and what became of it (Prefect may fail before or after the body)."""

    fn: Job
    jobs: Jobs
    params: dict[str, Any]
    ran: bool = False
    result: dict | None = None
    error: BaseException | None = field(default=None, repr=False)

    def body(self, **params: Any) -> dict:
        """The flow's body: Prefect hands the parameters back, the job gets them with the runner's Jobs."""
        self.ran = True
        try:
            self.result = self.fn(self.jobs, **params)
        except BaseException as exc:
            self.error = exc
            raise
        return self.result


class JobRunner:
    """Runs the studio's jobs, one at a time, through Prefect when it answers (within `wait` s), else directly."""

    def __init__(self, jobs: Jobs, available: Callable[[float], bool] = server.prefect_available):
        self.jobs, self._available = jobs, available
        self._lock = threading.Lock()

    @contextmanager
    def paused(self) -> Iterator[None]:
        """Hold every job back until the block ends, as a running job does (tests use it to keep one waiting)."""
        with self._lock:
            yield

    def run(self, name: str, fn: Job, actor: User | None, *, wait: float = 0.0, **params: Any) -> JobResult:
        """Run job `fn` for `actor` as Prefect flow `name` with parameters `actor_id` and `params`; record the
        run in data/jobs.json. A failure of the job itself is recorded and raised."""
        call = _Call(fn, self.jobs, {"actor_id": self.jobs.acting(actor), **params})
        paths = self.jobs.paths
        with self._lock:
            available = self._available(wait)  # waiting for the server is not part of the job's duration
            started, clock = datetime.now(UTC), time.monotonic()
            done = None
            try:
                if available:
                    done = _through_prefect(name, call)
                else:
                    log.warning("Prefect is not running; %s runs directly.", name)
                if done is None:
                    call.result = fn(self.jobs, **call.params)
            except BaseException:
                record_run(paths, JobRun(name, "Failed", started, time.monotonic() - clock, None, not call.ran))
                raise
        state, run_id = done or ("Completed", None)
        value = call.result or {}
        duration = time.monotonic() - clock
        record_run(paths, JobRun(name, state, started, duration, value.get("size"), done is None, run_id))
        return JobResult(value=value, fallback=done is None, state=state, duration=duration)


def _flow(name: str, call: _Call) -> Any:
    """A Prefect flow named `name` whose parameters are the job's, after its `jobs`."""
    from prefect import flow  # imported only when a server is there to talk to

    def body(**params: Any) -> dict:
        return call.body(**params)

    body.__name__ = body.__qualname__ = name.replace("-", "_")
    after_jobs = list(inspect.signature(call.fn).parameters.values())[1:]
    body.__signature__ = inspect.Signature(  # type: ignore[attr-defined]
        [p.replace(kind=inspect.Parameter.KEYWORD_ONLY, annotation=inspect.Parameter.empty) for p in after_jobs])
    return flow(name=name, persist_result=False, validate_parameters=False, log_prints=False)(body)


def _through_prefect(name: str, call: _Call) -> tuple[str, str | None] | None:
    """Run `call` as a flow; return (state, flow run id), or None when Prefect failed before the body ran."""
    try:
        state = _flow(name, call)(**call.params, return_state=True)
    except Exception as exc:
        if call.error is not None:
            raise call.error from None
        if call.ran:
            return "Completed", None  # the job finished; only Prefect's bookkeeping failed
        log.warning("Prefect could not run %s (%s); running it directly.", name, type(exc).__name__)
        return None
    if call.error is not None:
        raise call.error
    if not call.ran:
        log.warning("Prefect did not run %s (state %s); running it directly.", name, state.name)
        return None
    return state.name, str(state.state_details.flow_run_id)


def run_logger() -> logging.Logger | logging.LoggerAdapter:
    """Prefect's run logger inside a flow run (its messages go to Prefect's database), else this module's."""
    if sys.modules.get("prefect") is not None:
        try:
            from prefect.logging import get_run_logger

            return get_run_logger()
        except Exception:  # outside a flow run (MissingContextError), or Prefect is broken
            pass
    return log
