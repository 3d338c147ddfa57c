"""Tomorrow's briefing for one artist: their sessions, which clients have health alerts to read, what is still
owed, and ink lots about to expire; made only from that artist's own data, read as that artist.

The model phrases the facts when it can; without it (no extra, no model) the facts themselves are the briefing.
The briefing holds no medical text: it says whose alert to read, and the client's page shows it."""

from __future__ import annotations

import threading
from dataclasses import dataclass
from datetime import date, datetime, timedelta

from app.ai.assistant import prompts
from app.ai.assistant.generation import as_messages, sentences_only, stream_when_free
from app.ai.assistant.lookups import Lookups
from app.ai.assistant.reads import StudioReads
from app.ai.engine import AssistantEngine
from app.core import i18n
from app.core.clock import Clock
from app.core.i18n import _
from app.db.engine import Database
from app.db.repos.briefings import BriefingsRepository
from app.domain.errors import ConflictError, DomainError
from app.domain.records import User, local_day
from app.services.authz import require_user

INKS_AHEAD_DAYS = 31  # ink lots expiring within this many days are mentioned


@dataclass(frozen=True)
class Briefing:
    """One artist's briefing for one day."""

    artist_id: str
    day: date
    text: str
    made_at: datetime
    sessions: int


class BriefingService:
    """Makes and keeps each artist's briefing; an artist reads only their own."""

    def __init__(self, db: Database, reads: StudioReads, engine: AssistantEngine, clock: Clock | None = None,
                 repo: BriefingsRepository | None = None):
        self.db, self.reads, self.engine, self.clock = db, reads, engine, clock or Clock()
        self.repo = repo or BriefingsRepository()

    def tomorrow(self, actor: User | None) -> date:
        """The studio's tomorrow."""
        me = require_user(actor)
        return local_day(self.clock.now(), self.reads.settings(me).timezone) + timedelta(days=1)

    def facts(self, artist: User | None, day: date) -> list[str]:
        """What the artist should know for `day`, read with the artist's own rights (never another's sessions)."""
        return self._gather(require_user(artist), day)[0]

    def _gather(self, me: User, day: date) -> tuple[list[str], int]:
        if not me.is_artist:
            raise ConflictError(_("Only artists get a briefing of their sessions: this account is not an artist."))
        settings = self.reads.settings(me)
        with i18n.speaking(settings.locale):
            look = Lookups(self.reads, me, settings)
            mine = [s for s in look.sessions_between(day, day, me.id)
                    if s.artist_id == me.id and s.status != "cancelled"]
            lines = list(look.bookings(day, me.id))
            lines += [_("%(client)s has a health alert: read it on the client's page before the session.",
                        client=s.client_name) for s in mine if s.client_has_alert]
            for s in mine:
                due = self.reads.balance(me, s.id).balance_minor
                if due > 0:
                    lines.append(_("%(client)s still owes %(amount)s for this session.", client=s.client_name,
                                   amount=look.money_text(due)))
            lines += look.expiring_lots(day, day + timedelta(days=INKS_AHEAD_DAYS))
        return lines, len(mine)

    def make(self, artist: User | None, day: date) -> Briefing:
        """Make and keep the artist's briefing for `day`; the model phrases it when it is there."""
        me = require_user(artist)
        facts, count = self._gather(me, day)
        settings = self.reads.settings(me)
        text = "\n".join(facts)
        if self.engine.status().ready:
            with i18n.speaking(settings.locale):
                turns = prompts.briefing(settings, me.display_name, facts)
            try:
                pieces = stream_when_free(self.engine, as_messages(turns), threading.Event())
                text = "".join(sentences_only(pieces)).strip() or text
            except DomainError:  # busy, too little memory, the time limit: the facts are briefing enough
                pass
        made = Briefing(me.id, day, text, self.clock.now(), count)
        with self.db.write() as conn:
            stored = self.repo.load(conn)
            stored[me.id] = {"day": day.isoformat(), "text": text, "made_at": made.made_at.isoformat(),
                             "sessions": count}
            self.repo.save(conn, stored)
        return made

    def mine(self, actor: User | None) -> Briefing | None:
        """The acting user's latest briefing (None when there is none)."""
        me = require_user(actor)
        with self.db.read() as conn:
            found = self.repo.load(conn).get(me.id)
        if found is None:
            return None
        return Briefing(me.id, date.fromisoformat(found["day"]), found["text"],
                        datetime.fromisoformat(found["made_at"]), found["sessions"])

    def artists(self, actor: User | None) -> list[User]:
        """Who gets a briefing: the active artists."""
        return self.reads.artists(require_user(actor))
