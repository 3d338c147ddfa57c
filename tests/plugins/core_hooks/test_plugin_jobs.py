"""register_jobs: a plugin's job runs through the app's JobRunner (here its direct fallback: no Prefect server),
on demand by an admin over the API and on its schedule; each run lands in the job history with counts only; a
job that raises is recorded as failed, its plugin switched off, and the other jobs go on."""

from __future__ import annotations

from datetime import timedelta

from app.plugins.hookspecs import hookimpl
from app.plugins.spec import JobSpec
from app.services.backups.job_history import read_runs

HOUR = timedelta(hours=1)


class Counter:
    """A job that counts today's payments, as the account it runs for, plus a secret it must not leak."""

    def __init__(self):
        self.actors: list[str | None] = []

    def count(self, context):
        self.actors.append(context.actor.username if context.actor else None)
        paid = context.services.payments.list_payments(context.actor, day="today")
        return {"payments": len(paid), "client": "Ada Lovelace", "flag": True}

    @hookimpl
    def register_jobs(self):
        return [JobSpec("count-payments", self.count), JobSpec("hourly", self.count, every=HOUR)]


class Failing:
    """A job that raises."""

    @hookimpl
    def register_jobs(self):
        def boom(context):
            raise RuntimeError("disk on fire")
        return [JobSpec("boom", boom, every=HOUR)]


def _runs(world, name):
    return [r for r in read_runs(world["studio"].paths) if r.name == name]


def test_an_admin_runs_a_plugin_job_now_and_it_lands_in_the_history(world, plug):
    counter = Counter()
    plug(("counter", counter))
    c = world["client"]
    assert c.post("/api/payments", headers=world["staff"],
                  json={"amount_minor": 10_00, "method": "cash", "kind": "payment"}).status_code == 201
    offered = world["container"].plugin_jobs.plugins("register_jobs", world["studio"].admin)  # the core's calls
    assert [spec.name for name, specs in offered if name == "counter" for spec in specs] == ["count-payments", "hourly"]
    listed = c.get("/api/plugins/jobs", headers=world["admin"])
    assert listed.status_code == 200
    assert [(j["plugin"], j["name"], j["every_seconds"]) for j in listed.json if j["plugin"] == "counter"] == [
        ("counter", "count-payments", None), ("counter", "hourly", 3600)]
    before = len(_runs(world, "plugin-counter-count-payments"))
    done = c.post("/api/plugins/jobs/counter/count-payments", headers=world["admin"])
    assert done.status_code == 200, done.json
    assert done.json == {"flow": "plugin-counter-count-payments", "state": "Completed", "fallback": True,
                         "counts": {"payments": 1}}  # the name and the flag are not counts: never kept
    assert counter.actors == ["boss"]
    runs = _runs(world, "plugin-counter-count-payments")
    assert len(runs) == before + 1 and runs[0].state == "Completed" and runs[0].fallback
    assert c.post("/api/plugins/jobs/counter/count-payments", headers=world["staff"]).status_code == 403
    assert c.post("/api/plugins/jobs/counter/nothing", headers=world["admin"]).status_code == 404


def test_a_raising_job_is_recorded_failed_and_switches_its_plugin_off(world, plug):
    counter = Counter()
    host = plug(("failing", Failing()), ("counter", counter))
    c = world["client"]
    failed = c.post("/api/plugins/jobs/failing/boom", headers=world["admin"])
    assert failed.status_code == 409
    assert "switched off" in failed.json["message"] and "disk on fire" not in failed.json["message"]
    assert _runs(world, "plugin-failing-boom")[0].state == "Failed"
    assert [(f.name, f.where) for f in host.failures()] == [("failing", "job boom")]
    assert host.names() == ["counter"]
    assert c.post("/api/plugins/jobs/failing/boom", headers=world["admin"]).status_code == 404  # off now
    assert c.post("/api/plugins/jobs/counter/count-payments", headers=world["admin"]).status_code == 200


def test_the_schedule_runs_a_job_every_interval_and_goes_on_after_a_failure(world, plug):
    counter = Counter()
    host = plug(("failing_often", Failing()), ("counter", counter))  # a name with no runs in the history yet
    jobs, clock, admin = world["container"].plugin_jobs, world["clock"], world["studio"].admin
    hourly = len(_runs(world, "plugin-counter-hourly"))
    assert jobs.run_due(admin) == 0  # never ran: the first interval starts now
    clock.advance(59 * 60)
    assert jobs.run_due(admin) == 0
    clock.advance(60)
    assert jobs.run_due(admin) == 2  # both due: the failing one is recorded and the schedule goes on
    assert _runs(world, "plugin-failing_often-boom")[0].state == "Failed"
    assert len(_runs(world, "plugin-counter-hourly")) == hourly + 1 and counter.actors == ["boss"]
    assert host.names() == ["counter"]
    assert jobs.run_due(admin) == 0
    clock.advance(3600)
    assert jobs.run_due(admin) == 1 and len(_runs(world, "plugin-counter-hourly")) == hourly + 2
