"""Child process for the flow tests: a demo studio, one fallback backup, then every job through Prefect.

Usage: python -m tests.flows.support_prefect_run STICK_FOLDER OUT_JSON. A socket guard records every
connection this process attempts and refuses any that is not to the loopback address.
"""

from __future__ import annotations

import json
import socket
import sys
import time

LOCAL = {"127.0.0.1", "localhost", "::1"}
attempts: list[str] = []


def _host(address) -> str:
    return str(address[0]) if isinstance(address, tuple) else str(address)


def _guard() -> None:
    """Record every connect; refuse anything but loopback and local (Unix) sockets."""
    connect, create = socket.socket.connect, socket.create_connection

    def guarded_connect(self, address):
        if self.family in (socket.AF_INET, socket.AF_INET6):
            attempts.append(_host(address))
            if _host(address) not in LOCAL:
                raise ConnectionRefusedError(f"socket guard: no connection to {address}")
        return connect(self, address)

    def guarded_create(address, *args, **kwargs):
        attempts.append(_host(address))
        if _host(address) not in LOCAL:
            raise ConnectionRefusedError(f"socket guard: no connection to {address}")
        return create(address, *args, **kwargs)

    socket.socket.connect = guarded_connect
    socket.create_connection = guarded_create


def main(stick: str, out: str) -> None:
    """Run the scenario and write what happened to `out`."""
    _guard()
    from app.core import paths as stick_paths

    paths = stick_paths.resolve(home=stick).ensure()
    stick_paths.apply_environment(paths)
    from flows import server

    server.configure(paths)
    from app.demo.studio import ADMIN, create_demo_studio
    from app.services.backups.service import BackupService
    from app.services.reports.accounting import AccountingExport
    from app.services.studio.service import StudioService
    from flows.backups import JOBS
    from flows.jobs import Jobs
    from flows.runner import JobRunner

    create_demo_studio(paths, scale=0.005)
    opened = StudioService(paths).unlock(ADMIN[0], ADMIN[1])
    service, export = BackupService(opened.db, paths), AccountingExport(opened.db, paths)
    runner = JobRunner(Jobs(paths, backups=lambda: service, accounting=lambda: export))
    report: dict = {"actor_id": opened.user.id}
    try:
        report["fallback"] = runner.run("backup-local", JOBS["backup-local"], opened.user).__dict__
        started = time.monotonic()
        server.start_server(paths)
        report["server_ready"] = server.prefect_available(wait=server.STARTUP_TIMEOUT)
        report["server_seconds"] = round(time.monotonic() - started, 2)
        # as between the server's first answer and Prefect's start-up loop noticing it:
        report["available_before_flagged"] = server.starting_server_answers()
        for name, job in JOBS.items():
            report[name] = runner.run(name, job, opened.user).__dict__
        report["export-accounting"] = _accounting(runner, opened)
        report.update(_plugin_jobs(runner, opened, service))
        report["parameters"] = _parameters()
    finally:
        opened.close()
        server.stop_server()
    report["attempts"] = sorted(set(attempts))
    with open(out, "w", encoding="utf-8") as fh:
        json.dump(report, fh, indent=1)


def _accounting(runner, opened) -> dict:
    """The accountant's export of the last 30 days as a flow, run from a worker thread as the API runs it."""
    import threading
    from datetime import date, timedelta

    from flows.accounting import JOB, export_accounting

    done: dict = {}
    end = date.today()
    worker = threading.Thread(target=lambda: done.update(runner.run(
        JOB, export_accounting, opened.user, start=end - timedelta(days=30), end=end, export_id="export-1").__dict__))
    worker.start()
    worker.join(timeout=120)
    return done


def _plugin_jobs(runner, opened, backups) -> dict:
    """A test plugin's job and the built-in core plugin's job, run through the same runner as flows."""
    from datetime import UTC, datetime
    from types import SimpleNamespace

    from app.plugins.builtin import builtin_host
    from app.plugins.hookspecs import hookimpl
    from app.plugins.spec import JobSpec, PluginContext, PluginInfo
    from flows.plugin_jobs import PluginJobs

    class Tally:
        @hookimpl
        def register_jobs(self):
            return [JobSpec("count", lambda c: {"backups": len(c.services.backups.list_backups(c.actor))})]

    import importlib.util
    from pathlib import Path

    from app.plugins.store import PluginStore
    from app.services.settings import SettingsService

    shipped = Path(__file__).resolve().parents[2] / "plugins" / "gift_cards.py"  # the shipped example plugin
    spec = importlib.util.spec_from_file_location("tattoo_stick.test_plugins.gift_cards", shipped)
    gift_cards = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(gift_cards)
    host = builtin_host()
    host.register(Tally(), PluginInfo("tally", "1.0"))
    host.register(gift_cards, gift_cards.PLUGIN)
    services = SimpleNamespace(backups=backups, settings=SettingsService(opened.db))

    def context(name, actor):
        return PluginContext(name, actor, services, PluginStore(opened.db, name))

    jobs = PluginJobs(runner, lambda hook, actor, **kw: host.call(hook, lambda n: context(n, actor), **kw), context,
                      host.fail, lambda: datetime.now(UTC))
    return {"plugin-tally-count": jobs.run(opened.user, "tally", "count").__dict__,
            "plugin-core-verify-newest": jobs.run(opened.user, "core", "verify-newest").__dict__,
            "plugin-gift_cards-note-expired": jobs.run(opened.user, "gift_cards", "note-expired").__dict__}


def _parameters() -> dict:
    """The parameters Prefect's server keeps for each flow run above, by flow name, read back from its API."""
    from prefect.client.orchestration import get_client

    with get_client(sync_client=True) as client:
        names = {flow.id: flow.name for flow in client.read_flows()}
        return {names[run.flow_id]: run.parameters for run in client.read_flow_runs()}


if __name__ == "__main__":
    main(sys.argv[1], sys.argv[2])
