"""Running the listener: waitress on one chosen LAN address and a port of its own, in its own thread, started
when a code is opened and stopped once no code is open and no form is being filled in any more."""

from __future__ import annotations

import logging
import threading
import urllib.request
from collections.abc import Callable

from waitress import create_server

from app.api.intake_listener.addresses import is_unsafe, lan_addresses
from app.api.intake_listener.forms import FormSessions
from app.api.intake_listener.limiter import RateLimiter
from app.api.intake_listener.web import ListenerSetup, create_intake_app
from app.core.i18n import _
from app.domain.errors import ConflictError, ValidationError
from app.domain.intake import FormTicket
from app.services.intake.codes import CodeGoneError, IntakeCodes
from app.services.intake.pending import PendingRegistrations

log = logging.getLogger(__name__)

REQUESTS_PER_MINUTE = 60  # per phone: a form and its files take a few; guessing codes takes thousands


class IntakeListener:
    """The one listener of the running app; `ensure_running()` after a code is opened, `check()` to stop it."""

    def __init__(self, codes: Callable[[], IntakeCodes], pending: Callable[[], PendingRegistrations], *,
                 api_port: Callable[[], int | None] = lambda: None,
                 candidates: Callable[[], list[str]] = lan_addresses, limit: int = REQUESTS_PER_MINUTE):
        self.codes, self.pending, self.api_port, self.candidates = codes, pending, api_port, candidates
        self.address: str | None = None  # the staff's choice, else the first candidate
        self._limit = limit
        self._server = None
        self._thread: threading.Thread | None = None
        self._timer: threading.Timer | None = None
        self._lock = threading.RLock()
        self.forms = FormSessions(lambda: self.codes().clock.now())

    @property
    def running(self) -> bool:
        """Whether the listener is up."""
        return self._server is not None

    @property
    def base_url(self) -> str | None:
        """http://ADDRESS:PORT while running, else None."""
        server = self._server
        return f"http://{self.address}:{server.effective_port}" if server is not None else None

    def choose(self, address: str | None) -> str:
        """Pick the address phones will use: `address` if it is one of this computer's, else the first one."""
        found = self.candidates()
        if address is not None and (is_unsafe(address) or address not in found):
            raise ValidationError(_("%(address)s is not one of this computer's network addresses. Choose one of: "
                                    "%(found)s.", address=address, found=", ".join(found) or "-"))
        if not found:
            raise ConflictError(_("This computer is on no local network, so no phone can reach it. Connect it to "
                                  "the studio's Wi-Fi or network cable and try again."))
        with self._lock:
            chosen = address or (self.address if self.address in found else found[0])
            if self._server is not None and chosen != self.address:
                self._stop()
            self.address = chosen
        return chosen

    def ensure_running(self, address: str | None = None) -> str:
        """Start the listener if it is down (on `address` or the chosen one); return its base URL."""
        chosen = self.choose(address)
        with self._lock:
            if self._server is None:
                setup = ListenerSetup(self.codes, self.pending, self.forms, RateLimiter(self._limit, 60.0))
                server = create_server(create_intake_app(setup), host=chosen, port=0, threads=2,
                                       ident="tattoo-intake", clear_untrusted_proxy_headers=True)
                if server.effective_port == self.api_port() or is_unsafe(str(server.effective_host)):
                    server.close()
                    raise ConflictError(_("The registration listener could not get a port of its own. Try again."))
                setup.host = f"{chosen}:{server.effective_port}"
                self._server = server
                self._thread = threading.Thread(target=self._serve, args=(server,), name="intake-listener",
                                                daemon=True)
                self._thread.start()
                log.info("The registration listener is up.")
            self._arm()
            return self.base_url  # type: ignore[return-value]

    def check(self) -> None:
        """Stop the listener if no code is open and no form is being filled in; else look again later."""
        with self._lock:
            if self._server is None:
                return
            self._arm()

    def self_test(self) -> bool:
        """Whether the listener answers on its address from this computer (the QR screen's check)."""
        url = self.base_url
        if url is None:
            return False
        try:
            with urllib.request.urlopen(f"{url}/health", timeout=3) as answer:  # noqa: S310 (our own http URL)
                return bool(answer.status == 200)
        except OSError:
            return False

    def stop(self) -> None:
        """Stop the listener now (the app is ending)."""
        with self._lock:
            self._stop()

    def _arm(self) -> None:
        if self._timer is not None:
            self._timer.cancel()
            self._timer = None
        now = self.codes().clock.now()
        self.forms.drop_where(self._withdrawn)
        ends = [c.expires_at for c in self.codes().open_codes()]
        if (form_ends := self.forms.any_open()) is not None:
            ends.append(form_ends)
        if not ends:
            self._stop()
            return
        wait = max(0.5, (min(ends) - now).total_seconds() + 0.5)
        self._timer = threading.Timer(min(wait, 600.0), self.check)
        self._timer.daemon = True
        self._timer.start()

    def _withdrawn(self, ticket: FormTicket) -> bool:
        try:
            self.codes().still_good(ticket)
        except CodeGoneError:
            return True
        return False

    def _stop(self) -> None:
        if self._timer is not None:
            self._timer.cancel()
            self._timer = None
        server, self._server = self._server, None
        if server is not None:
            server.close()
            for channel in list(server._map.values()):  # phones' open keep-alive connections end with it
                channel.close()
            if self._thread is not None:
                self._thread.join(timeout=5)
            server.task_dispatcher.shutdown(timeout=5)
            log.info("The registration listener is down.")

    @staticmethod
    def _serve(server) -> None:
        try:
            server.run()
        except OSError:
            pass  # closing the socket under the poll loop is how waitress stops

