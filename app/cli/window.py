"""`run` in a window: the login screen first, the API behind it.

The window's login form needs none of the server: no Flask, database code, reports or Prefect. So on a stick
that holds a studio, the window opens at once on the login form while the API waits in a thread; once the
form is on the screen (or after FIRST_SCREEN_WAIT seconds, whichever comes first) that thread imports and
starts the API, while the person types. A login sent before the API answers waits for it (`ApiInBackground.url`).
"""

from __future__ import annotations

import logging
import threading
from collections.abc import Callable
from concurrent.futures import Future
from concurrent.futures import TimeoutError as FutureTimeout
from typing import TYPE_CHECKING, Any

from app.core.i18n import _
from app.domain.errors import DomainError, StorageError

if TYPE_CHECKING:
    from app.core.paths import StickPaths

log = logging.getLogger(__name__)
FIRST_SCREEN_WAIT = 5.0  # seconds the API waits for the first screen before it starts anyway
START_TIMEOUT = 180.0  # seconds a request waits for the API to start (a slow stick on a busy laptop)


class ClosedBeforeStartError(StorageError):
    """The window closed before the API was started: nothing to start any more, and nothing went wrong."""


class ApiInBackground:
    """The studio's API served from a thread: started once `first_screen` is set (or at once without a gate),
    stopped, in the order `serving` keeps, by `stop()`."""

    def __init__(self, paths: StickPaths, beside: Callable[[Any], Any], *, safe_mode: bool = False,
                 gated: bool = True, first_screen_wait: float = FIRST_SCREEN_WAIT):
        self.paths, self.beside, self.safe_mode = paths, beside, safe_mode
        self.first_screen = threading.Event()
        if not gated:
            self.first_screen.set()
        self._wait = first_screen_wait
        self._url: Future[str] = Future()
        self._stopping = threading.Event()
        self._thread = threading.Thread(target=self._serve, name="api-start")

    def start(self) -> ApiInBackground:
        """Start the thread (it waits for the first screen before importing anything of the server)."""
        self._thread.start()
        return self

    def _serve(self) -> None:
        self.first_screen.wait(self._wait)
        if self._stopping.is_set():
            self._url.set_exception(ClosedBeforeStartError(_("The window was closed before the studio had started.")))
            return
        try:
            from app.api.serving import serving

            with serving(self.paths, beside=self.beside, safe_mode=self.safe_mode) as served:
                self._url.set_result(served.url)
                log.info("The API is up behind the window")
                self._stopping.wait()
        except BaseException as exc:  # handed to whoever asks for the URL, and to `stop`
            if not self._url.done():
                self._url.set_exception(exc)
            else:
                log.error("The API stopped on an error.", exc_info=exc)

    def url(self, timeout: float = START_TIMEOUT) -> str:
        """The API's address once it answers (waiting for it); a start that failed raises its sentence."""
        try:
            return self._url.result(timeout)
        except DomainError:
            raise
        except FutureTimeout:
            raise StorageError(_("The studio is taking too long to start. Close the window and open the studio "
                                 "again; if it happens again, the log on the stick (data/logs/app.log) says why.")
                               ) from None
        except Exception as exc:
            raise StorageError(_("The studio could not start (%(kind)s). Close the window and open the studio "
                                 "again; the log on the stick (data/logs/app.log) says where it stopped.",
                                 kind=type(exc).__name__)) from None

    def stop(self) -> None:
        """Stop the API as `serving` does (server, backups and Prefect, database), and wait for it; a start
        that failed is raised here, so the command ends with its sentence."""
        self._stopping.set()
        self.first_screen.set()
        self._thread.join()
        failed = self._url.exception(timeout=0) if self._url.done() else None
        if failed is not None and not isinstance(failed, ClosedBeforeStartError):
            raise failed


def open_window(paths: StickPaths, beside: Callable[[Any], Any], safe_mode: bool = False) -> None:
    """Open the window on the login form (the wizard, on a stick with no studio, once the API answers) and
    serve the API behind it until the window closes."""
    from app.ui import launch  # flet and the client only: nothing of the server

    has_studio = paths.keyslots.exists()  # what GET /api/health would answer, read without the API
    api = ApiInBackground(paths, beside, safe_mode=safe_mode, gated=has_studio).start()
    try:
        launch.open_desktop(api.url, first_screen="login" if has_studio else None, shown=api.first_screen.set)
    finally:
        api.stop()
