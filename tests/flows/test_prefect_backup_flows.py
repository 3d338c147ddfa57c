"""Backup jobs run as real Prefect flows on a demo studio: recorded, offline, and with nothing private kept."""

from __future__ import annotations

import json
from datetime import date, timedelta

from app.core import i18n
from app.core import paths as stick_paths
from app.db.repos.clients import ClientRepository
from app.db.repos.medical import MedicalRepository
from app.demo.studio import ADMIN
from app.services.studio.service import StudioService
from tests.flows.support_prefect_run import LOCAL
from tests.services.support_backup import point_of


def test_prefect_runs_backup_local_and_the_flow_run_state_is_recorded(prefect_run):
    stick, report = prefect_run
    assert report["server_ready"] is True
    ran = report["backup-local"]
    assert ran["fallback"] is False and ran["state"] == "Completed"
    assert point_of(stick / "data" / "backups", ran["value"]["name"]).is_file()
    history = json.loads((stick / "data" / "jobs.json").read_text("utf-8"))
    mine = [e for e in history if e["name"] == "backup-local" and not e["fallback"]]
    assert mine and mine[0]["state"] == "Completed" and mine[0]["flow_run_id"]
    assert mine[0]["size"] == ran["value"]["size"]


def test_a_server_that_answers_takes_jobs_before_its_start_up_loop_notices(prefect_run):
    _, report = prefect_run
    assert report["available_before_flagged"] is True


def test_every_backup_job_completes_through_prefect(prefect_run):
    _, report = prefect_run
    for name in ("mirror-backups", "verify-backups", "prune-backups"):
        assert report[name]["fallback"] is False and report[name]["state"] == "Completed", name
    assert report["verify-backups"]["value"]["bad"] == 0
    assert report["mirror-backups"]["value"]["present"] is False


def test_each_flow_run_keeps_only_ids_dates_and_a_language_code_as_its_parameters(prefect_run):
    _, report = prefect_run
    kept, actor = report["parameters"], report["actor_id"]
    for name in ("backup-local", "mirror-backups", "verify-backups", "prune-backups", "verify-newest"):
        assert kept[name] == {"actor_id": actor}, name
    export = kept["export-accounting"]
    assert set(export) == {"actor_id", "start", "end", "export_id", "language"}
    assert export["actor_id"] == actor and export["export_id"] == "export-1"
    assert export["language"] in (None, *i18n.LANGUAGES)  # a two-letter code (None: the default), nothing personal
    assert date.fromisoformat(export["end"]) - date.fromisoformat(export["start"]) == timedelta(days=30)


def test_only_loopback_connections_are_attempted_during_the_prefect_run(prefect_run):
    _, report = prefect_run
    assert report["attempts"], "the guard saw no connection at all, so it did not watch the run"
    assert set(report["attempts"]) <= LOCAL


def _private_strings(stick) -> set[str]:
    paths = stick_paths.resolve(home=stick)
    opened = StudioService(paths).unlock(ADMIN[0], ADMIN[1])
    try:
        with opened.db.read() as conn:
            clients = ClientRepository().recent(conn, limit=15)
            profiles = MedicalRepository().current_of(conn, [c.id for c in clients]).values()
    finally:
        opened.close()
    names = {n for c in clients for n in (c.first_name, c.last_name)}
    medical = {t for p in profiles for t in (p.allergies, p.conditions, p.medications, p.skin_notes, p.free_text)}
    return {s for s in names | medical if s and len(s) >= 4}


def test_prefect_home_holds_no_client_name_or_medical_text(prefect_run):
    stick, _ = prefect_run
    private = _private_strings(stick)
    assert len(private) >= 10, private
    files = [p for p in (stick / "data" / "prefect").rglob("*") if p.is_file()]
    assert any(p.name.startswith("prefect.db") for p in files)
    for path in files:
        data = path.read_bytes()
        for text in private:
            for encoded in (text.encode("utf-8"), text.encode("utf-16-le")):
                assert encoded not in data, f"{path.name} holds a private string"
