"""The rules of tools/bundle_trim (what portable.spec leaves out of the bundle) hold without a build: the Babel data
kept still formats dates and money in every locale of the app's six languages, matplotlib keeps the fonts the
charts and PDFs use, and the modules left out are never imported by the app, its flows or Prefect's server.
tests/build/test_built_bundle_trim.py checks the built bundle itself."""

from __future__ import annotations

import json
import shutil
import subprocess
import sys
from pathlib import Path

import babel
from babel.core import get_global

from app.core.i18n import LANGUAGES
from tests.conftest import REPO
from tools.bundle_trim import (
    EXCLUDED_MODULES,
    babel_locale_kept,
    data_kept,
    drop_library_aliases,
    loads_aligned,
    strip_folder,
    trimmed,
    unstripped_elves,
)

LOCALE_DATA = Path(babel.__file__).parent / "locale-data"


def _all_locales() -> list[str]:
    return sorted(p.stem for p in LOCALE_DATA.glob("*.dat"))


def _parent(name: str) -> str | None:
    """Babel's parent of a locale (what it merges under it): the exception table, else the name less its last
    part, else root."""
    exceptions = get_global("parent_exceptions")
    if name in exceptions:
        return exceptions[name]
    return name.rsplit("_", 1)[0] if "_" in name else ("root" if name != "root" else None)


def test_babel_keeps_root_and_every_locale_of_the_six_languages_and_drops_the_rest():
    names = _all_locales()
    kept = {n for n in names if babel_locale_kept(f"{n}.dat")}
    assert kept == {"root"} | {n for n in names if n.split("_")[0] in LANGUAGES}
    assert {"en", "en_GB", "en_001", "es_ES", "es_419", "de_CH", "fr_CA", "it_IT", "pt_BR", "pt_PT"} <= kept
    assert not {"nl", "nl_NL", "ja", "ar", "zh_Hant", "eu", "et"} & kept
    assert len(kept) < len(names) / 3, f"{len(kept)} of {len(names)} kept"
    for name in kept:  # Babel merges a locale over its parents: each of them must be there too
        parent = _parent(name)
        while parent:
            assert parent in kept, f"{name} needs {parent}"
            parent = _parent(parent)


FORMAT_ALL = """
import json, sys
from datetime import date, datetime
from decimal import Decimal
import babel.localedata
if sys.argv[1] != "-":
    babel.localedata._dirname = sys.argv[1]  # what the frozen app finds beside it
from babel.dates import format_date, format_datetime, format_skeleton
from babel.numbers import format_currency, format_decimal
from app.domain.errors import ValidationError
from app.domain.validation import check_locale
out = {}
for name in json.loads(sys.argv[2]):
    day = date(2026, 3, 3)
    out[name] = [format_date(day, "full", locale=name), format_skeleton("MMMMd", day, locale=name),
                 format_datetime(datetime(2026, 3, 3, 14, 5), "long", tzinfo=None, locale=name),
                 format_currency(Decimal("1234.50"), "EUR", locale=name),
                 format_currency(Decimal("99"), "BRL", locale=name),
                 format_decimal(Decimal("1234.5"), locale=name), check_locale(name)]
try:
    check_locale("nl_NL")
    out["nl_NL"] = "accepted"
except ValidationError as refused:
    out["nl_NL"] = str(refused)
print(json.dumps(out))
"""


def _formatted(data_dir: str, names: list[str]) -> dict:
    done = subprocess.run([sys.executable, "-c", FORMAT_ALL, data_dir, json.dumps(names)], cwd=REPO,
                          capture_output=True, text=True, timeout=300)
    assert done.returncode == 0, done.stderr[-3000:]
    return json.loads(done.stdout.splitlines()[-1])


def test_every_locale_the_app_can_pick_formats_dates_and_money_from_the_kept_data_alone(tmp_path):
    kept = tmp_path / "locale-data"
    kept.mkdir()
    for path in LOCALE_DATA.iterdir():
        if data_kept(f"babel/locale-data/{path.name}"):
            shutil.copy2(path, kept / path.name)
    names = sorted(p.stem for p in kept.glob("*.dat") if p.stem != "root")
    trimmed_out, full_out = _formatted(str(kept), names), _formatted("-", names)
    assert {n: trimmed_out[n] for n in names} == {n: full_out[n] for n in names}
    assert trimmed_out["de_DE"][3] == "1.234,50\xa0€" and trimmed_out["pt_BR"][0] == "terça-feira, 3 de março de 2026"
    # a studio may only pick a locale the bundle can format, and is told so in a sentence
    assert full_out["nl_NL"] == "accepted"
    assert trimmed_out["nl_NL"].startswith("'nl_NL' is not a language and region this app knows."), trimmed_out["nl_NL"]


def test_matplotlib_keeps_the_fonts_the_charts_and_pdfs_use_and_drops_the_rest():
    from app.reports import pdf_fonts

    mpl = "matplotlib/mpl-data/"
    for face in (pdf_fonts.REGULAR, pdf_fonts.BOLD, pdf_fonts.ITALIC, pdf_fonts.BOLD_ITALIC):
        assert data_kept(f"{mpl}fonts/ttf/{face}.ttf"), face
    for name in ("matplotlibrc", "stylelib/ggplot.mplstyle", "fonts/ttf/STIXGeneral.ttf",
                 "fonts/ttf/DejaVuSansDisplay.ttf"):
        assert data_kept(mpl + name), name
    for name in ("fonts/ttf/cmr10.ttf", "fonts/ttf/DejaVuSerif.ttf", "fonts/ttf/DejaVuSansMono.ttf",
                 "fonts/afm/pagd8a.afm", "fonts/pdfcorefonts/Helvetica.afm", "sample_data/goog.npz",
                 "images/home.png"):
        assert not data_kept(mpl + name), name
    assert not data_kept("prefect\\server\\database\\_migrations\\__pycache__\\env.cpython-311.pyc")  # Windows' TOC
    toc = [("babel/locale-data/nl.dat", "/x/nl.dat", "DATA"), ("babel/locale-data/de.dat", "/x/de.dat", "DATA"),
           ("babel/global.dat", "/x/global.dat", "DATA")]
    assert trimmed(toc) == toc[1:]


IMPORT_ALL = """
import importlib, json, pkgutil, sys
import app, flows
for package in (app, flows):
    for module in pkgutil.walk_packages(package.__path__, package.__name__ + "."):
        # not __main__ (it runs the CLI), Alembic's scripts (run by Alembic) or chat (the assistant's extra)
        if not module.name.endswith("__main__") and not module.name.startswith(("app.db.migrations", "app.ai.chat")):
            importlib.import_module(module.name)
from prefect.server.api.server import create_app
create_app()  # Prefect's server as flows.prefect_server serves it
print(json.dumps(sorted(sys.modules)))
"""


def test_the_modules_left_out_are_never_imported_by_the_app_its_flows_or_prefects_server(tmp_path):
    import os

    # as the app runs it: no web UI (with it, create_app would copy the UI into the installed prefect package)
    env = {**os.environ, "PREFECT_HOME": str(tmp_path), "PREFECT_UI_ENABLED": "false",
           "PREFECT_SERVER_ANALYTICS_ENABLED": "false"}
    done = subprocess.run([sys.executable, "-c", IMPORT_ALL], cwd=REPO, capture_output=True, text=True, timeout=600,
                          env=env)
    assert done.returncode == 0, done.stderr[-3000:]
    loaded = json.loads(done.stdout.splitlines()[-1])
    assert "prefect.server.api.server" in loaded and "app.api.server" in loaded
    found = [m for m in loaded if any(m == x or m.startswith(x + ".") for x in EXCLUDED_MODULES)]
    assert found == []


def _installed(package: str, pattern: str) -> Path:
    import importlib.util

    folder = Path(next(iter(importlib.util.find_spec(package).submodule_search_locations)))
    return next(folder.glob(pattern))


def test_strip_shrinks_an_extension_module_that_still_imports(tmp_path):
    installed = _installed("markupsafe", "__init__.py").parent
    package = tmp_path / "markupsafe"
    shutil.copytree(installed, package, ignore=shutil.ignore_patterns("__pycache__"))
    (speedups,) = package.glob("_speedups*.so")
    size = speedups.stat().st_size
    assert unstripped_elves(tmp_path) == [speedups]
    assert strip_folder(tmp_path) == [speedups]
    assert speedups.stat().st_size < size and unstripped_elves(tmp_path) == []
    script = ("import sys; sys.path.insert(0, sys.argv[1]); import markupsafe._speedups as s; "
              "assert s.__file__.startswith(sys.argv[1]), s.__file__; print(s._escape_inner('<a&b>'))")
    imported = subprocess.run([sys.executable, "-c", script, str(tmp_path)], capture_output=True, text=True, timeout=60)
    assert imported.returncode == 0 and imported.stdout.strip() == "&lt;a&amp;b&gt;", imported.stderr


def test_strip_leaves_the_libraries_auditwheel_rewrote_which_strip_would_break(tmp_path):
    source = Path(_installed("numpy", "__init__.py")).parent.with_name("numpy.libs")
    openblas = next(source.glob("libscipy_openblas*.so"))
    (tmp_path / "numpy.libs").mkdir()
    kept = tmp_path / "numpy.libs" / openblas.name
    shutil.copy2(openblas, kept)
    assert loads_aligned(kept)
    # what PyInstaller's strip=True did to it: the loader then says "ELF load command address/offset not page-aligned"
    broken = tmp_path / "stripped.so"
    subprocess.run(["strip", "-o", str(broken), str(kept)], check=True)
    assert not loads_aligned(broken)
    broken.unlink()
    assert strip_folder(tmp_path) == [] and kept.read_bytes() == openblas.read_bytes()


def test_the_top_level_aliases_of_bundled_libraries_go_and_other_links_stay(tmp_path):
    (tmp_path / "numpy.libs").mkdir()
    (tmp_path / "numpy.libs" / "libx.so.1").write_bytes(b"\x7fELF")
    (tmp_path / "libx.so.1").symlink_to(Path("numpy.libs", "libx.so.1"))
    (tmp_path / "libpython3.11.so").write_bytes(b"\x7fELF")
    (tmp_path / "libpython3.so").symlink_to("libpython3.11.so")
    assert drop_library_aliases(tmp_path) == ["libx.so.1"]
    assert sorted(p.name for p in tmp_path.iterdir()) == ["libpython3.11.so", "libpython3.so", "numpy.libs"]


WITHOUT_THE_FALLBACKS = """
import io, json, sys
for name in json.loads(sys.argv[1]):
    sys.modules[name] = None  # `import name` now raises ImportError, as in the bundle
import qrcode
from PIL import Image, ImageDraw, ImageFont
from app.domain.reports import PeriodIncome
from app.reports import charts, pdf_fonts
from app.reports.images import check_png
from app.ui.signature import SignaturePad

chart = charts.income_by_month((PeriodIncome("2026-01", 12000), PeriodIncome("2026-02", -500)), "EUR", "de_DE")
pad = SignaturePad()
pad.strokes = [[(10.0, 10.0), (60.0, 40.0), (120.0, 20.0)]]
qr = io.BytesIO()
qrcode.make("http://127.0.0.1:8765/k/abc", box_size=10, border=4).save(qr)
label = Image.new("L", (200, 40), 255)
ImageDraw.Draw(label).text((5, 5), "Ink", font=ImageFont.load_default(), fill=0)  # Pillow's bitmap font
print(json.dumps([check_png(chart), check_png(pad.png_bytes()), check_png(qr.getvalue()),
                  pdf_fonts.shaped("سلام") != "سلام", min(label.getdata())]))
"""


def test_the_app_draws_charts_signatures_qr_codes_and_arabic_without_the_fallback_modules():
    from tools.bundle_trim import FALLBACK_MODULES, fonttools_left_out

    blocked = [*FALLBACK_MODULES, *fonttools_left_out()]
    assert "PIL._imagingft" in blocked and "fontTools.ttLib" in blocked
    done = subprocess.run([sys.executable, "-c", WITHOUT_THE_FALLBACKS, json.dumps(blocked)], cwd=REPO,
                          capture_output=True, text=True, timeout=300)
    assert done.returncode == 0, done.stderr[-3000:]
    chart, signature, qr, joined, darkest = json.loads(done.stdout.splitlines()[-1])
    assert chart == [800, 400] and signature[0] > 100 and qr[0] > 100
    assert joined, "Arabic letters still come out joined (arabic_reshaper without fontTools)"
    assert darkest == 0, "Pillow's bitmap font drew the text"
