"""tools.stick_process: the one driver of an app process (tests, screenshots, bench, the bundle's smoke test)
and the one login helper, over a real `serve` child, an httpx client and Flask's test client."""

from __future__ import annotations

import httpx
import pytest

from app.api import create_app
from app.container import Container
from tests.conftest import ADMIN, ADMIN_PASSWORD
from tools.stick_process import App, bearer, login


def test_serve_under_the_driver_prints_its_address_logs_in_and_stops_cleanly(created, stick, tmp_path):
    log = tmp_path / "serve.log"
    with App.source(["serve", "--home", str(stick.root), "--port", "0"], drop=("TATTOO_", "PREFECT_"),
                    log=log) as app:
        (api,) = app.urls("API listening")
        assert api.startswith("http://127.0.0.1:")
        assert login(api, ADMIN, ADMIN_PASSWORD)
        with httpx.Client(base_url=api, timeout=30) as http:
            assert http.get("/api/auth/me", headers=bearer(http, ADMIN, ADMIN_PASSWORD)).json()["username"] == ADMIN
        with pytest.raises(AssertionError, match="password"):
            login(api, ADMIN, "not the password")
        assert app.stop() == 0
    said = "".join(app.stderr)
    assert "Stopped." in said  # everything it printed is read by the time stop() returns
    assert log.read_text("utf-8") == said
    assert app.stdout[0].startswith("API listening on http://127.0.0.1:")


def test_the_login_helper_speaks_to_flasks_test_client_too(created, stick):
    container = Container(stick)
    try:
        client = create_app(container).test_client()
        headers = bearer(client, ADMIN, ADMIN_PASSWORD)
        assert client.get("/api/auth/me", headers=headers).json["username"] == ADMIN
    finally:
        container.close()


def test_an_app_that_ends_by_itself_is_waited_for(tmp_path):
    with App.source(["--help"]) as app:
        assert app.wait(timeout=120) == 0
    assert "serve" in "".join(app.stdout) and app.line(timeout=1) != ""
