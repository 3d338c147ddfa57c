"""Watching one start of the window for `tools/bench --startup`: when the window is mapped, when the login form is
painted (pixels read from the X server), what the process tree read from disk until then, and its memory after.

The window counts as mapped at the first frame where it covers most of Xvfb's black root window. "First usable"
is read from the screen itself: every ~30 ms the benchmark grabs the screen of the Xvfb server
(XGetImage through libX11, no subprocess) and keeps which pixels are dark (text, field borders, the icon: the
window's background is light). Four seconds after the window the login form has long settled; the first frame
whose dark pixels match that settled frame's (intersection over union >= MATCH) is the moment the form was
painted. A settled frame with almost no dark pixels means the form never showed: the run fails."""

from __future__ import annotations

import contextlib
import ctypes
import ctypes.util
import os
import re
import signal
import subprocess
import time
from dataclasses import dataclass, field
from pathlib import Path

import numpy as np

WINDOW = "Tattoo studio"
MATCH = 0.9  # intersection over union of the dark pixels with the settled login form
DARK = 110  # a pixel darker than this (0-255 luminance) is ink: text, borders, icons
MIN_INK = 400  # a settled login form has thousands of dark pixels (sampled every 2nd pixel): fewer is no form
SETTLE = 4.0  # seconds after the window at which the frame counts as settled
RSS_AFTER = 3.0  # seconds after the window at which memory is read


class _XImage(ctypes.Structure):
    _fields_ = [("width", ctypes.c_int), ("height", ctypes.c_int), ("xoffset", ctypes.c_int),
                ("format", ctypes.c_int), ("data", ctypes.c_void_p), ("byte_order", ctypes.c_int),
                ("bitmap_unit", ctypes.c_int), ("bitmap_bit_order", ctypes.c_int), ("bitmap_pad", ctypes.c_int),
                ("depth", ctypes.c_int), ("bytes_per_line", ctypes.c_int), ("bits_per_pixel", ctypes.c_int)]


class Screen:
    """The Xvfb screen, grabbed whole (24-bit, 32 bits a pixel) through libX11."""

    def __init__(self, display: str):
        self.x11 = ctypes.cdll.LoadLibrary(ctypes.util.find_library("X11") or "libX11.so.6")
        self.x11.XOpenDisplay.restype = ctypes.c_void_p
        self.x11.XOpenDisplay.argtypes = [ctypes.c_char_p]
        self.x11.XDefaultRootWindow.restype = ctypes.c_ulong
        self.x11.XDefaultRootWindow.argtypes = [ctypes.c_void_p]
        self.x11.XGetImage.restype = ctypes.POINTER(_XImage)
        self.x11.XGetImage.argtypes = [ctypes.c_void_p, ctypes.c_ulong, ctypes.c_int, ctypes.c_int, ctypes.c_uint,
                                       ctypes.c_uint, ctypes.c_ulong, ctypes.c_int]
        self.x11.XFree.argtypes = [ctypes.c_void_p]
        self.x11.XDisplayWidth.argtypes = self.x11.XDisplayHeight.argtypes = [ctypes.c_void_p, ctypes.c_int]
        self.handle = self.x11.XOpenDisplay(display.encode())
        if not self.handle:
            raise RuntimeError(f"Cannot open the X display {display}.")
        self.root = self.x11.XDefaultRootWindow(self.handle)
        self.size = (self.x11.XDisplayWidth(self.handle, 0), self.x11.XDisplayHeight(self.handle, 0))

    def grab(self) -> np.ndarray:
        """The screen as an (height, width, 4) array of BGRX bytes."""
        width, height = self.size
        image = self.x11.XGetImage(self.handle, self.root, 0, 0, width, height, 0xFFFFFFFF, 2)  # ZPixmap
        try:
            row = image.contents.bytes_per_line
            raw = ctypes.string_at(image.contents.data, row * height)
        finally:
            self.x11.XFree(image.contents.data)
            self.x11.XFree(image)
        return np.frombuffer(raw, dtype=np.uint8).reshape(height, row // 4, 4)[:, :width]

    def ink(self) -> np.ndarray:
        """Which pixels (every 2nd in each direction) are dark."""
        pixels = self.grab()[::2, ::2, :3].astype(np.uint16)
        return (pixels[..., 0] + 2 * pixels[..., 1] + pixels[..., 2]) < DARK * 4  # B + 2G + R

    def close(self) -> None:
        """Let go of the display connection."""
        self.x11.XCloseDisplay.argtypes = [ctypes.c_void_p]
        self.x11.XCloseDisplay(self.handle)


def _children() -> dict[int, list[int]]:
    found: dict[int, list[int]] = {}
    for entry in os.scandir("/proc"):
        if entry.name.isdigit():
            with contextlib.suppress(OSError, IndexError, ValueError):
                stat = Path(f"/proc/{entry.name}/stat").read_text()
                parent = int(stat[stat.rindex(")") + 2:].split()[1])
                found.setdefault(parent, []).append(int(entry.name))
    return found


def tree(pid: int) -> list[int]:
    """`pid` and every process below it (from /proc)."""
    kids, out, todo = _children(), [], [pid]
    while todo:
        current = todo.pop()
        out.append(current)
        todo.extend(kids.get(current, []))
    return out


def read_bytes(pids: list[int]) -> int:
    """Bytes the processes made the kernel fetch from storage (/proc/PID/io read_bytes), summed."""
    total = 0
    for pid in pids:
        with contextlib.suppress(OSError, StopIteration):
            text = Path(f"/proc/{pid}/io").read_text()
            total += int(next(line for line in text.splitlines() if line.startswith("read_bytes")).split()[1])
    return total


def cpu_s(pids: list[int]) -> float:
    """CPU seconds (user + system) the processes used, with their children that already ended, summed: unlike
    wall time, it hardly depends on how busy the computer is."""
    total = 0
    for pid in pids:
        with contextlib.suppress(OSError, ValueError, IndexError):
            stat = Path(f"/proc/{pid}/stat").read_text()
            fields = stat[stat.rindex(")") + 2:].split()
            total += sum(int(x) for x in fields[11:15])  # utime, stime, cutime, cstime
    return total / os.sysconf("SC_CLK_TCK")


def rss_mib(pid: int) -> float:
    """Resident memory of one process in MiB (0 once it has gone)."""
    with contextlib.suppress(OSError, StopIteration):
        text = Path(f"/proc/{pid}/status").read_text()
        return int(next(line for line in text.splitlines() if line.startswith("VmRSS")).split()[1]) / 1024
    return 0.0


def _is_client(pid: int) -> bool:
    with contextlib.suppress(OSError):
        return Path(f"/proc/{pid}/exe").resolve().name == "flet"
    return False


@dataclass
class Start:
    """What one start showed: seconds from the start to the window and to the login form, bytes read by then,
    memory 3 s after the window (the app's Python process, the window's Flutter client, the whole tree)."""

    window_s: float = 0.0
    usable_s: float = 0.0
    read_mb: float = 0.0
    cpu_s: float = 0.0
    python_mib: float = 0.0
    client_mib: float = 0.0
    tree_mib: float = 0.0
    login_png: Path | None = None
    frames: list = field(default_factory=list, repr=False)


def watch(process: subprocess.Popen, started: float, display: str, timeout: float = 120,
          keep_png: Path | None = None) -> Start:
    """Watch a started app until its login form settled; the app is left running (the caller closes it)."""
    screen, result = Screen(display), Start()
    try:
        deadline = time.monotonic() + timeout
        while not result.window_s or time.perf_counter() < started + result.window_s + SETTLE:
            now = time.perf_counter()
            ink = screen.ink()
            pids = tree(process.pid)
            result.frames.append((now - started, np.packbits(ink), read_bytes(pids), cpu_s(pids)))
            if not result.window_s:
                if ink.mean() < 0.5:  # Xvfb's bare root window is black: a window covers most of it now
                    result.window_s = now - started
                elif process.poll() is not None or time.monotonic() > deadline:
                    raise AssertionError(f"No '{WINDOW}' window within {timeout} s (exit code {process.poll()}).")
            elif not result.python_mib and now - started >= result.window_s + RSS_AFTER:
                pids = tree(process.pid)
                result.python_mib = sum(rss_mib(p) for p in pids if not _is_client(p))
                result.client_mib = sum(rss_mib(p) for p in pids if _is_client(p))
                result.tree_mib = result.python_mib + result.client_mib
            time.sleep(0.01)
        settled = screen.ink()
        if keep_png is not None:
            from PIL import Image

            Image.fromarray(screen.grab()[..., 2::-1].copy()).save(keep_png)
            result.login_png = keep_png
    finally:
        screen.close()
    if int(settled.sum()) < MIN_INK:
        raise AssertionError("The window never showed the login form (the settled screen is almost blank).")
    packed = np.packbits(settled)
    for at, frame, read, cpu in result.frames:
        both = int(np.unpackbits(frame & packed).sum())
        either = int(np.unpackbits(frame | packed).sum())
        if either and both / either >= MATCH:
            result.usable_s, result.read_mb, result.cpu_s = at, read / 1e6, cpu
            break
    result.frames = []
    return result


def close_window(process: subprocess.Popen, display: str) -> None:
    """Close the window as a person would, then make sure the app and its client are gone."""
    env = {**os.environ, "DISPLAY": display}
    pids = tree(process.pid)
    for found in subprocess.run(["xdotool", "search", "--name", WINDOW], env=env, capture_output=True,
                                text=True).stdout.split():
        subprocess.run(["xdotool", "windowclose", found], env=env, capture_output=True)
    try:
        process.wait(timeout=60)
    except subprocess.TimeoutExpired:
        process.kill()
        process.wait()
    for pid in pids:
        with contextlib.suppress(OSError):
            os.kill(pid, signal.SIGKILL)


OPENED = re.compile(r'^\d+\s+(\d+\.\d+) open(?:at)?\((?:AT_FDCWD, )?"([^"]+)".*\)\s+=\s+(\d+)')
PSEUDO = ("/proc/", "/sys/", "/dev/", "/run/", "/tmp/.X11-unix")


def files_opened(strace_log: Path, started_epoch: float, until_s: float, stick: list[Path]) -> tuple[int, int]:
    """How many distinct files the traced tree opened from the start until `until_s` seconds after it: all of
    them, and those below the `stick` folders (what a real stick would have to deliver)."""
    seen: set[str] = set()
    for line in strace_log.read_text(errors="replace").splitlines():
        found = OPENED.match(line)
        if found and float(found.group(1)) - started_epoch <= until_s and not found.group(2).startswith(PSEUDO):
            seen.add(found.group(2))
    roots = {str(p) for folder in stick for p in (folder, folder.resolve())}
    on_stick = [f for f in seen if any(f == r or f.startswith(r + os.sep) for r in roots)
                or any(str(Path(f).resolve()).startswith(r + os.sep) for r in roots)]
    return len(seen), len(on_stick)
