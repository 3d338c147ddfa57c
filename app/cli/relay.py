"""`relay`: serve the sync relay over PostgreSQL (it holds only ciphertext; see app/relay)."""

from __future__ import annotations

import signal
import threading
from typing import Annotated

import typer

from app.cli import cli
from app.cli.serve import wait_until_set
from app.core.i18n import _


@cli.command()
def relay(database: Annotated[str, typer.Option("--database", envvar="TATTOO_RELAY_DATABASE",
                                                help="postgresql://user:password@host:port/dbname")],
          host: Annotated[str, typer.Option(help="Address to listen on (0.0.0.0 behind a proxy or in a container).")]
          = "127.0.0.1",
          port: Annotated[int, typer.Option(min=0, max=65535, help="Port (0 picks a free one).")] = 8790,
          threads: Annotated[int, typer.Option(min=1, max=256, help="Requests served at once.")] = 16,
          per_minute: Annotated[int, typer.Option(min=1, help="Requests one device may make per minute.")] = 600,
          keep_days: Annotated[float, typer.Option(min=0, help="Days a change stays after a snapshot covers it.")]
          = 30.0,
          enroll_token: Annotated[str | None, typer.Option(envvar="TATTOO_RELAY_ENROLL_TOKEN",
                                                           help="Required to create studios and read metrics.")]
          = None) -> None:
    """Serve the sync relay until stopped: devices of a studio push and pull sealed changes through it."""
    from app.relay.server import relay_server
    from app.relay.store import Limits

    limits = Limits(per_minute=per_minute, keep_days=keep_days)
    with relay_server(database, host=host, port=port, threads=threads, limits=limits,
                      enroll_token=enroll_token) as served:
        stop = threading.Event()
        signal.signal(signal.SIGTERM, lambda *_a: stop.set())
        typer.echo(f"Relay listening on {served.url}")  # one line on stdout, in English: scripts read the address
        typer.echo(_("Press Ctrl+C to stop."), err=True)
        try:
            wait_until_set(stop)
        except KeyboardInterrupt:
            pass
    typer.echo(_("Stopped."), err=True)
