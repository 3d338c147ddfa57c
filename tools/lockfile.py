"""Read the hashed locks (requirements.txt, requirements-dev.txt) that `tools/lock` writes from pyproject.toml.

`python -m tools.lockfile --os windows requirements.txt` prints the lock as Windows sees it (markers
decided for Windows), for `pip download --platform win_amd64`, which decides markers for the machine it runs on.
"""

from __future__ import annotations

import argparse
import re
import sys
from dataclasses import dataclass
from importlib import metadata
from pathlib import Path

from packaging.markers import Marker
from packaging.utils import canonicalize_name

REPO = Path(__file__).resolve().parents[1]
PIN = re.compile(r"^(?P<name>[A-Za-z0-9][A-Za-z0-9._-]*)==(?P<version>[^\s;]+)\s*(?:;\s*(?P<marker>.+?))?\s*$")
# The marker values each OS gives (CPython 3.11 on x86_64; the locks are for CPython 3.11 only).
OS_MARKERS = {
    "linux": {"sys_platform": "linux", "platform_system": "Linux", "os_name": "posix"},
    "macos": {"sys_platform": "darwin", "platform_system": "Darwin", "os_name": "posix"},
    "windows": {"sys_platform": "win32", "platform_system": "Windows", "os_name": "nt"},
}


class LockError(ValueError):
    """A lock file is not in the form tools/lock writes; the message names the line."""


@dataclass(frozen=True)
class Pin:
    """One locked package: its exact version, the marker saying where it installs, and its files' hashes."""

    name: str
    version: str
    marker: str | None
    hashes: tuple[str, ...]

    def applies(self, os_name: str | None = None) -> bool:
        """Whether this pin installs on `os_name` (one of OS_MARKERS), or on this computer when None."""
        if self.marker is None:
            return True
        return Marker(self.marker).evaluate(OS_MARKERS[os_name] if os_name else None)


def _entries(text: str):
    """Yield (line number, logical line) with backslash continuations joined and comments dropped."""
    pending, start = "", 0
    for number, raw in enumerate(text.splitlines(), 1):
        line = raw.split(" #", 1)[0].rstrip() if not raw.lstrip().startswith("#") else ""
        if not pending:
            start = number
        if line.endswith("\\"):
            pending += line[:-1] + " "
            continue
        pending += line
        if pending.strip():
            yield start, pending.strip()
        pending = ""


def read_lock(path: Path) -> dict[str, Pin]:
    """The pins of a lock file by canonical name; LockError if a line is not `name==version` with hashes."""
    pins: dict[str, Pin] = {}
    for number, entry in _entries(path.read_text(encoding="utf-8")):
        parts = entry.split()
        hashes = tuple(p.removeprefix("--hash=") for p in parts if p.startswith("--hash="))
        found = PIN.match(" ".join(p for p in parts if not p.startswith("--hash=")))
        if found is None:
            raise LockError(f"{path.name} line {number} is not an exact pin (name==version): {entry[:80]}")
        if not hashes or not all(h.startswith("sha256:") for h in hashes):
            raise LockError(f"{path.name} line {number} ({found['name']}) has no sha256 hashes; run tools/lock.")
        name = canonicalize_name(found["name"])
        if name in pins:
            raise LockError(f"{path.name} pins {name} twice (line {number}); run tools/lock.")
        pins[name] = Pin(name, found["version"], found["marker"], hashes)
    return pins


def not_installed_as_locked(pins: dict[str, Pin]) -> list[str]:
    """Sentences for each pin for this computer that the running Python does not have at the locked version."""
    problems = []
    for pin in pins.values():
        if not pin.applies():
            continue
        try:
            have = metadata.version(pin.name)
        except metadata.PackageNotFoundError:
            have = None
        if have != pin.version:
            problems.append(f"{pin.name} {have or 'is missing'}{' is installed' if have else ''}, "
                            f"the lock says {pin.version}")
    return problems


def for_os(path: Path, os_name: str) -> str:
    """The lock's text as `os_name` sees it: pins for other OSes left out, markers dropped, hashes kept."""
    lines = [f"# {path.name} as {os_name} sees it (python -m tools.lockfile --os {os_name} {path.name})"]
    for pin in read_lock(path).values():
        if pin.applies(os_name):
            lines.append(f"{pin.name}=={pin.version} " + " ".join(f"--hash={h}" for h in pin.hashes))
    return "\n".join(lines) + "\n"


def main(argv: list[str] | None = None) -> int:
    """Print a lock for one OS (see the module's docstring)."""
    parser = argparse.ArgumentParser(prog="python -m tools.lockfile", description=__doc__)
    parser.add_argument("--os", choices=sorted(OS_MARKERS), required=True)
    parser.add_argument("lock", type=Path)
    args = parser.parse_args(argv)
    try:
        sys.stdout.write(for_os(args.lock, args.os))
    except (LockError, OSError) as exc:
        print(f"The lock could not be read: {exc}", file=sys.stderr)
        return 1
    return 0


if __name__ == "__main__":
    sys.exit(main())
