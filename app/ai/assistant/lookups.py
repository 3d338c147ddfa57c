"""Running a chosen query through the services as the acting user, and writing its result as plain facts.

The facts are what the model phrases: it never sees more than the acting user could see on a screen."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date, datetime, timedelta
from zoneinfo import ZoneInfo

from babel.dates import format_date, format_time

from app.ai.assistant.queries import (
    ArtistFreeHours,
    BookingsOnDay,
    ClientHistory,
    InkLotsExpiring,
    TakingsByMethod,
)
from app.ai.assistant.reads import StudioReads
from app.core.i18n import _
from app.domain.booking import LIVE_STATUSES, STATUS_WORDS, SessionRecord
from app.domain.errors import NotFoundError
from app.domain.money import money
from app.domain.opening_hours import open_between
from app.domain.records import StudioSettings, User
from app.domain.register import METHOD_LABELS
from app.domain.reports import utc_bounds


@dataclass(frozen=True)
class Lookup:
    """What one query found, written as lines of facts for the model to phrase."""

    query: str
    facts: tuple[str, ...]


class Lookups:
    """Runs each query of app.ai.assistant.queries through the read-only services as one acting user."""

    def __init__(self, reads: StudioReads, actor: User, settings: StudioSettings):
        self.reads, self.actor, self.settings = reads, actor, settings
        self.zone = ZoneInfo(settings.timezone)

    def run(self, choice: object) -> Lookup:
        """Run a checked query (one of the models in app.ai.assistant.queries)."""
        if isinstance(choice, BookingsOnDay):
            return Lookup(choice.query, self.bookings(choice.day))
        if isinstance(choice, ArtistFreeHours):
            return Lookup(choice.query, self.free_hours(choice))
        if isinstance(choice, TakingsByMethod):
            return Lookup(choice.query, self.takings(choice))
        if isinstance(choice, InkLotsExpiring):
            return Lookup(choice.query, self.expiring_inks(choice.start, choice.end))
        if isinstance(choice, ClientHistory):
            return Lookup(choice.query, self.client_history(choice.client, include_health=False))
        raise TypeError(f"not a query: {type(choice).__name__}")

    def bookings(self, day: date, artist_id: str | None = None) -> tuple[str, ...]:
        """The sessions of one local day (of one artist if given), one line each."""
        found = [s for s in self.sessions_between(day, day, artist_id) if s.status != "cancelled"]
        if not found:
            return (_("No sessions are booked on %(day)s.", day=self._day(day)),)
        return (_("Sessions on %(day)s:", day=self._day(day)),
                *(self._session_line(s) for s in found))

    def free_hours(self, asked: ArtistFreeHours) -> tuple[str, ...]:
        """Blocks of at least `hours` free hours within the studio's opening hours, per artist, in the range."""
        artists = self.reads.artists(self.actor)
        if asked.artist:
            wanted = asked.artist.casefold()
            artists = [a for a in artists if wanted in a.display_name.casefold()]
            if not artists:
                raise NotFoundError(_("No artist is called '%(name)s'. Check the name.", name=asked.artist[:80]))
        sessions = self.sessions_between(asked.start, asked.end)
        lines = []
        for artist in artists:
            busy = [s for s in sessions if s.artist_id == artist.id and s.status in LIVE_STATUSES]
            for day, start, end in self._gaps(asked.start, asked.end, busy):
                if end - start >= timedelta(hours=asked.hours):
                    lines.append(_("%(artist)s is free on %(day)s from %(start)s to %(end)s.",
                                   artist=artist.display_name, day=self._day(day), start=self._time(start),
                                   end=self._time(end)))
        if not lines:
            return (_("No artist has %(hours)s free hours in a row between %(start)s and %(end)s.",
                      hours=asked.hours, start=self._day(asked.start), end=self._day(asked.end)),)
        return tuple(lines)

    def takings(self, asked: TakingsByMethod) -> tuple[str, ...]:
        """Net takings per payment method over a range of days (the reports' rule: admins only)."""
        figures = self.reads.figures(self.actor, asked.start, asked.end)
        methods = [asked.method] if asked.method else list(figures.by_method)
        lines = [_("Takings from %(start)s to %(end)s:", start=self._day(asked.start), end=self._day(asked.end))]
        lines += [f"{_(METHOD_LABELS[m])}: {self.money_text(figures.by_method.get(m, 0))}" for m in methods]
        if not asked.method:
            lines.append(_("Total: %(amount)s", amount=self.money_text(figures.net_total_minor)))
        return tuple(lines)

    def expiring_inks(self, start: date, end: date) -> tuple[str, ...]:
        """The ink lots whose expiry falls in the range (a sentence when none does)."""
        return self.expiring_lots(start, end) or (
            _("No ink lot expires between %(start)s and %(end)s.", start=self._day(start), end=self._day(end)),)

    def expiring_lots(self, start: date, end: date) -> tuple[str, ...]:
        """One line per ink lot whose expiry falls in the range (none when none does)."""
        lots = sorted((lot for lot in self.reads.ink_lots(self.actor) if start <= lot.expires_on <= end),
                      key=lambda lot: lot.expires_on)
        return tuple(_("%(brand)s %(colour)s, lot %(lot)s, expires on %(day)s.", brand=lot.brand, colour=lot.colour,
                       lot=lot.lot, day=self._day(lot.expires_on)) for lot in lots)

    def client_history(self, name: str, *, include_health: bool) -> tuple[str, ...]:
        """One client's sessions, artists, spend, no-shows and open balance; the medical alerts only if asked
        (the caller has already checked that the acting user may see them)."""
        found = self.reads.find_clients(self.actor, name)
        if not found:
            raise NotFoundError(_("No client is called '%(name)s'. Check the spelling.", name=name[:80]))
        detail = self.reads.client(self.actor, found[0].id)
        sessions = detail.sessions
        artists = sorted({s.artist_name for s in sessions})
        spent = sum(p.amount_minor if p.kind != "refund" else -p.amount_minor for p in detail.payments)
        open_balance = sum(max(0, self.reads.balance(self.actor, s.id).balance_minor)  # finished work unpaid
                           for s in sessions if s.status == "done")
        lines = [_("Client: %(name)s", name=f"{detail.client.first_name} {detail.client.last_name}"),
                 _("Sessions: %(count)s, with %(artists)s.", count=len(sessions), artists=", ".join(artists) or "-"),
                 _("Spent: %(amount)s", amount=self.money_text(spent)),
                 _("No-shows: %(count)s", count=sum(s.status == "no_show" for s in sessions)),
                 _("Open balance: %(amount)s", amount=self.money_text(open_balance))]
        lines += [_("%(day)s: %(placement)s with %(artist)s (%(status)s)", day=self._day(self._local(s.starts_at)),
                    placement=s.placement or "-", artist=s.artist_name, status=_(STATUS_WORDS[s.status]))
                  for s in sessions[-10:]]
        if include_health:
            lines += [_("Health alert: %(text)s", text=a.text) for a in detail.alerts] or [_("No health alerts.")]
        return tuple(lines)

    def sessions_between(self, start: date, end: date, artist_id: str | None = None) -> list[SessionRecord]:
        """The sessions starting on local days start..end (of one artist if given)."""
        first, after = utc_bounds(start, end, self.settings.timezone)
        return self.reads.sessions(self.actor, first, after, artist_id)

    def _gaps(self, start: date, end: date, busy: list[SessionRecord]):
        for offset in range((end - start).days + 1):
            day = start + timedelta(days=offset)
            hours = open_between(self.settings.opening_hours, day, self.zone)
            if hours is None:
                continue  # the studio is closed that day
            opens, closes = hours
            cursor = opens
            for s in sorted((s for s in busy if s.starts_at < closes and s.ends_at > opens), key=lambda s: s.starts_at):
                if s.starts_at > cursor:
                    yield day, cursor, s.starts_at.astimezone(self.zone)
                cursor = max(cursor, s.ends_at.astimezone(self.zone))
            if closes > cursor:
                yield day, cursor, closes

    def _session_line(self, s: SessionRecord) -> str:
        return _("%(start)s-%(end)s: %(client)s with %(artist)s, %(placement)s (%(status)s)",
                 start=self._time(s.starts_at), end=self._time(s.ends_at), client=s.client_name,
                 artist=s.artist_name, placement=s.placement or "-", status=_(STATUS_WORDS[s.status]))

    def _local(self, at: datetime) -> date:
        return at.astimezone(self.zone).date()

    def _day(self, day: date) -> str:
        return format_date(day, "full", locale=self.settings.locale)

    def _time(self, at: datetime) -> str:
        return format_time(at.astimezone(self.zone), "short", locale=self.settings.locale)

    def money_text(self, minor: int) -> str:
        """An amount in the studio's currency and locale."""
        return money(minor, self.settings.currency, self.settings.locale)
