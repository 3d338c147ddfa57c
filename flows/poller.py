"""`Poller`: the one background loop behind every schedule of the running app (backups, plugin jobs, tomorrow's
briefings, sync). A subclass says what one round does (`round()`, returning the seconds to wait before the next);
the base owns the thread, the stop event and the join, so every schedule starts, waits and stops the same way.
"""

from __future__ import annotations

import threading
from typing import Self


class Poller:
    """A daemon thread that waits `poll` seconds, runs `round()`, and again, until `stop()`.

    `first_wait` False runs the first round at once (the sync does: it should not wait a minute after login)."""

    thread_name = "poller"
    join_seconds = 10.0  # `stop()` waits this long for a round under way
    first_wait = True

    def __init__(self, poll: float):
        self.poll = poll
        self._stop = threading.Event()
        self._thread: threading.Thread | None = None

    def round(self) -> float:
        """Do one round's work; return the seconds to wait before the next (the poll by default)."""
        raise NotImplementedError

    def wait(self, seconds: float) -> bool:
        """Wait up to `seconds`; True when stopped meanwhile."""
        return self._stop.wait(seconds)

    def start(self, first_delay: float | None = None) -> Self:
        """Run rounds in a background thread until stopped; the first after `first_delay` seconds if given (else
        after the poll, or at once when `first_wait` is False)."""
        def loop() -> None:
            delay = first_delay if first_delay is not None else self.poll if self.first_wait else 0.0
            while not self.wait(delay):
                delay = self.round()

        self._thread = threading.Thread(target=loop, name=self.thread_name, daemon=True)
        self._thread.start()
        return self

    def stop(self) -> None:
        """Stop (waits for a round under way to end, up to `join_seconds`)."""
        self._stop.set()
        thread = self._thread
        if thread is not None and thread.is_alive() and thread is not threading.current_thread():
            thread.join(timeout=self.join_seconds)
