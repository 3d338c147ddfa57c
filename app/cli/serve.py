"""`serve` and `run`: start the embedded API on this stick."""

from __future__ import annotations

import signal
import threading
from typing import TYPE_CHECKING, Annotated

import typer

from app.cli import cli
from app.cli.common import Home, Installed, holding, stick
from app.core.i18n import _

if TYPE_CHECKING:
    from app.container import Container
    from flows.schedule import StudioSchedule

SafeMode = Annotated[bool, typer.Option("--safe-mode", help="Load no plugin this time (an admin can still "
                                       "disable the one that stops the app).")]
Port = Annotated[int, typer.Option(min=0, max=65535, help="Port on 127.0.0.1 (0 picks a free one).")]


def wait_until_set(stop: threading.Event, poll: float = 0.5) -> None:
    """Block until `stop` is set, waking every `poll` seconds: a signal the kernel hands to another
    thread (a waitress worker, an Argon2 worker) only runs its Python handler when the main thread
    wakes, so a plain `stop.wait()` could sleep through SIGTERM for good."""
    while not stop.wait(poll):
        pass


def _behind_the_screens(container: Container) -> StudioSchedule:
    """Switch on the container's schedule: Prefect's server and scheduled backups start after the first login;
    at the end, after the server, the last backup, then Prefect's server (flows/schedule.py StudioSchedule)."""
    return container.schedule.begin()


def _serve_until_stopped(home: str | None, installed: bool, port: int, what: str, safe_mode: bool = False) -> None:
    from app.api.serving import serving

    paths = stick(home, installed)
    with holding(paths), serving(paths, port=port, beside=_behind_the_screens, safe_mode=safe_mode) as served:
        stop = threading.Event()
        signal.signal(signal.SIGTERM, lambda *_: stop.set())
        typer.echo(f"{what} on {served.url}")  # one line on stdout, in English: scripts read the address from it
        typer.echo(_("Stick: %(root)s. Press Ctrl+C to stop.", root=paths.root), err=True)
        try:
            wait_until_set(stop)
        except KeyboardInterrupt:
            pass
    typer.echo(_("Stopped."), err=True)


def _say_web_address(url: str, api: str) -> None:
    """The page's address: in English on stdout for the scripts that read it, then for the studio on stderr."""
    typer.echo(f"Studio app on {url} (API on {api})")
    typer.echo(_("Open %(url)s in a browser on this computer. Press Ctrl+C to stop.", url=url), err=True)


@cli.command()
def serve(home: Home = None, installed: Installed = False, port: Port = 8765, safe_mode: SafeMode = False) -> None:
    """Serve the studio's HTTP API on 127.0.0.1 until stopped."""
    _serve_until_stopped(home, installed, port, "API listening", safe_mode)


@cli.command()
def run(home: Home = None, installed: Installed = False, web: Annotated[bool, typer.Option(
        "--web", help="Serve the studio to a browser on 127.0.0.1 instead of opening a window.")] = False,
        port: Annotated[int, typer.Option(min=0, max=65535, help="Web mode's port (0 picks a free one).")] = 0,
        safe_mode: SafeMode = False) -> None:
    """Open the studio on this stick: a window, or with --web (or no display) a page on 127.0.0.1."""
    from app.ui import launch

    paths = stick(home, installed)
    if not web and not launch.has_display():
        typer.echo(_("No display here, so the studio opens in web mode instead of a window."), err=True)
        web = True
    # Prefect and scheduled backups start after the first login; they stop after the server, before the database.
    with holding(paths):
        if web:
            from app.api.serving import serving

            with serving(paths, beside=_behind_the_screens, safe_mode=safe_mode) as served:
                launch.serve_web(served.url, port, lambda url: _say_web_address(url, served.url))
        else:
            from app.cli.window import open_window

            typer.echo(_("Opening the studio window."), err=True)
            open_window(paths, _behind_the_screens, safe_mode)  # the login form first, the API behind it
    typer.echo(_("Stopped."), err=True)
