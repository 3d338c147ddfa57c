"""The Flet 0.82.2 desktop client, unpacked beside the app on the stick (never into the host's ~/.flet)."""

from __future__ import annotations

import os
import platform
import shutil
import sys
import tarfile
from pathlib import Path

from app.core.atomic import temp_name
from app.core.i18n import _
from app.core.paths import repo_root


class DesktopClientMissingError(RuntimeError):
    """This computer's desktop client is not in the app (another OS's bundle, or a broken install)."""


def _os_arch() -> tuple[str, str]:
    machine = platform.machine().lower()
    arch = "arm64" if machine in ("arm64", "aarch64") else "amd64"
    return {"linux": "linux", "darwin": "macos", "win32": "windows"}.get(sys.platform, sys.platform), arch


def client_home(root: Path | None = None) -> Path:
    """Where this OS's client lives: `runtime/` beside the app (the checkout on a source stick, the bundle
    when frozen, filled at build time)."""
    import flet_desktop.version

    system, arch = _os_arch()
    return (root or repo_root()) / "runtime" / f"flet-client-{flet_desktop.version.version}-{system}-{arch}"


def _archive(system: str, arch: str) -> Path:
    import flet_desktop

    package = Path(flet_desktop.get_package_bin_dir())
    name = {"linux": f"flet-linux-{'arm64' if arch == 'arm64' else 'amd64'}.tar.gz",
            "macos": "flet-macos.tar.gz"}.get(system, "")
    return package / name


def prepare_client(root: Path | None = None) -> Path | None:
    """Unpack the client once (atomically) and return the folder FLET_VIEW_PATH must name; None on
    Windows, where the wheel already holds `flet/flet.exe` unpacked inside the package."""
    system, arch = _os_arch()
    if system == "windows":
        return None
    home = client_home(root)
    view_path = home / "flet" if system == "linux" else home
    if home.is_dir():
        return view_path
    archive = _archive(system, arch)
    if not archive.is_file():
        raise DesktopClientMissingError(_("The desktop window for %(system)s-%(arch)s is not part of this app "
                                          "(%(archive)s is missing). Use --web to open the studio in a browser.",
                                          system=system, arch=arch, archive=archive))
    partial = temp_name(home)
    try:
        with tarfile.open(archive, "r:gz") as tar:
            tar.extractall(partial, filter="data")
        os.replace(partial, home)
    finally:
        shutil.rmtree(partial, ignore_errors=True)
    return view_path
