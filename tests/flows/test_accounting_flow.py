"""The export_accounting job: through Prefect, or directly when it is down; recorded; logs counts; used by the CLI."""

from __future__ import annotations

import json
import logging
import re
import socket
import zipfile
from datetime import date
from pathlib import Path

from app.services.backups.job_history import read_runs
from app.services.reports.accounting import AccountingExport
from flows.accounting import JOB, export_accounting
from flows.jobs import ExportOrder, Jobs
from flows.runner import JobRunner
from tests.conftest import ADMIN, ADMIN_PASSWORD, run_cli

DAY = date(2026, 3, 14)


def _closed_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


def test_the_export_runs_directly_when_prefect_is_unreachable_and_is_recorded(opened, stick, monkeypatch, caplog):
    monkeypatch.setenv("PREFECT_API_URL", f"http://127.0.0.1:{_closed_port()}/api")
    steps = []
    export = AccountingExport(opened.db, stick)
    jobs = Jobs(stick, accounting=lambda: export)
    jobs.place("one", ExportOrder(progress=lambda fraction, step: steps.append(fraction)))
    with caplog.at_level(logging.INFO, logger="flows.runner"):
        done = JobRunner(jobs).run(JOB, export_accounting, opened.user, start=DAY, end=DAY, export_id="one", wait=1)
    assert done.fallback is True and done.state == "Completed"
    path = stick.exports / "accounting-2026-03-14-to-2026-03-14.zip"
    assert done.value["path"] == str(path) and done.value["size"] == path.stat().st_size
    assert done.value["files"] == 7 and done.value["days"] == 1 and steps[-1] == 1.0
    with zipfile.ZipFile(path) as archive:
        assert len(archive.namelist()) == 7
    [run] = read_runs(stick)
    assert run.name == JOB and run.fallback is True and run.size == done.value["size"]
    written = [r.getMessage() for r in caplog.records if "ZIP" in r.getMessage()]
    assert written and all(re.fullmatch(r"Accountant's ZIP written: 1 days, 7 files, \d+ bytes, [\d.]+ s", m)
                           for m in written)


def test_cli_export_goes_through_the_job_runner_and_keeps_its_output(created, stick, tmp_path):
    out = tmp_path / "out"
    out.mkdir()
    env = {"TATTOO_HOME": str(stick.root), "PREFECT_API_URL": f"http://127.0.0.1:{_closed_port()}/api"}
    done = run_cli("export-accounting", "--from", "2026-03-01", "--to", "2026-03-31", "--out", str(out),
                   "--user", ADMIN, "--password-stdin", stdin=ADMIN_PASSWORD + "\n", env=env)
    assert done.returncode == 0, done.stderr
    zip_path = out / "accounting-2026-03-01-to-2026-03-31.zip"
    assert done.stdout.strip() == f"Wrote {zip_path} ({zip_path.stat().st_size} bytes, 7 files)."
    [run] = read_runs(stick)
    assert run.name == JOB and run.state == "Completed" and run.size == zip_path.stat().st_size


def test_cli_refusal_is_a_sentence_and_exit_code_one(created, stick):
    done = run_cli("export-accounting", "--from", "2026-03-31", "--to", "2026-03-01", "--user", ADMIN,
                   "--password-stdin", stdin=ADMIN_PASSWORD + "\n", env={"TATTOO_HOME": str(stick.root)})
    assert done.returncode == 1
    assert "ends (2026-03-01) before it starts (2026-03-31)" in done.stderr
    assert [r.state for r in read_runs(stick)] == ["Failed"]


def test_prefect_runs_export_accounting_from_a_worker_thread(prefect_run):
    stick, report = prefect_run
    ran = report["export-accounting"]
    assert ran["fallback"] is False and ran["state"] == "Completed"
    assert (stick / "data" / "exports" / Path(ran["value"]["path"]).name).is_file() and ran["value"]["files"] == 7
    history = json.loads((stick / "data" / "jobs.json").read_text("utf-8"))
    mine = [e for e in history if e["name"] == JOB]
    assert mine and mine[0]["flow_run_id"] and mine[0]["size"] == ran["value"]["size"]
