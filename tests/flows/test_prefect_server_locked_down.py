"""Prefect's local server under a real `serve`: a web page cannot use it (no CORS allowance for other
origins, 401 without the app's auth string), a backup asked for as soon as it answers runs through it,
and it ends when the app is killed with kill -9."""

from __future__ import annotations

import base64
import os
import signal
import subprocess
import sys
import time
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path

import httpx
import pytest

from app.core import paths as stick_paths
from app.domain.records import StudioSettings
from app.services.studio.service import StudioService
from tests.conftest import ADMIN, ADMIN_PASSWORD, STUDIO_NAME
from tools.stick_process import App, call, descendants, login, prefect_server

pytestmark = [pytest.mark.slow,
              pytest.mark.skipif(sys.platform == "win32", reason="finds processes with ps, kills with SIGKILL")]
FOREIGN = "http://evil.example"


@contextmanager
def _serving(root: Path) -> Iterator[tuple[App, str, str, int]]:
    """`serve` on a new studio at `root`, logged in, Prefect's server up: (app, API url, token, Prefect port)."""
    StudioService(stick_paths.resolve(home=root).ensure()).create(
        StudioSettings(STUDIO_NAME, "EUR", "Europe/Madrid"), ADMIN, ADMIN_PASSWORD)[0].close()
    app = App.source(["serve", "--home", str(root), "--port", "0"], drop=("TATTOO_", "PREFECT_"))
    try:
        (api,) = app.urls("API listening")
        token = login(api, ADMIN, ADMIN_PASSWORD)  # Prefect's server starts a few seconds after the first login
        yield app, api, token, prefect_server(app.process.pid)
    finally:
        if app.process.poll() is None:
            app.stop()


@pytest.fixture(scope="module")
def served(tmp_path_factory):
    with _serving(tmp_path_factory.mktemp("prefect-locked") / "stick") as running:
        yield running


def test_a_backup_asked_for_as_soon_as_the_server_answers_runs_through_prefect(served):
    """The app's own client carries the auth string, and does not wait for Prefect's start-up loop."""
    _, api, token, _ = served
    status, backup = call(api, "POST", "/api/backups", token=token)
    assert status == 201, backup
    status, history = call(api, "GET", "/api/backups/history", token=token)
    assert history[0]["fallback"] is False and history[0]["flow_run_id"], history[0]


def test_a_page_from_another_origin_gets_no_cors_allowance(served):
    prefect = f"http://127.0.0.1:{served[3]}/api"
    simple = httpx.get(prefect + "/health", headers={"Origin": FOREIGN}, timeout=10)
    assert simple.status_code == 200 and "access-control-allow-origin" not in simple.headers
    preflight = httpx.options(prefect + "/flows/filter", timeout=10, headers={
        "Origin": FOREIGN, "Access-Control-Request-Method": "POST", "Access-Control-Request-Headers": "content-type"})
    assert "access-control-allow-origin" not in preflight.headers, preflight.headers


@pytest.mark.parametrize("authorization", [None, "Basic " + base64.b64encode(b"admin:admin").decode(), "Bearer x"])
def test_a_request_without_the_apps_auth_string_is_refused(served, authorization):
    headers = {"Authorization": authorization} if authorization else {}
    answer = httpx.post(f"http://127.0.0.1:{served[3]}/api/flows/filter", json={}, headers=headers, timeout=10)
    assert answer.status_code == 401, answer.text


def _alive(pid: int) -> bool:
    state = subprocess.run(["ps", "-o", "stat=", "-p", str(pid)], capture_output=True, text=True).stdout.strip()
    return bool(state) and not state.startswith("Z")


def test_prefect_server_ends_when_the_app_is_killed(tmp_path):
    with _serving(tmp_path / "stick") as (app, _, _, port):
        [server] = [pid for pid, _, _, args in descendants(app.process.pid) if f"--port {port}" in args]
        app.process.send_signal(signal.SIGKILL)
        app.process.wait(timeout=10)
        deadline = time.monotonic() + 30
        while _alive(server) and time.monotonic() < deadline:
            time.sleep(0.2)
        if _alive(server):
            os.kill(server, signal.SIGKILL)  # leave no server behind for the next test
            pytest.fail("Prefect's server outlived the app by 30 s.")
        with pytest.raises(httpx.ConnectError):
            httpx.get(f"http://127.0.0.1:{port}/api/health", timeout=5)


def test_the_server_runs_none_of_the_services_the_app_does_not_use(served):
    """Scheduler, late runs, foreman, triggers... are off in the running server (issue 21: memory and stick writes):
    its own environment, read as Prefect reads its settings, says so for each."""
    from prefect.settings import Settings

    from flows.server import UNUSED_SERVICES

    app, _, _, port = served
    (server_pid,) = [pid for pid, _, _, args in descendants(app.process.pid)
                     if "flows.prefect_server" in args and f"--port {port}" in args]
    environ = dict(item.split("=", 1) for item in Path(f"/proc/{server_pid}/environ").read_bytes().decode()
                   .split("\0") if "=" in item)
    known = {name.upper() for name in type(Settings().server.services).model_fields}  # the services Prefect has
    with pytest.MonkeyPatch.context() as patch:
        for name in [n for n in os.environ if n.startswith("PREFECT_SERVER_SERVICES_")]:
            patch.delenv(name)  # only the server's own environment counts
        for name, value in environ.items():
            if name.startswith("PREFECT_SERVER_SERVICES_"):
                patch.setenv(name, value)
        read = Settings().server.services
    assert set(UNUSED_SERVICES) <= known, set(UNUSED_SERVICES) - known
    on = [name for name in UNUSED_SERVICES if getattr(read, name.lower()).enabled]
    assert on == [], on
