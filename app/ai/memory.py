"""How much memory this computer has free, on Linux, Windows and macOS, without psutil."""

from __future__ import annotations

import ctypes
import os
import subprocess
import sys
from pathlib import Path


def _linux() -> int | None:
    try:
        for line in Path("/proc/meminfo").read_text().splitlines():
            if line.startswith("MemAvailable:"):
                return int(line.split()[1]) * 1024
    except (OSError, ValueError, IndexError):
        return None
    return None


def _windows() -> int | None:
    class MemoryStatus(ctypes.Structure):
        _fields_ = [("dwLength", ctypes.c_ulong), ("dwMemoryLoad", ctypes.c_ulong),
                    ("ullTotalPhys", ctypes.c_ulonglong), ("ullAvailPhys", ctypes.c_ulonglong),
                    ("ullTotalPageFile", ctypes.c_ulonglong), ("ullAvailPageFile", ctypes.c_ulonglong),
                    ("ullTotalVirtual", ctypes.c_ulonglong), ("ullAvailVirtual", ctypes.c_ulonglong),
                    ("ullAvailExtendedVirtual", ctypes.c_ulonglong)]

    status = MemoryStatus()
    status.dwLength = ctypes.sizeof(MemoryStatus)
    if not ctypes.windll.kernel32.GlobalMemoryStatusEx(ctypes.byref(status)):  # type: ignore[attr-defined]
        return None
    return int(status.ullAvailPhys)


def _macos() -> int | None:
    # free + inactive + speculative pages: what macOS hands out without swapping
    try:
        text = subprocess.run(["vm_stat"], capture_output=True, text=True, timeout=5, check=True).stdout
    except (OSError, subprocess.SubprocessError):
        return None
    lines = text.splitlines()
    try:
        page = int(lines[0].split("page size of")[1].split()[0])
        counts = {k.strip(): int(v.strip().rstrip(".")) for k, v in (ln.split(":", 1) for ln in lines[1:] if ":" in ln)}
        return page * sum(counts.get(k, 0) for k in ("Pages free", "Pages inactive", "Pages speculative"))
    except (IndexError, ValueError):
        return None


def available_memory() -> int | None:
    """Bytes of memory a new program can take now without swapping; None when the system will not say."""
    if sys.platform.startswith("linux"):
        return _linux()
    if os.name == "nt":
        return _windows()
    if sys.platform == "darwin":
        return _macos()
    return None


def resident_memory() -> int | None:
    """This process's resident memory in bytes (Linux only; None elsewhere): for the benchmark."""
    try:
        for line in Path("/proc/self/status").read_text().splitlines():
            if line.startswith("VmRSS:"):
                return int(line.split()[1]) * 1024
    except (OSError, ValueError, IndexError):
        return None
    return None
