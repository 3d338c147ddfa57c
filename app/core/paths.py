"""Where the stick is, and the one folder each component may write to under it."""

from __future__ import annotations

import os
import sys
import tempfile
from collections.abc import Mapping, MutableMapping
from dataclasses import dataclass
from pathlib import Path

APP_NAME = "TattooStudioStick"
LAUNCHER = "launch.sh"


@dataclass(frozen=True)
class StickPaths:
    """Every folder and file the app writes, all below `root` (or the user data dir)."""

    root: Path
    data: Path

    @property
    def db(self) -> Path:
        """The encrypted studio database."""
        return self.data / "studio.db"

    @property
    def keyslots(self) -> Path:
        """The key slots file: the database key sealed to each user and the recovery code."""
        return self.data / "keyslots.json"

    @property
    def throttle(self) -> Path:
        """The login throttle's state (keyed hashes of account names, never what was typed)."""
        return self.data / "throttle.json"

    @property
    def lock(self) -> Path:
        """The lock file that keeps a second app off this stick."""
        return self.data / "stick.lock"

    @property
    def lock_info(self) -> Path:
        """The note naming the host and pid holding the stick."""
        return self.data / "stick.lock.json"

    @property
    def language(self) -> Path:
        """The language last used on this stick (a code such as 'es'), for the screens shown before unlock."""
        return self.data / "language.txt"

    @property
    def plugins(self) -> Path:
        """The folder of drop-in plugin files (plugins/*.py at the stick root); nothing in it runs unless enabled."""
        return self.root / "plugins"

    @property
    def plugin_starts(self) -> Path:
        """How many starts in a row loaded plugins and never got going (a number, nothing personal)."""
        return self.data / "plugin-starts.txt"

    @property
    def backups(self) -> Path:
        """The folder of encrypted backups on the stick."""
        return self.data / "backups"

    @property
    def exports(self) -> Path:
        """The folder of accountant's exports."""
        return self.data / "exports"

    @property
    def logs(self) -> Path:
        """The folder of the app's scrubbed logs."""
        return self.data / "logs"

    @property
    def prefect(self) -> Path:
        """Prefect's home on the stick (PREFECT_HOME)."""
        return self.data / "prefect"

    @property
    def tmp(self) -> Path:
        """The temporary folder on the stick (TMPDIR, TEMP, TMP)."""
        return self.data / "tmp"

    @property
    def cache(self) -> Path:
        """The folder of caches that can be thrown away."""
        return self.data / "cache"

    @property
    def mpl_cache(self) -> Path:
        """matplotlib's cache and configuration (MPLCONFIGDIR)."""
        return self.cache / "matplotlib"

    @property
    def flet(self) -> Path:
        """Flet's data and cache folders."""
        return self.cache / "flet"

    @property
    def xdg_runtime(self) -> Path:
        """The XDG runtime folder for the desktop window (XDG_RUNTIME_DIR)."""
        return self.tmp / "xdg-runtime"

    def folders(self) -> list[Path]:
        """Return every folder the app needs, parents first."""
        return [self.data, self.backups, self.exports, self.logs, self.prefect, self.tmp,
                self.cache, self.mpl_cache, self.flet, self.flet / "data", self.xdg_runtime]

    def ensure(self) -> StickPaths:
        """Create the folders that do not exist yet and return self."""
        for folder in self.folders():
            folder.mkdir(parents=True, exist_ok=True)
        try:
            self.xdg_runtime.chmod(0o700)  # GTK refuses a runtime dir others can read
        except OSError:
            pass  # FAT32/exFAT keep no permissions (fusefat even refuses chmod); GLib then warns and goes on
        from app.core.atomic import recover_replaced  # a replace cut short by a crash on FAT32/exFAT

        for folder in (self.data, self.backups):
            recover_replaced(folder)
        return self


def repo_root() -> Path:
    """Return the checkout (or, frozen, the bundle's internal folder) that holds the `app` package."""
    if getattr(sys, "frozen", False):
        return Path(getattr(sys, "_MEIPASS", Path(sys.executable).parent)).resolve()
    return Path(__file__).resolve().parents[2]


def _frozen_stick_root(executable: Path) -> Path | None:
    for folder in executable.resolve().parents:
        if (folder / LAUNCHER).is_file():
            return folder
    return None


def resolve_root(home: str | os.PathLike[str] | None = None, environ: Mapping[str, str] | None = None) -> Path:
    """Find the stick root: --home, then TATTOO_HOME, then the launcher above a frozen exe, then the repo."""
    env = os.environ if environ is None else environ
    if home:
        return Path(home).expanduser().resolve()
    if env.get("TATTOO_HOME"):
        return Path(env["TATTOO_HOME"]).expanduser().resolve()
    if getattr(sys, "frozen", False):
        found = _frozen_stick_root(Path(sys.executable))
        if found is not None:
            return found
    return repo_root()


def resolve(home: str | os.PathLike[str] | None = None, installed: bool = False,
            environ: Mapping[str, str] | None = None) -> StickPaths:
    """Return the paths for this run; `installed` keeps data in the user's data dir instead."""
    if installed:
        import platformdirs

        data = Path(platformdirs.user_data_dir(APP_NAME, appauthor=False))
        return StickPaths(root=data, data=data)
    root = resolve_root(home, environ)
    return StickPaths(root=root, data=root / "data")


def apply_environment(paths: StickPaths, environ: MutableMapping[str, str] | None = None) -> None:
    """Point every library that writes files at the stick, before any of them is imported."""
    env = os.environ if environ is None else environ
    tmp = str(paths.tmp)
    env.update({
        "TATTOO_HOME": str(paths.root),
        "TMPDIR": tmp, "TEMP": tmp, "TMP": tmp,
        "PYTHONDONTWRITEBYTECODE": "1",
        "PREFECT_HOME": str(paths.prefect),
        "PREFECT_SERVER_ANALYTICS_ENABLED": "false",
        "DO_NOT_TRACK": "1",
        "MPLCONFIGDIR": str(paths.mpl_cache),
        "FLET_APP_STORAGE_DATA": str(paths.flet / "data"),
        "FLET_APP_STORAGE_TEMP": tmp,
        "XDG_RUNTIME_DIR": str(paths.xdg_runtime),
        "XDG_DATA_HOME": str(paths.flet / "data"),
        "XDG_CACHE_HOME": str(paths.cache),
        "XDG_CONFIG_HOME": str(paths.cache / "config"),
        "GSETTINGS_BACKEND": "memory",
    })
    if env is os.environ:
        tempfile.tempdir = tmp  # tempfile caches its folder on first use
        sys.dont_write_bytecode = True
