"""`python -m tools.build_stick --out DIR`: freeze the app for this computer and assemble a stick folder and ZIP."""

from __future__ import annotations

import argparse
import os
import platform
import shutil
import stat
import subprocess
import sys
import time
import zipfile
from pathlib import Path

from tools.lockfile import LockError, not_installed_as_locked, read_lock
from tools.stick_texts import TEXTS

REPO = Path(__file__).resolve().parents[1]
BUILD_TMP = REPO / "data" / "tmp"
LAUNCHERS = ("launch.sh", "launch.bat")
EXAMPLE_PLUGINS = ("plugins/gift_cards.py", "plugins/aftercare.py")  # shipped, but off until an admin enables one
# Stand-ins that tools/wine_env.py builds from tools/wine/*.c so the Windows build runs under Wine 8.
# They replace system DLLs badly on purpose and must never reach a stick.
WINE_STAND_INS = frozenset(f"{source.stem}.dll" for source in (REPO / "tools" / "wine").glob("*.c"))


class BuildError(RuntimeError):
    """The stick could not be built; the message says why in a sentence."""


def platform_tag() -> str:
    """This computer's bundle folder name, spelled as launch.sh and launch.bat spell it (e.g. linux-x86_64)."""
    system = {"linux": "linux", "darwin": "macos", "win32": "windows"}.get(sys.platform, sys.platform)
    machine = platform.machine().lower()
    arch = "arm64" if machine in ("arm64", "aarch64") else "x86_64" if machine in ("x86_64", "amd64") else machine
    return f"{system}-{arch}"


def build_environment(with_ai: bool = False) -> dict[str, str]:
    """The builder's environment with every cache and home folder moved under data/tmp (the host stays clean);
    with_ai sets TATTOO_WITH_AI=1, which portable.spec reads to ship the assistant's extra."""
    env = dict(os.environ)
    env.pop("TATTOO_WITH_AI", None)
    if with_ai:
        env["TATTOO_WITH_AI"] = "1"
    folders = {"HOME": "build-home", "USERPROFILE": "build-home", "PYINSTALLER_CONFIG_DIR": "build-pyinstaller",
               "PREFECT_HOME": "build-prefect", "MPLCONFIGDIR": "build-mpl", "XDG_CACHE_HOME": "build-cache",
               "XDG_CONFIG_HOME": "build-config", "XDG_DATA_HOME": "build-data", "TMPDIR": "build-temp",
               "TEMP": "build-temp", "TMP": "build-temp"}
    for name, folder in folders.items():
        path = BUILD_TMP / folder
        path.mkdir(parents=True, exist_ok=True)
        env[name] = str(path)
    env.update({"PYTHONDONTWRITEBYTECODE": "1", "PREFECT_SERVER_ANALYTICS_ENABLED": "false", "DO_NOT_TRACK": "1"})
    return env


def check_lock(lock: Path = REPO / "requirements.txt") -> None:
    """Refuse to freeze packages other than the lock's: the bundle must carry exactly what the lock names."""
    problems = not_installed_as_locked(read_lock(lock))
    if problems:
        raise BuildError(f"This Python's packages differ from {lock.name}: {'; '.join(problems[:5])}"
                         f"{' ...' if len(problems) > 5 else ''}. Install the lock first: "
                         "python -m pip install --require-hashes -r requirements-dev.txt")


def check_ai_extra() -> None:
    """Refuse a --with-ai build where the assistant's extra is not installed (the bundle would lack it)."""
    from app.ai.available import missing_modules

    missing = missing_modules()
    if missing:
        raise BuildError(f"--with-ai needs the assistant's extra, and {', '.join(missing)} is not installed. "
                         "Install it first: CMAKE_ARGS=-DGGML_NATIVE=OFF python -m pip install '.[ai]'")


def build_bundle(tag: str, with_ai: bool = False) -> Path:
    """Run PyInstaller on portable.spec into bundle/<tag>/tattoo and return that folder (with llama.cpp,
    langchain-core and gguf when `with_ai`)."""
    dist = REPO / "bundle" / tag
    command = [sys.executable, "-m", "PyInstaller", str(REPO / "portable.spec"), "--noconfirm", "--log-level", "WARN",
               "--distpath", str(dist), "--workpath", str(BUILD_TMP / "pyinstaller-work")]
    done = subprocess.run(command, cwd=REPO, env=build_environment(with_ai))
    if done.returncode != 0:
        raise BuildError(f"PyInstaller failed (exit {done.returncode}); its messages are above.")
    return dist / "tattoo"


def _stand_in_or_uses_one(path: Path) -> bool:
    """A Wine stand-in DLL, or a binary whose imports were pointed at one (those names start with "wine-")."""
    if path.name.lower() in WINE_STAND_INS:
        return True
    ours = [name.encode() for name in WINE_STAND_INS if name.startswith("wine-")]
    return path.suffix.lower() in (".pyd", ".dll") and any(name in path.read_bytes().lower() for name in ours)


def _copy_tree(source: Path, target: Path) -> None:
    """Copy the bundle with every symbolic link replaced by a copy of what it names: FAT32 and exFAT (what
    most sticks are formatted with) cannot hold symlinks, so unzip would print errors and drop them.
    PyInstaller's links are top-level aliases of libraries in pillow.libs/ and numpy.libs/ (~42 MiB)."""
    partial = target.with_name(f".{target.name}.partial")
    shutil.rmtree(partial, ignore_errors=True)
    shutil.copytree(source, partial, symlinks=False)
    shutil.rmtree(target, ignore_errors=True)
    os.replace(partial, target)


def assemble(out: Path, tag: str, repo: Path = REPO) -> None:
    """Put launchers, this computer's bundle, the READMEs, an empty data/ and plugins/ with the example plugins
    into `out`.
    Bundles for other computers and any studio data already in `out` are kept."""
    bundle = repo / "bundle" / tag / "tattoo"
    executable = bundle / ("tattoo.exe" if tag.startswith("windows") else "tattoo")
    if not executable.is_file():
        raise BuildError(f"There is no bundle for {tag} in {bundle.parent}; build it first (leave out --skip-build).")
    stand_ins = sorted(str(p.relative_to(bundle)) for p in bundle.rglob("*") if _stand_in_or_uses_one(p))
    if stand_ins:
        raise BuildError(f"The bundle holds Wine test stand-ins ({', '.join(stand_ins)}), which must never ship. "
                         "Build it from a Python without tools/wine's DLLs beside python.exe.")
    (out / "bundle" / tag).mkdir(parents=True, exist_ok=True)
    _copy_tree(bundle, out / "bundle" / tag / "tattoo")
    shutil.copy2(repo / "bundle" / "README.md", out / "bundle" / "README.md")
    for name in LAUNCHERS:
        shutil.copy2(repo / name, out / name)
    (out / "launch.sh").chmod(0o755)
    (out / "plugins").mkdir(exist_ok=True)
    for name in EXAMPLE_PLUGINS:
        shutil.copy2(repo / name, out / name)
    for name, text in TEXTS.items():
        (out / name).parent.mkdir(parents=True, exist_ok=True)
        (out / name).write_text(text, encoding="utf-8", newline="\r\n")  # Notepad-friendly on Windows


def _distributed(out: Path):
    """The stick's files that belong in the ZIP: never the studio data or demo a used stick may hold."""
    yield from (out / name for name in (*LAUNCHERS, *EXAMPLE_PLUGINS, *TEXTS))
    for path in sorted((out / "bundle").rglob("*")):
        if path.is_file():  # a symlink to a file is zipped as that file; one to a folder is walked by rglob
            yield path


def write_zip(out: Path) -> Path:
    """Zip the stick as `<out>.zip` (one top folder, executable bits kept for unzip) and return its path.
    A symlink is stored as a copy of the file it names: the ZIP must unzip onto FAT32 and exFAT."""
    target = out.with_name(out.name + ".zip")
    partial = target.with_name(target.name + ".partial")
    with zipfile.ZipFile(partial, "w", zipfile.ZIP_DEFLATED, compresslevel=6) as archive:
        for path in _distributed(out):
            info = zipfile.ZipInfo(f"{out.name}/{path.relative_to(out).as_posix()}",
                                   time.localtime(path.lstat().st_mtime)[:6])
            info.create_system = 3  # unix: keeps the executable bit
            info.external_attr = (stat.S_IFREG | stat.S_IMODE(path.stat().st_mode)) << 16
            info.compress_type = zipfile.ZIP_DEFLATED
            with open(path, "rb") as source, archive.open(info, "w", force_zip64=True) as sink:
                shutil.copyfileobj(source, sink, 1 << 20)
    os.replace(partial, target)
    return target


def folder_mib(folder: Path) -> float:
    """The size of the files below `folder` in MiB (symlinks not followed)."""
    return sum(p.lstat().st_size for p in folder.rglob("*") if p.is_file() and not p.is_symlink()) / 2**20


def main(argv: list[str] | None = None) -> int:
    """Build (unless --skip-build), assemble the stick at --out, zip it; print sizes and times."""
    parser = argparse.ArgumentParser(prog="python -m tools.build_stick", description=__doc__)
    parser.add_argument("--out", type=Path, required=True, help="the stick folder to create or update")
    parser.add_argument("--skip-build", action="store_true", help="reuse bundle/<os>-<arch> from an earlier build")
    parser.add_argument("--no-zip", action="store_true", help="skip the distribution ZIP")
    parser.add_argument("--with-ai", action="store_true",
                        help="ship the assistant: llama.cpp's libraries, langchain-core and gguf (needs the ai extra)")
    args = parser.parse_args(argv)
    tag, out = platform_tag(), args.out.expanduser().resolve()
    try:
        if out == REPO:
            raise BuildError("The stick folder cannot be the source checkout itself; name another folder.")
        started = time.monotonic()
        if not args.skip_build:
            check_lock()
            if args.with_ai:
                check_ai_extra()
            build_bundle(tag, with_ai=args.with_ai)
            print(f"Built bundle/{tag} in {time.monotonic() - started:.0f} s.")
        out.mkdir(parents=True, exist_ok=True)
        assemble(out, tag)
        print(f"Stick at {out}: bundle/{tag} is {folder_mib(out / 'bundle' / tag):.0f} MiB.")
        if not args.no_zip:
            archive = write_zip(out)
            print(f"ZIP for distribution: {archive} ({archive.stat().st_size / 2**20:.0f} MiB).")
    except (BuildError, LockError, OSError) as exc:
        print(f"The stick was not built: {exc}", file=sys.stderr)
        return 1
    return 0


if __name__ == "__main__":
    sys.exit(main())
