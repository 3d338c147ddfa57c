"""Plugin jobs (the register_jobs hook) through the app's JobRunner, like backups: Prefect when it is up, else
directly; each run in the job history. On demand (`run`) or every `JobSpec.every` (`PluginJobScheduler`).

A job runs for the account that asked for it, or for the one that unlocked the studio when the schedule starts
it; its flow's parameters are that account's id and the plugin's and job's names. What it returns is kept only
as numbers (counts, sizes): never a name or anything a person typed. A job that raises is recorded as failed
and its plugin is switched off for the session; the schedule goes on with the others."""

from __future__ import annotations

import logging
import re
from collections.abc import Callable, Mapping
from dataclasses import dataclass
from datetime import datetime, timedelta
from typing import Any

from app.core.i18n import N_, _
from app.domain.errors import ConflictError, NotFoundError
from app.domain.records import User
from app.plugins.spec import JobSpec, PluginCalls, PluginContext
from app.services.authz import require_admin
from app.services.backups.job_history import read_runs
from flows.jobs import Jobs
from flows.poller import Poller
from flows.runner import JobResult, JobRunner

log = logging.getLogger(__name__)
JOB_NAME = re.compile(r"[a-z0-9][a-z0-9_-]{0,63}")
ContextFor = Callable[[str, User | None], PluginContext]  # (plugin name, acting account) -> the job's context
SwitchOff = Callable[[str, str, BaseException], None]  # (plugin name, where, error): off for this session


class PluginJobFailedError(ConflictError):
    """A plugin's job raised: it is recorded as failed and the plugin is switched off for this session."""


@dataclass(frozen=True)
class PluginJob:
    """One job a loaded plugin offers."""

    plugin: str
    spec: JobSpec

    @property
    def flow_name(self) -> str:
        """Its name in Prefect and in the job history."""
        return f"plugin-{self.plugin}-{self.spec.name}"


class PluginJobs:
    """The jobs the enabled plugins offer, run one at a time through the app's runner."""

    def __init__(self, runner: JobRunner, plugins: PluginCalls, context_for: ContextFor, switch_off: SwitchOff,
                 now: Callable[[], datetime]):
        self.runner, self.plugins, self.context_for, self.switch_off, self._now = (
            runner, plugins, context_for, switch_off, now)
        self._last: dict[tuple[str, str], datetime] = {}

    def listed(self, actor: User | None) -> list[PluginJob]:
        """Every well-formed job of the working plugins, in load order (others left out with a warning)."""
        found = []
        for plugin, specs in self.plugins("register_jobs", actor):
            for spec in specs if isinstance(specs, list | tuple) else ():
                if _well_formed(spec):
                    found.append(PluginJob(plugin, spec))
                else:
                    log.warning("Plugin %s offered a job that was left out (a JobSpec with a lower-case name, a run "
                                "function and a positive interval or none).", plugin)
        return found

    def run(self, actor: User | None, plugin: str, job: str) -> JobResult:
        """Run one plugin job now and wait for it (admins only); a job that raises switches its plugin off, then
        says so."""
        require_admin(actor, N_("run a plugin's job now"))
        found = next((j for j in self.listed(actor) if (j.plugin, j.spec.name) == (plugin, job)), None)
        if found is None:
            raise NotFoundError(_("The plugin '%(plugin)s' is not enabled or has no job called '%(job)s'. Check both "
                                  "names on the Admin screen.", job=job, plugin=plugin))
        return self._run(actor, found)

    def run_due(self, actor: User | None) -> int:
        """Run every scheduled job whose interval has passed since its last run (in the job history, so a daily
        job runs daily even when the app is closed every night); one that never ran starts its interval now.
        Return how many ran; a failing job does not stop the others."""
        ran = 0
        for job in self.listed(actor):
            key, now = (job.plugin, job.spec.name), self._now()
            if job.spec.every is None:
                continue
            last = self._last.get(key) or self._history_last(job.flow_name)
            if last is None:
                self._last[key] = now
                continue
            if now - last < job.spec.every:
                continue
            self._last[key] = now
            try:
                self._run(actor, job)
            except PluginJobFailedError:
                pass  # recorded as failed, its plugin switched off: the schedule goes on
            ran += 1
        return ran

    def _history_last(self, flow_name: str) -> datetime | None:
        return next((r.started for r in read_runs(self.runner.jobs.paths) if r.name == flow_name), None)

    def _run(self, actor: User | None, job: PluginJob) -> JobResult:
        def body(jobs: Jobs, actor_id: str | None, plugin: str, job_name: str) -> dict:
            return _numbers(job.spec.run(self.context_for(plugin, jobs.actor(actor_id))))

        body.__name__ = "plugin_job"
        try:
            return self.runner.run(job.flow_name, body, actor, plugin=job.plugin, job_name=job.spec.name)
        except Exception as exc:  # the runner already recorded the failed run
            self.switch_off(job.plugin, f"job {job.spec.name}", exc)
            raise PluginJobFailedError(_("The job '%(job)s' of the plugin '%(plugin)s' failed, so the plugin was "
                                         "switched off until the app restarts. The error is shown on the Admin "
                                         "screen.", job=job.spec.name, plugin=job.plugin)) from None


def _well_formed(spec: object) -> bool:
    if not isinstance(spec, JobSpec) or not isinstance(spec.name, str) or not JOB_NAME.fullmatch(spec.name):
        return False
    every = spec.every
    return callable(spec.run) and (every is None or (isinstance(every, timedelta) and every.total_seconds() > 0))


def _numbers(value: Mapping[str, Any] | None) -> dict:
    """Keep a job's counts and sizes for the history; drop anything else (it may be a name)."""
    if not isinstance(value, Mapping):
        return {}
    return {str(k)[:40]: v for k, v in value.items()
            if isinstance(v, int | float) and not isinstance(v, bool)}


class PluginJobScheduler(Poller):
    """Every `poll` seconds, runs the plugin jobs that are due, for the account that unlocked the studio."""

    thread_name, join_seconds = "plugin-jobs", 30.0

    def __init__(self, jobs: PluginJobs, actor: User, poll: float):
        super().__init__(poll)
        self.jobs, self.actor = jobs, actor

    def round(self) -> float:
        """Run the due jobs, then wait the poll again."""
        try:
            self.jobs.run_due(self.actor)
        except Exception as exc:  # e.g. the studio was locked meanwhile: try again at the next poll
            log.warning("Scheduled plugin jobs could not run (%s).", type(exc).__name__)
        return self.poll
