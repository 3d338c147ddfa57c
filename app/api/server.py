"""The embedded waitress server: 127.0.0.1 only, an ephemeral port, a daemon thread."""

from __future__ import annotations

import threading

from waitress import create_server

LOOPBACK = "127.0.0.1"


class ApiServer:
    """Serve a WSGI app on loopback in the background; `url` tells where."""

    def __init__(self, wsgi_app, port: int = 0, threads: int = 4):
        self.app = wsgi_app
        self._server = create_server(wsgi_app, host=LOOPBACK, port=port, threads=threads,
                                     ident="tattoo-stick")
        self._stopping = threading.Event()
        self._thread = threading.Thread(target=self._serve, name="api-server", daemon=True)

    def _serve(self) -> None:
        try:
            self._server.run()
        except OSError:
            # closing the socket under the poll loop is how waitress stops; only then is EBADF expected
            if not self._stopping.is_set():
                raise

    @property
    def port(self) -> int:
        """The port the server listens on (the one the OS picked when asked for 0)."""
        return self._server.effective_port

    @property
    def url(self) -> str:
        """The server's base URL on the loopback address."""
        return f"http://{LOOPBACK}:{self.port}"

    def sockets(self) -> list:
        """Return the listening sockets (one: we bind a single loopback address)."""
        return [self._server.socket]

    def start(self) -> ApiServer:
        """Start answering requests; return self."""
        self._thread.start()
        return self

    def stop(self) -> None:
        """Stop accepting requests, close the listening socket and let the worker threads finish."""
        self._stopping.set()
        self._server.close()
        self._thread.join(timeout=5)
        self._server.task_dispatcher.shutdown(timeout=5)
