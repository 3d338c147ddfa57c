"""`serving(paths)`: the studio's API on 127.0.0.1 over one Container, for the CLI, tools and tests alike."""

from __future__ import annotations

from collections.abc import Callable, Iterator
from contextlib import contextmanager
from dataclasses import dataclass
from typing import Protocol

from app.api import create_app
from app.api.server import ApiServer
from app.container import Container
from app.core.clock import Clock
from app.core.paths import StickPaths
from app.services.sync.protocol import Relay
from app.sync.relay_client import RelayClient


class Stoppable(Protocol):
    """Something that runs beside the API (the CLI's backups and Prefect) and stops at the end."""

    def stop(self) -> None:
        """Stop serving and let go of the port."""


@dataclass(frozen=True)
class Served:
    """A running API: the container it serves and the waitress server answering at `url`."""

    container: Container
    server: ApiServer

    @property
    def url(self) -> str:
        """The API's address, http://127.0.0.1:PORT."""
        return self.server.url


def _relay(url: str, credential: str | None) -> Relay:
    """A client of the relay at `url`, as the device's credential (None before pairing)."""
    return RelayClient(url, credential)


@contextmanager
def serving(paths: StickPaths, clock: Clock | None = None, *, port: int = 0, threads: int = 4,
            beside: Callable[[Container], Stoppable] | None = None, safe_mode: bool = False) -> Iterator[Served]:
    """Open a Container on `paths` and serve it until the block ends, then stop in order: the server
    (no request comes in after), what `beside` started on the container, and the container last.
    `safe_mode` loads no plugin at unlock."""
    container = Container(paths, clock, safe_mode=safe_mode)
    container.relay_for = _relay  # the sync speaks HTTP to the relay from here, not from the container
    try:
        companion = beside(container) if beside is not None else None
        try:
            api = create_app(container)
            server = ApiServer(api, port=port, threads=threads).start()
            api.config["INTAKE"].api_port = lambda: server.port  # the intake listener never takes the API's port
            try:
                yield Served(container, server)
            finally:
                server.stop()
                api.config["INTAKE"].stop()
        finally:
            if companion is not None:
                companion.stop()
    finally:
        container.close()
