"""The files web mode serves before Flet's own (app/ui/web): Flet's index.html plus our offline block, and an
offline.js that catches the exact address Flet's client asks for. A Flet upgrade that moves either fails here, so
the block is carried over by hand instead of silently going stale (the browser side is tests/e2e)."""

from __future__ import annotations

import re
from pathlib import Path
from urllib.parse import urlsplit

import flet_web
import pytest

from app.ui import launch
from app.ui.launch import WEB_FILES

FLET_WEB = Path(flet_web.__file__).resolve().parent / "web"
BLOCK = re.compile(r"  <!-- studio-offline:.*?<!-- /studio-offline -->\n", re.S)


def test_our_index_is_flets_own_plus_the_offline_block_loaded_before_flutter():
    ours = (WEB_FILES / "index.html").read_text("utf-8")
    block = BLOCK.search(ours)
    assert block, "app/ui/web/index.html lost its studio-offline block"
    assert BLOCK.sub("", ours) == (FLET_WEB / "index.html").read_text("utf-8"), \
        "Flet's index.html changed: copy it to app/ui/web/index.html again and put the studio-offline block back"
    assert ours.index('<script src="offline.js">') < ours.index("flutter_bootstrap.js")
    policy = re.search(r'http-equiv="Content-Security-Policy" content="([^"]+)"', block.group(0)).group(1)
    sources = {word for rule in policy.split(";") for word in rule.split()[1:]}
    anywhere = {"*", "http:", "https:", "ws:", "wss:"}
    off_loopback = [s for s in sources if s in anywhere or ("//" in s and urlsplit(s.replace(":*", "")).hostname
                                                             not in {"127.0.0.1", "localhost"})]
    assert off_loopback == [], policy


def test_offline_js_catches_the_rive_runtime_address_flets_client_asks_for():
    script = (WEB_FILES / "offline.js").read_text("utf-8")
    prefix = re.search(r'const RIVE = "([^"]+)"', script).group(1)
    for build in ("main.dart.js", "main.dart.wasm"):  # the JavaScript and the WebAssembly build of the client
        assert prefix.encode() in (FLET_WEB / build).read_bytes(), f"{build} no longer asks {prefix}"
    assert "window.RiveNative" in script  # the name the client calls once the runtime's script has loaded
    assert b'"RiveNative"' in (FLET_WEB / "main.dart.js").read_bytes()


def test_web_files_are_only_the_index_and_the_script():
    """Everything in the folder is served to the browser (it is Flet's assets_dir): nothing else belongs there."""
    assert sorted(p.name for p in WEB_FILES.iterdir()) == ["index.html", "offline.js"]


def test_web_mode_refuses_to_start_without_its_own_page(tmp_path, monkeypatch):
    """A copy of the app without app/ui/web would serve Flet's page, which asks a CDN: it says so, serves nothing."""
    monkeypatch.setattr(launch, "WEB_FILES", tmp_path / "web")
    announced = []
    with pytest.raises(launch.WebFilesMissingError, match="lacks its web page"):
        launch.serve_web("http://127.0.0.1:9", 0, announced.append)
    assert announced == []
