"""Plugin jobs (register_jobs) run through Prefect like the backups: a flow run recorded in the job history,
its parameters the acting account's id and the plugin's and job's names only. The built-in core plugin's
daily check of the newest backup goes the same way."""

from __future__ import annotations

import json


def test_a_plugin_job_runs_as_a_prefect_flow_and_lands_in_the_history(prefect_run):
    stick, report = prefect_run
    ran = report["plugin-tally-count"]
    assert ran["fallback"] is False and ran["state"] == "Completed"
    assert ran["value"]["backups"] >= 2  # the fallback backup and the one through Prefect
    history = json.loads((stick / "data" / "jobs.json").read_text("utf-8"))
    mine = [e for e in history if e["name"] == "plugin-tally-count"]
    assert len(mine) == 1 and mine[0]["state"] == "Completed" and mine[0]["flow_run_id"] and not mine[0]["fallback"]
    kept = report["parameters"]["plugin-tally-count"]
    assert kept == {"actor_id": report["actor_id"], "plugin": "tally", "job_name": "count"}


def test_the_builtin_verify_job_runs_through_the_hook_as_a_flow(prefect_run):
    _, report = prefect_run
    ran = report["plugin-core-verify-newest"]
    assert ran["fallback"] is False and ran["state"] == "Completed"
    assert ran["value"] == {"verified": 0, "bad": 0}  # verify-backups above checked them all moments ago


def test_the_gift_card_plugins_daily_job_runs_as_a_flow(prefect_run):
    _, report = prefect_run
    ran = report["plugin-gift_cards-note-expired"]
    assert ran["fallback"] is False and ran["state"] == "Completed"
    assert ran["value"] == {"expired": 0, "unused_minor": 0}  # the demo studio sold no voucher
    assert report["parameters"]["plugin-gift_cards-note-expired"] == {
        "actor_id": report["actor_id"], "plugin": "gift_cards", "job_name": "note-expired"}
