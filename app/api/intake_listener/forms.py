"""Form sessions: a phone that exchanged a code holds a random cookie; the listener keeps, in memory only, which
code it stands for and the form's CSRF token, until the form is sent or its time is up."""

from __future__ import annotations

import hmac
import secrets
import threading
from collections.abc import Callable
from dataclasses import dataclass
from datetime import datetime

from app.domain.intake import FormTicket

MAX_SESSIONS = 1000  # more open forms than any studio has phones: the oldest go first


@dataclass(frozen=True)
class FormSession:
    """One open form: its ticket and its CSRF token."""

    ticket: FormTicket
    csrf: str


class FormSessions:
    """The open forms of the listener's lifetime (gone when it stops)."""

    def __init__(self, now: Callable[[], datetime]):
        self._now = now
        self._open: dict[str, FormSession] = {}
        self._lock = threading.Lock()

    def start(self, ticket: FormTicket) -> str:
        """Open a form session for a ticket; return the cookie's value."""
        token = secrets.token_urlsafe(32)
        with self._lock:
            self._prune()
            if len(self._open) >= MAX_SESSIONS:
                del self._open[next(iter(self._open))]
            self._open[token] = FormSession(ticket, secrets.token_urlsafe(32))
        return token

    def get(self, token: str | None) -> FormSession | None:
        """The open form this cookie holds, or None (unknown or timed out)."""
        with self._lock:
            self._prune()
            return self._open.get(token or "")

    def csrf_ok(self, session: FormSession, sent: str | None) -> bool:
        """Whether the form sent back its own CSRF token (compared in constant time)."""
        return bool(sent) and hmac.compare_digest(session.csrf.encode(), (sent or "").encode())

    def end(self, token: str | None) -> None:
        """Close a form session (the form was sent)."""
        with self._lock:
            self._open.pop(token or "", None)

    def drop_where(self, gone: Callable[[FormTicket], bool]) -> None:
        """Close every form session whose ticket is `gone` (its code was withdrawn)."""
        with self._lock:
            for token in [t for t, s in self._open.items() if gone(s.ticket)]:
                del self._open[token]

    def any_open(self) -> datetime | None:
        """When the last open form times out, or None if no form is open."""
        with self._lock:
            self._prune()
            return max((s.ticket.expires_at for s in self._open.values()), default=None)

    def _prune(self) -> None:
        now = self._now()
        for token in [t for t, s in self._open.items() if s.ticket.expires_at <= now]:
            del self._open[token]
