"""The accountant's export as a job: the `export_accounting` flow, and `AccountingJobs`, which runs it for the API
(in the background, followed by the export's id) and for the command line.

Prefect's database is plaintext, so the flow takes the actor's id, the days, the export's id (its folder and
progress callback stay in `Jobs`) and the two-letter language its files are written in (the asking request's),
and logs and returns counts, sizes and durations, never a name."""

from __future__ import annotations

import contextvars
import threading
import time
import uuid
from dataclasses import dataclass
from datetime import date
from pathlib import Path

from babel.numbers import format_percent

from app.core import i18n
from app.core.i18n import N_, _
from app.domain.errors import ConflictError, DomainError, NotFoundError
from app.domain.records import User
from app.services.authz import require_admin
from flows.jobs import ExportOrder, Jobs
from flows.runner import JobRunner, run_logger

JOB = "export-accounting"
KEEP = 20  # finished jobs remembered for their answer and download


def export_accounting(jobs: Jobs, actor_id: str | None, start: date, end: date, export_id: str | None = None,
                      language: str | None = None) -> dict:
    """Write the accountant's ZIP for local days start..end into the folder of the export's order (the stick's
    exports folder by default), its texts in `language` (the default when None); return where it is, its size
    and file count."""
    began, order = time.monotonic(), jobs.order(export_id)
    with i18n.speaking(language):
        made = jobs.accounting().export(jobs.actor(actor_id), start, end, order.out_dir, order.progress)
    result = {"path": str(made.path), "size": made.size, "files": len(made.names), "days": (end - start).days + 1,
              "seconds": round(time.monotonic() - began, 3)}
    log = run_logger()
    log.info("Accountant's ZIP written: %d days, %d files, %d bytes, %.2f s", result["days"], result["files"],
             result["size"], result["seconds"])
    return result


@dataclass
class ExportJob:
    """One export started from the API: how far it got, and the ZIP or the sentence saying why it failed (in the
    language of whoever started it)."""

    id: str
    start: date
    end: date
    folder: str
    state: str = "running"  # running | done | failed
    progress: float = 0.0
    step: str = "Starting"
    file_name: str | None = None
    size: int | None = None
    error: str | None = None
    language: str = i18n.SOURCE


class AccountingJobs:
    """The studio's accountant exports, one at a time, through the runner: from the API each in a background
    thread, followed by its id; from the command line in the calling thread."""

    def __init__(self, runner: JobRunner):
        self.runner = runner
        self._jobs: dict[str, ExportJob] = {}
        self._lock = threading.Lock()

    def run(self, actor: User | None, start: date, end: date, out_dir: Path | None = None) -> dict:
        """Write the ZIP now into `out_dir` (default: the stick's exports folder); return its path, size and files."""
        export_id = uuid.uuid4().hex
        self.runner.jobs.place(export_id, ExportOrder(out_dir=out_dir))
        try:
            return self.runner.run(JOB, export_accounting, actor, start=start, end=end, export_id=export_id,
                                   language=i18n.current()).value
        finally:
            self.runner.jobs.withdraw(export_id)

    def start(self, actor: User | None, start: date, end: date) -> ExportJob:
        """Check the request, then start the export in the background; refuse while another one runs."""
        folder = self.runner.jobs.accounting().check(actor, start, end)
        with self._lock:
            if any(job.state == "running" for job in self._jobs.values()):
                raise ConflictError(_("An accountant's ZIP is already being made. Wait until it is done, "
                                      "then start the next one."))
            job = ExportJob(uuid.uuid4().hex, start, end, str(folder), step=_("Starting"), language=i18n.current())
            self._jobs[job.id] = job
            for old in [j.id for j in self._jobs.values() if j.state != "running"][:-KEEP]:
                del self._jobs[old]
        # the thread runs in a copy of the request's context, so its sentences come in the request's language
        threading.Thread(target=contextvars.copy_context().run, args=(self._run, job, actor), name=JOB,
                         daemon=True).start()
        return job

    def get(self, actor: User | None, job_id: str) -> ExportJob:
        """The job's state, progress and result; admins only."""
        require_admin(actor, N_("follow the accountant's export"))
        job = self._jobs.get(job_id)
        if job is None:
            raise NotFoundError(_("There is no such export. It may be from before the app restarted: "
                                  "start the export again."))
        return job

    def finished_zip(self, actor: User | None, job_id: str) -> Path:
        """The finished job's ZIP file; refused while it runs, after it failed, or once the file is gone."""
        job = self.get(actor, job_id)
        if job.state == "running":
            raise ConflictError(_("The ZIP is not ready yet (%(done)s done). Ask again when it is done.",
                                  done=format_percent(job.progress, locale=i18n.current())))
        if job.state == "failed" or job.file_name is None:
            raise ConflictError(_("This export failed, so there is no ZIP: %(reason)s", reason=job.error))
        path = Path(job.folder) / job.file_name
        if not path.is_file():
            raise NotFoundError(_("The ZIP %(name)s is no longer in %(folder)s. Start the export again.",
                                  name=job.file_name, folder=job.folder))
        return path

    def _run(self, job: ExportJob, actor: User | None) -> None:
        with i18n.speaking(job.language):  # a thread starts in the process's language, not the request's
            self._run_speaking(job, actor)

    def _run_speaking(self, job: ExportJob, actor: User | None) -> None:
        def progress(fraction: float, step: str) -> None:
            job.progress, job.step = round(fraction, 4), step

        self.runner.jobs.place(job.id, ExportOrder(progress=progress))
        try:
            done = self.runner.run(JOB, export_accounting, actor, start=job.start, end=job.end, export_id=job.id,
                                   language=i18n.current())
        except DomainError as exc:
            job.error = str(exc)
        except OSError as exc:
            job.error = _("The ZIP could not be written (%(reason)s). Check that the stick is plugged in and has "
                          "free space, then try again.", reason=exc.strerror or type(exc).__name__)
        except Exception as exc:  # the thread must end with a sentence for the person waiting on it
            job.error = _("The export stopped on an unexpected error (%(kind)s). Try again.",
                          kind=type(exc).__name__)
        else:
            job.file_name, job.size = Path(done.value["path"]).name, done.value["size"]
            job.progress, job.state = 1.0, "done"
        finally:
            self.runner.jobs.withdraw(job.id)
        if job.state != "done":
            job.state = "failed"
