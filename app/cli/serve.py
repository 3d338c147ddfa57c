"""`serve` and `run`: start the embedded API on this stick."""

from __future__ import annotations

import signal
import threading
from typing import Annotated

import typer

from app.cli import cli
from app.cli.common import Home, Installed, holding, stick

Port = Annotated[int, typer.Option(min=0, max=65535, help="Port on 127.0.0.1 (0 picks a free one).")]


def _serve_until_stopped(home: str | None, installed: bool, port: int, what: str) -> None:
    from app.api import create_app
    from app.api.server import ApiServer
    from app.container import Container

    paths = stick(home, installed)
    with holding(paths):
        container = Container(paths)
        server = ApiServer(create_app(container), port=port).start()
        stop = threading.Event()
        signal.signal(signal.SIGTERM, lambda *_: stop.set())
        typer.echo(f"{what} on {server.url}")  # one line on stdout: scripts read the address from it
        typer.echo(f"Stick: {paths.root}. Press Ctrl+C to stop.", err=True)
        try:
            stop.wait()
        except KeyboardInterrupt:
            pass
        finally:
            server.stop()
            container.close()
    typer.echo("Stopped.", err=True)


@cli.command()
def serve(home: Home = None, installed: Installed = False, port: Port = 8765) -> None:
    """Serve the studio's HTTP API on 127.0.0.1 until stopped."""
    _serve_until_stopped(home, installed, port, "API listening")


@cli.command()
def run(home: Home = None, installed: Installed = False, port: Port = 0) -> None:
    """Start the app on this stick. Until the desktop window lands, this serves the API."""
    _serve_until_stopped(home, installed, port, "Studio app (API only so far) listening")
