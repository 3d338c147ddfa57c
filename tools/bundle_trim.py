"""What portable.spec leaves out of the bundle, and the strip of the desktop client (issue 21: a bundle <= 250 MB).

The rules are plain functions of a file's path inside the bundle, so tests check them without a build:
- modules the app never imports (left out of PyInstaller's analysis),
- Babel's locale data outside the studio's six languages (root and every regional variant of those stay),
- matplotlib's data the Agg charts and the PDFs never read (other fonts, sample data, GUI icons),
- bytecode caches that data folders bring along.
"""

from __future__ import annotations

import importlib.util
import os
import pkgutil
import shutil
import struct
import subprocess
from collections.abc import Iterable
from pathlib import Path, PurePosixPath

from app.core.i18n import LANGUAGES

# Never imported by the app, its flows, Prefect's server as the app runs it, or the plugins' API. Each was found
# in the 390 MB bundle of session 5; tests/build/test_bundle_trim.py checks the names stay out of a built bundle.
EXCLUDED_MODULES = (
    "docker",            # prefect.utilities.dockerutils imports it lazily: docker deployments only
    "apprise",           # prefect.blocks.notifications imports it lazily: notification blocks only
    "prefect.cli", "cyclopts", "rich_rst",  # Prefect's command line; the app starts its server itself
    "prefect.infrastructure",  # cloud provisioners (ECS, Cloud Run...), reached only from prefect.cli
    "psycopg", "psycopg_binary", "psycopg_pool", "psycopg2",  # the relay extra's PostgreSQL driver: not the stick's
    "setuptools", "pkg_resources", "distutils",  # build tools that numpy's and babel's fallbacks name
    "PIL._avif", "PIL._webp", "PIL._imagingtk", "PIL._imagingcms",  # the app reads and writes PNG only
    "numpy.random", "numpy.fft", "numpy.polynomial",  # matplotlib's bar charts never reach them (2.5 MB, 0.5 MB)
    "readline",          # line editing for an interactive Python prompt (and libreadline, libtinfo)
)
# Imported, but inside try/except ImportError with a fallback the app is fine with: Pillow's FreeType text
# (ImageFont falls back to its bitmap font; the app draws no text with Pillow), ~3.2 MB with FreeType, HarfBuzz,
# libpng and Brotli. tests/build/test_bundle_trim.py runs the app's drawing code with these blocked.
FALLBACK_MODULES = ("PIL._imagingft",)
# fontTools (29 MB installed): matplotlib imports fontTools.agl at its top (dviread), the rest only for its PDF/PS
# backends; arabic_reshaper tries fontTools.ttLib and falls back when it is missing (app/reports/pdf_fonts reads
# the cmap itself). So fontTools, fontTools.agl and fontTools.misc ship, and no other part of it.
FONTTOOLS_KEPT = ("agl", "misc")
# asyncpg stays: prefect/server/api/server.py imports it at its top (stripped it is ~1.2 MB).

BABEL_DATA = PurePosixPath("babel", "locale-data")
MPL_DATA = PurePosixPath("matplotlib", "mpl-data")
# app/reports/pdf_fonts embeds the four DejaVu Sans faces; charts draw in DejaVu Sans (matplotlib's default), its
# mathtext falls back to STIX and DejaVu Sans Display, and LastResort stands in for a glyph no font has.
MPL_FONTS = ("DejaVuSans.ttf", "DejaVuSans-Bold.ttf", "DejaVuSans-Oblique.ttf", "DejaVuSans-BoldOblique.ttf",
             "DejaVuSansDisplay.ttf", "LastResortHE-Regular.ttf", "LICENSE_DEJAVU", "LICENSE_STIX")
MPL_DROPPED = ("sample_data", "images", "plot_directive", "fonts/afm", "fonts/pdfcorefonts")


def babel_locale_kept(name: str) -> bool:
    """Whether Babel's `<name>.dat` stays: root, and every locale of a language the app speaks (en, en_GB,
    en_001, es_419, pt_BR ...): the studio's locale is checked against what Babel can load (validation.check_locale)."""
    stem = name.removesuffix(".dat")
    return stem == "root" or stem.split("_")[0] in LANGUAGES


def fonttools_left_out() -> list[str]:
    """fontTools' subpackages and modules the bundle leaves out: every one but FONTTOOLS_KEPT (found on disk,
    without importing fontTools)."""
    spec = importlib.util.find_spec("fontTools")
    if spec is None or not spec.submodule_search_locations:
        return []
    return sorted(f"fontTools.{m.name}" for m in pkgutil.iter_modules(spec.submodule_search_locations)
                  if m.name not in FONTTOOLS_KEPT)


def drop_library_aliases(internal: Path) -> list[str]:
    """Remove the top-level symlinks PyInstaller adds beside the libraries auditwheel bundled (libscipy_openblas
    ... -> numpy.libs/..., libjpeg ... -> pillow.libs/...): the extension modules find those through their own
    RUNPATH ($ORIGIN/../numpy.libs), and on a FAT32 or exFAT stick, which holds no symlinks, every alias would
    become a second copy (~36 MB). Returns the names removed."""
    removed = []
    for path in sorted(internal.iterdir()):
        if path.is_symlink() and Path(os.readlink(path)).parts[0].endswith(".libs"):
            path.unlink()
            removed.append(path.name)
    return removed


def _posix(dest: str) -> PurePosixPath:
    return PurePosixPath(dest.replace("\\", "/"))


def data_kept(dest: str) -> bool:
    """Whether a data file at `dest` (its path inside the bundle, / or \\ separated) ships."""
    path = _posix(dest)
    if "__pycache__" in path.parts:
        return False
    if path.parent == BABEL_DATA and path.suffix == ".dat":
        return babel_locale_kept(path.name)
    if path.is_relative_to(MPL_DATA):
        inside = path.relative_to(MPL_DATA).as_posix()
        if any(inside == d or inside.startswith(d + "/") for d in MPL_DROPPED):
            return False
        if inside.startswith("fonts/ttf/"):
            return path.name in MPL_FONTS or path.name.startswith("STIX")
    return True


def trimmed(datas: Iterable[tuple]) -> list[tuple]:
    """PyInstaller's data TOC (dest, source, typecode) without what data_kept leaves out."""
    return [entry for entry in datas if data_kept(entry[0])]


def _is_elf(path: Path) -> bool:
    with path.open("rb") as file:
        return file.read(4) == b"\x7fELF"


def unstripped_elves(folder: Path) -> list[Path]:
    """The ELF files below `folder` that still carry a symbol table (what `strip` would shrink)."""
    found = []
    for path in sorted(folder.rglob("*")):
        if path.is_file() and not path.is_symlink() and _is_elf(path):
            sections = subprocess.run(["readelf", "-S", "-W", str(path)], capture_output=True, text=True)
            if " .symtab " in sections.stdout:
                found.append(path)
    return found


def loads_aligned(path: Path) -> bool:
    """Whether every loadable segment of a 64-bit little-endian ELF file sits at an offset the loader accepts.
    `strip` breaks this in libraries auditwheel rewrote with patchelf (numpy's OpenBLAS and gfortran): the
    loader then refuses them with 'ELF load command address/offset not page-aligned'."""
    data = path.read_bytes()
    if data[4:6] != b"\x02\x01":  # not ELFCLASS64 + little-endian: not something this check can read
        return False
    (phoff,) = struct.unpack_from("<Q", data, 0x20)
    entsize, count = struct.unpack_from("<HH", data, 0x36)
    for i in range(count):
        kind, _flags, offset, vaddr, _paddr, _filesz, _memsz, align = struct.unpack_from("<IIQQQQQQ", data,
                                                                                       phoff + i * entsize)
        if kind == 1 and align > 1 and (offset - vaddr) % align:
            return False
    return True


def strip_folder(folder: Path) -> list[Path]:
    """Strip the symbol tables of the ELF libraries and programs below `folder`; return what was stripped.
    Dynamic symbols stay, so the libraries still link. Left as they are: the libraries auditwheel bundled
    (`<package>.libs/`, rewritten by patchelf) and any file whose stripped copy the loader would refuse."""
    stripped = []
    for path in unstripped_elves(folder):
        if path.parent.name.endswith(".libs"):
            continue
        partial = path.with_name(path.name + ".stripping")
        done = subprocess.run(["strip", "--strip-unneeded", "-o", str(partial), str(path)], capture_output=True)
        if done.returncode == 0 and loads_aligned(partial):
            shutil.copymode(path, partial)
            os.replace(partial, path)
            stripped.append(path)
        else:
            partial.unlink(missing_ok=True)
    return stripped
