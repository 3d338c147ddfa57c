"""Open the UI: a desktop window from the client on the stick, or web mode on 127.0.0.1 with no CDN."""

from __future__ import annotations

import logging
import os
import socket
import sys
from collections.abc import Callable, Mapping
from pathlib import Path

from app.core.i18n import N_, _
from app.domain.errors import DomainError
from app.ui.app import make_main, preload
from app.ui.desktop import prepare_client

LOOPBACK = "127.0.0.1"
# Served before Flet's own web files: an index.html that loads offline.js (which switches off the Rive runtime
# Flet's web client would fetch from a CDN) and whose Content-Security-Policy refuses anything off loopback.
WEB_FILES = Path(__file__).resolve().with_name("web")
CRASH_SENTENCE = N_("This screen stopped on an unexpected error. Close the window (or reload the page) and open the "
                    "studio again; the log on the stick (data/logs/app.log) says where, without any client data.")
log = logging.getLogger(__name__)


class WebFilesMissingError(DomainError):
    """This copy of the app lacks WEB_FILES: Flet would serve its own page, which asks a CDN for the Rive runtime."""


def keep_crashes_private() -> None:
    """Flet sends an unhandled handler error's text and traceback to the window, where anyone sees it and the
    client may print it: send a sentence instead; the log gets the scrubbed traceback (app.core.log)."""
    from flet.messaging.session import Session

    if getattr(Session.error, "private", False):
        return
    original = Session.error

    def error(self, message: str) -> None:
        log.error("A screen stopped on an error.", exc_info=sys.exc_info()[1])
        original(self, _(CRASH_SENTENCE))

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


def connect_window_by_address() -> None:
    """Flet 0.82.2 hands the window `tcp://localhost:PORT`, and the window's Dart runtime looks "localhost" up for
    IPv4 and IPv6 at once: where the hosts file names no IPv6 localhost (::1), that asks the network's DNS server
    (seen under strace, tests/e2e/test_desktop_window.py). Hand it 127.0.0.1, where Flet's server listens too (it
    binds "localhost", which includes 127.0.0.1 wherever localhost is defined), so the window looks up no name."""
    import flet_desktop

    if getattr(flet_desktop.open_flet_view_async, "by_address", False):
        return
    original = flet_desktop.open_flet_view_async

    async def open_flet_view_async(page_url: str, assets_dir, hidden):
        return await original(page_url.replace("tcp://localhost:", f"tcp://{LOOPBACK}:", 1), assets_dir, hidden)

    open_flet_view_async.by_address = True  # type: ignore[attr-defined]  # the mark read above
    flet_desktop.open_flet_view_async = open_flet_view_async  # flet.app imports it from here when it opens the window


def open_desktop(api_url: str | Callable[[], str], first_screen: str | None = None,
                 shown: Callable[[], None] | None = None) -> None:
    """Open the window and return when it is closed. `api_url` may be a call that waits for the API to answer
    (see app.cli.window); `first_screen` ("login") is then shown without asking the API, and `shown` is called
    once it is on the screen."""
    import flet as ft

    keep_crashes_private()
    connect_window_by_address()
    view_path = prepare_client()
    if view_path is not None:
        os.environ["FLET_VIEW_PATH"] = str(view_path)
    os.environ.pop("FLET_FORCE_WEB_SERVER", None)
    os.environ.pop("FLET_SERVER_UDS_PATH", None)  # a socket path from the host's environment is never used
    preload()  # the shell, the login screen and the client load while the window's client starts
    ft.run(make_main(api_url, first_screen=first_screen, shown=shown), view=ft.AppView.FLET_APP,
           port=desktop_channel_port(), assets_dir=None)


def serve_web(api_url: str, port: int, announce: Callable[[str], None]) -> None:
    """Serve the UI to browsers on 127.0.0.1:port until stopped; the page fetches nothing off this computer
    (CanvasKit and fonts come from the package, the Rive runtime is switched off: see WEB_FILES)."""
    import flet as ft

    if not all((WEB_FILES / name).is_file() for name in ("index.html", "offline.js")):
        raise WebFilesMissingError(_("This copy of the app lacks its web page (app/ui/web), and without it the "
                                     "browser would ask the internet for files. Copy the app onto the stick again, or "
                                     "open the studio in its window."))
    keep_crashes_private()
    os.environ["FLET_FORCE_WEB_SERVER"] = "true"  # serve only: never open a browser on the host by itself
    port = port or free_port()
    announce(f"http://{LOOPBACK}:{port}")
    for name in ("FLET_ASSETS_DIR", "FLET_WEB_PATH", "FLET_WEB_NO_CDN"):  # a host's own would replace ours
        os.environ.pop(name, None)
    ft.run(make_main(api_url), view=ft.AppView.WEB_BROWSER, host=LOOPBACK, port=port, no_cdn=True,
           assets_dir=str(WEB_FILES))
