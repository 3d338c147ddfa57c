"""`serve --safe-mode` loads no plugin, and the Admin list says so and why (a real `serve` on 127.0.0.1)."""

from __future__ import annotations

import re
import signal

from app.container import Container
from tests.conftest import ADMIN, ADMIN_PASSWORD
from tests.plugins.support_files import ROUTES, enable_plugin
from tools.stick_process import App, call, login

URL = re.compile(r"http://127\.0\.0\.1:\d+")


def test_serve_with_safe_mode_loads_no_plugin(created, stick):
    container = Container(stick)
    enable_plugin(container, container.login(ADMIN, ADMIN_PASSWORD), stick, "cards", ROUTES)
    container.close()
    with App.source(["serve", "--home", str(stick.root), "--port", "0", "--safe-mode"],
                    drop=("TATTOO_", "PREFECT_")) as proc:
        found = URL.search(proc.line())
        assert found, "".join(proc.stderr)
        api = found.group(0)
        token = login(api, ADMIN, ADMIN_PASSWORD)
        status, listed = call(api, "GET", "/api/admin/plugins", token=token)
        assert status == 200 and listed["safe_mode"] is True
        assert listed["safe_mode_reason"].startswith("Safe mode: the app was started with --safe-mode")
        assert [(p["name"], p["state"]) for p in listed["plugins"]] == [("cards", "safe_mode")]
        assert call(api, "GET", "/api/plugins/cards/hello")[0] == 404
        assert proc.stop(signal.SIGTERM, timeout=120) == 0
