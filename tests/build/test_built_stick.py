"""The frozen Linux bundle, built by tools.build_stick, serves a demo studio, backs up through Prefect and
leaves HOME and TMPDIR untouched, lists and loads a plugin dropped into plugins/; the stick's launcher works from a
copy at another path."""

from __future__ import annotations

import shutil
import signal
import subprocess
import sys
import unicodedata
import urllib.request
import zipfile

import pytest

from tests.build.support_stick import ANA_TWICE, DEMO, FROZEN_INK, serving, set_up_copy
from tests.services.support_backup import point_names
from tools import build_stick
from tools.stick_process import App, call, login, prefect_server, wait_http

pytestmark = [pytest.mark.slow, pytest.mark.skipif(sys.platform != "linux", reason="the Linux bundle's smoke test")]


def test_the_stick_folder_and_zip_hold_what_the_issue_lists(built_stick):
    tag = build_stick.platform_tag()
    for name in ("launch.sh", "launch.bat", "README-STICK.txt", "data/README.txt", "plugins/README.txt",
                 f"bundle/{tag}/tattoo/tattoo"):
        assert (built_stick / name).is_file(), name
    client = next((built_stick / "bundle" / tag / "tattoo" / "_internal" / "runtime").glob("flet-client-0.82.2-*"))
    assert (client / "flet" / "flet").stat().st_mode & 0o111, "the desktop client ships unpacked and runnable"
    with zipfile.ZipFile(built_stick.with_name("stick.zip")) as archive:
        names = archive.namelist()
        launcher = archive.getinfo("stick/launch.sh")
    assert f"stick/bundle/{tag}/tattoo/tattoo" in names
    assert launcher.external_attr >> 16 & 0o111, "launch.sh stays executable after unzip"
    assert not [n for n in names if n.startswith("stick/data/") and n != "stick/data/README.txt"]


def test_bundle_serves_a_demo_studio_backs_up_through_prefect_and_stops(built_stick, empty_host, tmp_path):
    stick = set_up_copy(built_stick, tmp_path / "stick", empty_host, *DEMO)
    app = App([str(stick / "launch.sh"), "serve", "--port", "0"], empty_host)
    try:
        (api,) = app.urls("API listening")
        wait_http(api + "/api/health")
        assert call(api, "GET", "/api/health")[1]["studio"] is True
        status, refused = call(api, "POST", "/api/auth/login", {"username": "admin", "password": "not it"},
                               language="de")  # the frozen app finds its compiled catalogs
        assert status == 401 and refused["message"].startswith("Benutzername oder Passwort falsch."), refused
        token = login(api)
        port = prefect_server(app.process.pid)  # started by the frozen app as `tattoo -m flows.prefect_server ...`
        assert call(f"http://127.0.0.1:{port}", "POST", "/api/flows/filter")[0] == 401, "no auth string, no answer"
        status, backup = call(api, "POST", "/api/backups", token=token)
        assert status == 201 and backup["state"] == "verified", backup
        status, history = call(api, "GET", "/api/backups/history", token=token)
        assert history[0]["fallback"] is False and history[0]["flow_run_id"], history[0]
        status, _ = call(api, "POST", "/api/clients", {"first_name": "Exit", "last_name": "Write",
                                                       "birth_date": "1990-01-01"}, token=token)
        assert status == 201  # a write after the backup: quitting now takes one more (none when nothing changed)
        assert _frozen_pdf_prints(api, token, "ורד وردة"), "fonts, bidi and Arabic shaping ship in the bundle"
    finally:
        code = app.stop()
    assert code == 0, "".join(app.stderr)
    assert "Stopped." in "".join(app.stderr)
    assert len(point_names(stick / "data" / "backups")) >= 2, "the one asked for and the one at exit"


PLUGIN = """from flask import Blueprint
from pydantic import BaseModel

from app.plugins.api import PluginInfo, current_user, endpoint, hookimpl, services

PLUGIN = PluginInfo(name="stamps", version="1.0", author="Smoke test", min_app_version="0.1", title="Stamps")
stamps = Blueprint("stamps", __name__)


class StampOut(BaseModel):
    studio: str


@endpoint(stamps, "GET", "/studio", policy="user", summary="The studio's name.", response=StampOut)
def studio():
    return StampOut(studio=services().settings.get(current_user()).studio_name)


@hookimpl
def register_routes(context):
    return [stamps]
"""


def test_bundle_lists_and_once_enabled_loads_a_plugin_dropped_into_plugins(built_stick, empty_host, tmp_path):
    stick = set_up_copy(built_stick, tmp_path / "stick", empty_host, *FROZEN_INK, stdin=ANA_TWICE)
    (stick / "plugins" / "stamps.py").write_text(PLUGIN, encoding="utf-8")
    with serving(stick, empty_host) as (_app, api):
        token = login(api, "ana", "ana's password")
        status, listed = call(api, "GET", "/api/admin/plugins", token=token)
        assert status == 200, listed
        found = {row["name"]: row for row in listed["plugins"]}["stamps"]  # beside the examples, not enabled
        assert (found["state"], found["hooks"]) == ("found", ["register_routes"]), found
        assert {row["state"] for row in listed["plugins"]} == {"found"}
        assert call(api, "GET", "/api/plugins/stamps/studio", token=token)[0] == 404
        status, enabled = call(api, "POST", "/api/admin/plugins/stamps/enable", {"sha256": found["sha256"]},
                               token=token)
        stamps = {row["name"]: row for row in enabled["plugins"]}["stamps"] if status == 200 else enabled
        assert status == 200 and stamps["state"] == "enabled", stamps
        assert call(api, "GET", "/api/plugins/stamps/studio", token=token) == (200, {"studio": "Frozen Ink"})
        # the shipped gift-card example, enabled by its hash, sells a voucher inside the frozen app
        gift = {row["name"]: row for row in enabled["plugins"]}["gift_cards"]
        status, _listed = call(api, "POST", "/api/admin/plugins/gift_cards/enable", {"sha256": gift["sha256"]},
                               token=token)
        assert status == 200, _listed
        status, card = call(api, "POST", "/api/plugins/gift_cards/cards", {"amount_minor": 5000, "method": "cash"},
                            token=token)
        assert status == 201 and card["balance_minor"] == 5000, card
        status, paid = call(api, "GET", "/api/payments?day=today", token=token)
        assert status == 200 and [(p["amount_minor"], p["method"]) for p in paid] == [(5000, "cash")], paid


def test_launcher_help_works_from_a_copy_at_another_path(built_stick, empty_host, tmp_path):
    copy = tmp_path / "another mount" / "STICK 2"
    shutil.copytree(built_stick, copy, symlinks=True)
    helped = subprocess.run([str(copy / "launch.sh"), "--help"], env=empty_host, cwd="/", capture_output=True,
                            text=True, timeout=120)
    assert helped.returncode == 0, helped.stderr
    assert "--demo" in helped.stdout and "serve" in helped.stdout and "backup" in helped.stdout
    assert (copy / "data" / "tmp").is_dir(), "the copy is the app's home"
    assert not (built_stick / "data" / "tmp").exists(), "the original stick is not"


def test_bundle_serves_web_mode_from_its_own_files(built_stick, empty_host, tmp_path):
    stick = tmp_path / "stick"
    shutil.copytree(built_stick, stick, symlinks=True)
    app = App([str(stick / "launch.sh"), "run", "--web", "--port", "0"], empty_host)
    try:
        page, api = app.urls("Studio app on")
        wait_http(api + "/api/health")
        wait_http(page)
        wait_http(page + "/canvaskit/canvaskit.wasm")  # the renderer comes from the bundle, not a CDN
        # ...and the page that fetches nothing off this computer (app/ui/web; an unknown path would answer
        # Flet's index.html, so the script is known by what it holds)
        index = urllib.request.urlopen(page, timeout=60).read().decode("utf-8")
        assert '<script src="offline.js">' in index and "Content-Security-Policy" in index, index[:2000]
        assert b"window.RiveNative" in urllib.request.urlopen(page + "/offline.js", timeout=60).read()
    finally:
        app.stop(signal.SIGINT)


def _frozen_pdf_prints(api: str, token: str, studio: str) -> bool:
    """Rename the studio (Hebrew and Arabic) and read today's Z report back: does its header say the name?"""
    assert call(api, "PATCH", "/api/settings", {"studio_name": studio}, token=token)[0] == 200
    request = urllib.request.Request(api + "/api/reports/z/today.pdf", headers={"Authorization": f"Bearer {token}"})
    with urllib.request.urlopen(request, timeout=120) as answer:
        pdf = answer.read()
    text = subprocess.run(["pdftotext", "-", "-"], input=pdf, capture_output=True, check=True).stdout.decode()
    return studio in unicodedata.normalize("NFKC", "".join(ch for ch in text if ch not in "\u202a\u202b\u202c"))
