"""/api/reports/accounting: start the accountant's ZIP in the background, follow it, download it, verify it."""

from __future__ import annotations

import errno
import io
import subprocess
import time
import zipfile
from datetime import UTC, date, datetime

import httpx
import pytest

from app.api.serving import serving
from app.client import StudioClient
from app.core import i18n
from app.core.clock import FixedClock
from app.core.paths import resolve
from app.demo.studio import ADMIN, STAFF, create_demo_studio
from app.domain.errors import ConflictError, ForbiddenError, NotFoundError, ValidationError

MONTH = (date(2026, 5, 1), date(2026, 5, 31))


@pytest.fixture(scope="module")
def served(tmp_path_factory):
    """A scale-0.01 demo studio served by waitress on loopback; yields (stick paths, admin, staff, server url,
    the container it serves)."""
    paths = resolve(home=tmp_path_factory.mktemp("demo"))
    create_demo_studio(paths, scale=0.01, seed=3, clock=FixedClock(datetime(2026, 6, 10, 16, tzinfo=UTC)))
    with serving(paths) as served:
        admin, staff = StudioClient(served.url), StudioClient(served.url)
        admin.login(ADMIN[0], ADMIN[1])
        staff.login(STAFF[0], STAFF[1])
        yield paths, admin, staff, served.url, served.container
        admin.close()
        staff.close()


def _until_done(client, job_id: str, timeout: float = 60) -> tuple:
    seen, deadline = [], time.monotonic() + timeout
    while time.monotonic() < deadline:
        job = client.reports.accounting_job(job_id)
        seen.append(job.progress)
        if job.state != "running":
            return job, seen
        time.sleep(0.1)
    raise AssertionError(f"the export did not finish within {timeout} s")


def test_start_poll_download_and_the_manifest_verifies(served, tmp_path):
    paths, admin, *_ = served
    job = admin.reports.start_accounting(*MONTH)
    assert job.state == "running" and job.folder == str(paths.exports) and job.file_name is None
    done, seen = _until_done(admin, job.id)
    assert done.state == "done" and done.progress == 1.0 and done.error is None
    assert seen == sorted(seen)
    assert done.file_name == "accounting-2026-05-01-to-2026-05-31.zip" and done.step == f"Wrote {done.file_name}"
    data = admin.reports.accounting_zip(job.id)
    assert len(data) == done.size == (paths.exports / done.file_name).stat().st_size
    with zipfile.ZipFile(io.BytesIO(data)) as archive:
        archive.extractall(tmp_path)
    folder = tmp_path / "accounting-2026-05-01-to-2026-05-31"
    check = subprocess.run(["sha256sum", "-c", "manifest-sha256.txt"], cwd=folder, capture_output=True, text=True)
    assert check.returncode == 0 and check.stdout.count(": OK") == 6, check.stdout


def test_the_zip_is_served_as_an_attachment(served):
    _, admin, _, url, _ = served
    job, _ = _until_done(admin, admin.reports.start_accounting(date(2026, 4, 1), date(2026, 4, 30)).id)
    answer = httpx.get(f"{url}/api/reports/accounting/{job.id}/zip",
                       headers={"Authorization": f"Bearer {admin.session.token}"})
    assert answer.status_code == 200 and answer.headers["content-type"] == "application/zip"
    assert f'filename={job.file_name}' in answer.headers["content-disposition"]


def test_a_second_start_while_one_runs_is_a_409_sentence(served):
    _, admin, *_, container = served
    with container.runner.paused():  # the runner runs one job at a time: holding it keeps this export waiting
        first = admin.reports.start_accounting(*MONTH)
        with pytest.raises(ConflictError, match="already being made"):
            admin.reports.start_accounting(date(2026, 1, 1), date(2026, 1, 31))
        assert admin.reports.accounting_job(first.id).state == "running"
        with pytest.raises(ConflictError, match="not ready yet"):
            admin.reports.accounting_zip(first.id)
    done, _ = _until_done(admin, first.id)
    assert done.state == "done"
    again = admin.reports.start_accounting(date(2026, 1, 1), date(2026, 1, 31))
    assert _until_done(admin, again.id)[0].state == "done"


def test_bad_ranges_unknown_jobs_and_staff_are_refused_with_sentences(served):
    _, admin, staff, *_ = served
    with pytest.raises(ValidationError, match="before it starts"):
        admin.reports.start_accounting(date(2026, 5, 31), date(2026, 5, 1))
    with pytest.raises(NotFoundError, match="start the export again"):
        admin.reports.accounting_job("no-such-job")
    with pytest.raises(ForbiddenError, match="admins only"):
        staff.reports.start_accounting(*MONTH)
    job, _ = _until_done(admin, admin.reports.start_accounting(date(2026, 2, 1), date(2026, 2, 28)).id)
    with pytest.raises(ForbiddenError):
        staff.reports.accounting_job(job.id)
    with pytest.raises(ForbiddenError):
        staff.reports.accounting_zip(job.id)


def test_a_failed_export_says_why_in_the_language_of_whoever_started_it(served, monkeypatch):
    _, admin, *_, container = served

    def unwritable(*_args, **_kwargs):
        raise OSError(errno.EIO, "Input/output error")

    monkeypatch.setattr(container.services.accounting, "export", unwritable)  # the stick fails mid-export
    with i18n.speaking("es"):  # the client asks in Spanish (Accept-Language), the export runs in its own thread
        with container.runner.paused():
            started = admin.reports.start_accounting(date(2026, 3, 1), date(2026, 3, 31))
            assert started.step == "Empezando"
            with pytest.raises(ConflictError, match=r"^El ZIP aún no está listo \(0\s?%"):
                admin.reports.accounting_zip(started.id)
        failed, _ = _until_done(admin, started.id)
        assert failed.state == "failed"
        assert failed.error == ("No se pudo escribir el ZIP (Input/output error). Comprueba que la memoria USB está "
                                "conectada y tiene espacio libre, y vuelve a intentarlo.")
        with pytest.raises(ConflictError, match=r"^Esta exportación falló, así que no hay ZIP: No se pudo escribir"):
            admin.reports.accounting_zip(started.id)


def test_a_german_request_gets_its_zip_and_its_steps_in_german(served):
    """The export runs in a background thread and as a flow: the asking request's language goes with it."""
    _, admin, *_ = served
    with i18n.speaking("de"):
        job = admin.reports.start_accounting(date(2026, 3, 1), date(2026, 3, 31))
    done, _ = _until_done(admin, job.id)  # followed in English: the job's language is the one it was asked in
    assert done.state == "done" and done.step == f"{done.file_name} gespeichert"
    with zipfile.ZipFile(io.BytesIO(admin.reports.accounting_zip(job.id))) as archive:
        readme = archive.read("accounting-2026-03-01-to-2026-03-31/README.txt").decode("utf-8")
        payments = archive.read("accounting-2026-03-01-to-2026-03-31/payments.csv").decode("utf-8-sig")
    assert readme.startswith("Export für die Steuerberatung von ") and "2026-03-01 bis 2026-03-31" in readme
    assert payments.startswith("Tag") and "Kassiert am" in payments.splitlines()[0]
