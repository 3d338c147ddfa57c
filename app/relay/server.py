"""`relay_server`: the relay's WSGI app on waitress, for the command line, the tests and the benchmark."""

from __future__ import annotations

import threading
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass

from sqlalchemy.engine import make_url
from sqlalchemy.exc import OperationalError
from waitress import create_server

from app.core.i18n import _
from app.domain.errors import StorageError
from app.relay.store import Limits, Store, engine_for
from app.relay.web import create_relay_app


@dataclass
class RelayServer:
    """A running relay: its store and the waitress server answering at `url`."""

    store: Store
    url: str


@contextmanager
def relay_server(database: str, *, host: str = "127.0.0.1", port: int = 0, threads: int = 8,
                 limits: Limits | None = None, enroll_token: str | None = None,
                 connections: int = 1000) -> Iterator[RelayServer]:
    """Serve the relay over the PostgreSQL database at `database` until the block ends. `connections` is how many
    open connections waitress keeps (its default, 100, would leave the 101st device of a busy relay waiting)."""
    try:
        store = Store(engine_for(database, pool_size=threads), limits)
    except ImportError:
        raise StorageError(_("The relay needs the PostgreSQL driver psycopg, which a studio stick does not carry. "
                             "Run the relay from a checkout with `pip install .[relay]`, or with its Dockerfile "
                             "(deploy/relay).")) from None
    try:
        store.create_schema()
    except OperationalError:
        store.engine.dispose()
        where = make_url(store.engine.url)
        raise StorageError(_("The relay cannot reach its database at %(host)s:%(port)s (database %(name)s). Check "
                             "that PostgreSQL runs there and that the address, user and password in --database "
                             "are right.", host=where.host, port=where.port or 5432, name=where.database)) from None
    server = create_server(create_relay_app(store, enroll_token), host=host, port=port, threads=threads,
                           ident="tattoo-relay", max_request_body_size=store.limits.snapshot_bytes * 2,
                           connection_limit=connections)
    stopping = threading.Event()

    def run() -> None:
        try:
            server.run()
        except OSError:
            if not stopping.is_set():
                raise

    thread = threading.Thread(target=run, name="relay-server", daemon=True)
    thread.start()
    try:
        yield RelayServer(store, f"http://{host}:{server.effective_port}")
    finally:
        stopping.set()
        server.close()
        thread.join(timeout=5)
        server.task_dispatcher.shutdown(timeout=5)
        store.engine.dispose()
