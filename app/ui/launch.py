"""Open the UI: a desktop window from the client on the stick, or web mode on 127.0.0.1 with no CDN."""

from __future__ import annotations

import logging
import os
import socket
import sys
from collections.abc import Callable, Mapping

from app.ui.app import make_main
from app.ui.desktop import prepare_client

LOOPBACK = "127.0.0.1"
CRASH_SENTENCE = ("This screen stopped on an unexpected error. Close the window (or reload the page) and open the "
                  "studio again; the log on the stick (data/logs/app.log) says where, without any client data.")
log = logging.getLogger(__name__)


def keep_crashes_private() -> None:
    """Flet sends an unhandled handler error's text and traceback to the window, where anyone sees it and the
    client may print it: send a sentence instead; the log gets the scrubbed traceback (app.core.log)."""
    from flet.messaging.session import Session

    if getattr(Session.error, "private", False):
        return
    original = Session.error

    def error(self, message: str) -> None:
        log.error("A screen stopped on an error.", exc_info=sys.exc_info()[1])
        original(self, CRASH_SENTENCE)

    # Flet 0.82 has no hook for the text a session shows when a screen fails: its method is replaced once,
    # marked so that a second call leaves it be.
    error.private = True  # type: ignore[attr-defined]  # the mark read above
    Session.error = error  # type: ignore[method-assign]  # see above


def has_display(environ: Mapping[str, str] | None = None) -> bool:
    """Can a window open here? Linux needs an X or Wayland display; Windows and macOS always can."""
    env = os.environ if environ is None else environ
    if not sys.platform.startswith("linux"):
        return True
    return bool(env.get("DISPLAY") or env.get("WAYLAND_DISPLAY"))


def free_port() -> int:
    """A free TCP port on loopback."""
    with socket.socket() as probe:
        probe.bind((LOOPBACK, 0))
        return probe.getsockname()[1]


def desktop_channel_port() -> int:
    """The loopback TCP port the window's client talks to the app on. A port > 0 makes Flet 0.82.2 use TCP
    on localhost instead of a Unix-domain socket under TMPDIR: TMPDIR is the stick's data/tmp, and FAT32
    and exFAT (what most sticks are formatted with, on Linux and macOS alike) cannot hold a socket file.
    TCP keeps the channel off every file system, so nothing falls back to a host folder either."""
    return free_port()


def open_desktop(api_url: str) -> None:
    """Open the window and return when it is closed."""
    import flet as ft

    keep_crashes_private()
    view_path = prepare_client()
    if view_path is not None:
        os.environ["FLET_VIEW_PATH"] = str(view_path)
    os.environ.pop("FLET_FORCE_WEB_SERVER", None)
    os.environ.pop("FLET_SERVER_UDS_PATH", None)  # a socket path from the host's environment is never used
    ft.run(make_main(api_url), view=ft.AppView.FLET_APP, port=desktop_channel_port(), assets_dir=None)


def serve_web(api_url: str, port: int, announce: Callable[[str], None]) -> None:
    """Serve the UI to browsers on 127.0.0.1:port (CanvasKit from the package, not a CDN) until stopped."""
    import flet as ft

    keep_crashes_private()
    os.environ["FLET_FORCE_WEB_SERVER"] = "true"  # serve only: never open a browser on the host by itself
    port = port or free_port()
    announce(f"http://{LOOPBACK}:{port}")
    ft.run(make_main(api_url), view=ft.AppView.WEB_BROWSER, host=LOOPBACK, port=port, no_cdn=True,
           assets_dir=None)
