"""The embedded server answers /api/health on 127.0.0.1 only, with no studio data."""

from __future__ import annotations

import json
import re
import sys
import urllib.request

from app.api.serving import serving
from tests.conftest import REPO
from tools.stick_process import App


def _get(url: str) -> dict:
    with urllib.request.urlopen(url, timeout=10) as response:
        return json.loads(response.read())


def test_health_on_a_real_waitress_server(created, stick):
    with serving(stick) as served:
        assert served.url.startswith("http://127.0.0.1:")
        body = _get(served.url + "/api/health")
    assert body["status"] == "ok" and body["studio"] is True
    assert set(body) == {"status", "version", "studio"}


def test_server_listens_on_loopback_only(stick):
    with serving(stick) as served:
        bound = {sock.getsockname()[0] for sock in served.server.sockets()}
    assert bound == {"127.0.0.1"}


def test_serve_command_prints_its_url_and_answers(created, stick):
    with App([sys.executable, "-m", "app", "serve", "--home", str(stick.root), "--port", "0"],
             {"PATH": "/usr/bin:/bin", "PYTHONPATH": str(REPO)}, cwd=REPO) as child:
        try:
            line = child.line()
            assert re.fullmatch(r"API listening on http://127\.0\.0\.1:\d+\n", line), line
            url = line.split()[-1]
            assert _get(url + "/api/health")["status"] == "ok"
        finally:
            code = child.stop(timeout=10)
    assert code == 0, "".join(child.stderr)
