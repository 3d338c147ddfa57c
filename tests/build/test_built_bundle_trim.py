"""The built Linux bundle is the trimmed one (issue 21): at most 250 MB, without the modules tools/bundle_trim
leaves out, with Babel's data of the six languages only, its binaries stripped (the desktop client's too); and the
frozen app still formats dates and money in every locale a studio can pick, draws its charts and refuses a locale
it cannot format with a sentence. The other smoke tests (login, plugins, backups, PDFs, web mode) are in
test_built_stick.py and run on the same bundle."""

from __future__ import annotations

import os
import signal
import subprocess
import sys
import tempfile
import time
import urllib.request
from datetime import date
from pathlib import Path

import babel
import pytest

from tests.build.support_stick import DEMO, set_up_copy
from tests.e2e.test_desktop_window import _window, display  # noqa: F401 - the Xvfb fixture, shared
from tools import build_stick
from tools.bundle_trim import EXCLUDED_MODULES, babel_locale_kept, loads_aligned, unstripped_elves
from tools.stick_process import App, call, login, wait_http

pytestmark = [pytest.mark.slow, pytest.mark.skipif(sys.platform != "linux", reason="the Linux bundle's checks")]
LIMIT = 250 * 10**6  # bytes: the target
# A sample of the locales a studio may pick (any of the six languages' regional variants; check_locale decides).
PICKED = ("en", "en_GB", "en_US", "en_AU", "es_ES", "es_MX", "de_DE", "de_AT", "de_CH", "fr_FR", "fr_CA", "fr_BE",
          "it_IT", "it_CH", "pt_PT", "pt_BR")


def _bundle(built_stick: Path) -> Path:
    return built_stick / "bundle" / build_stick.platform_tag() / "tattoo"


def _pyz_modules(executable: Path) -> set[str]:
    from PyInstaller.archive.readers import CArchiveReader, ZlibArchiveReader

    archive = CArchiveReader(str(executable))
    with tempfile.TemporaryDirectory() as folder:
        pyz = Path(folder) / "PYZ.pyz"
        pyz.write_bytes(archive.extract("PYZ.pyz"))
        return set(ZlibArchiveReader(str(pyz)).toc)


def test_the_bundle_is_at_most_250_mb_and_its_zip_one_file(built_stick):
    size = sum(p.lstat().st_size for p in _bundle(built_stick).rglob("*") if p.is_file() and not p.is_symlink())
    print(f"bundle {size / 1e6:.1f} MB; zip {built_stick.with_name('stick.zip').stat().st_size / 1e6:.1f} MB")
    assert size <= LIMIT, f"the bundle is {size / 1e6:.1f} MB"
    assert [p.name for p in built_stick.parent.glob("*.zip*")] == ["stick.zip"]


def test_the_modules_left_out_are_absent_from_the_bundle(built_stick):
    bundle = _bundle(built_stick)
    modules = _pyz_modules(bundle / "tattoo")
    assert "app.api.server" in modules and "prefect.server.api.server" in modules
    frozen = [m for m in modules if any(m == x or m.startswith(x + ".") for x in EXCLUDED_MODULES)]
    assert frozen == []
    internal = bundle / "_internal"
    files = [p.relative_to(internal).as_posix() for p in internal.rglob("*")]
    tops = {x.split(".")[0] for x in EXCLUDED_MODULES if "." not in x}
    assert not [f for f in files if f.split("/")[0].split("-")[0] in tops], "a left-out package's folder shipped"
    assert not [f for f in files if f.startswith("PIL/_avif") or f.startswith("PIL/_webp") or "libavif" in f]
    assert not [f for f in files if "/__pycache__/" in f or f.startswith(("llama_cpp", "langchain_core"))]


def test_babel_ships_exactly_the_six_languages_data(built_stick):
    shipped = {p.name for p in (_bundle(built_stick) / "_internal" / "babel" / "locale-data").glob("*.dat")}
    available = {p.name for p in (Path(babel.__file__).parent / "locale-data").glob("*.dat")}
    assert shipped == {n for n in available if babel_locale_kept(n)}
    assert {f"{name}.dat" for name in PICKED} <= shipped


def test_the_binaries_are_stripped_and_the_desktop_client_too(built_stick):
    internal = _bundle(built_stick) / "_internal"
    # only auditwheel's patchelf-ed libraries keep their tables (stripped, the loader would refuse them)
    left = [p.relative_to(internal).as_posix() for p in unstripped_elves(internal)]
    assert [name for name in left if not name.split("/")[0].endswith(".libs")] == [], left
    assert all(loads_aligned(p) for p in internal.rglob("*.so*") if p.is_file() and not p.is_symlink())
    assert [p.name for p in internal.iterdir() if p.is_symlink()] == [], "aliases would be copies on a FAT stick"
    client = next((internal / "runtime").glob("flet-client-*"))
    assert (client / "flet" / "lib" / "libflutter_linux_gtk.so").stat().st_size < 30 * 10**6


def _png(api: str, token: str, path: str) -> bytes:
    request = urllib.request.Request(api + path, headers={"Authorization": f"Bearer {token}"})
    with urllib.request.urlopen(request, timeout=120) as answer:
        return answer.read()


def test_the_frozen_app_formats_every_picked_locale_and_refuses_one_it_cannot(built_stick, empty_host, tmp_path):
    stick = set_up_copy(built_stick, tmp_path / "stick", empty_host, *DEMO)
    app = App([str(stick / "launch.sh"), "serve", "--port", "0"], empty_host)
    try:
        (api,) = app.urls("API listening")
        wait_http(api + "/api/health")
        token = login(api)
        year = date.today().year
        for locale in PICKED:  # the charts write months (Babel's dates) and the money axis (its numbers)
            status, saved = call(api, "PATCH", "/api/settings", {"locale": locale}, token=token)
            assert status == 200 and saved["locale"] == locale, (locale, saved)
            for chart in ("income-by-month", "income-by-method"):
                png = _png(api, token, f"/api/reports/charts/{chart}.png?from={year - 1}-01-01&to={year}-12-31")
                assert png.startswith(b"\x89PNG") and len(png) > 5000, (locale, chart)
        status, refused = call(api, "PATCH", "/api/settings", {"locale": "nl_NL"}, token=token)
        assert status in (400, 422) and "nl_NL" in refused["message"] and "es_ES" in refused["message"], refused
    finally:
        code = app.stop()
    assert code == 0, "".join(app.stderr)


def test_the_stripped_desktop_client_opens_the_login_window(built_stick, empty_host, display, tmp_path):  # noqa: F811
    from PIL import ImageGrab

    stick = set_up_copy(built_stick, tmp_path / "stick", empty_host, *DEMO)
    app = App([str(stick / "launch.sh"), "run"], {**empty_host, "DISPLAY": display})
    try:
        window = _window(display, seconds=180)
        assert window, f"no window: {''.join(app.stderr)[-3000:]}"
        time.sleep(5)  # the login screen's first frame
        shot = ImageGrab.grab(xdisplay=display)
        shot.save(tmp_path / "stripped-client-login.png")
        assert len(shot.getcolors(1 << 16) or []) > 20, "the window is blank"
        subprocess.run(["xdotool", "windowclose", window], env={**os.environ, "DISPLAY": display})
        try:
            app.process.wait(timeout=120)  # closing the window ends the app
        except subprocess.TimeoutExpired:
            pass
    finally:
        code = app.stop(signal.SIGKILL, timeout=10, strict=False)  # only signals an app still running
    assert code == 0, "".join(app.stderr)[-2000:]
