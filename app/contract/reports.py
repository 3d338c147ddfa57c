"""Report figures on the wire: money in whole minor units, periods as ISO text."""

from __future__ import annotations

from datetime import date

from pydantic import Field

from app.contract.common import Day, IsoDate, Out, Query, Strict


class RangeQuery(Query):
    """A range of studio-local days, both included."""
    from_: IsoDate = Field(alias="from", description="First studio-local day, YYYY-MM-DD.")
    to: IsoDate = Field(description="Last studio-local day (included), YYYY-MM-DD.")


class PeriodIncomeOut(Out):
    """Net income of one day, week or month."""
    period: str
    net_minor: int


class ArtistShareOut(Out):
    """An artist's session income, commission, tips and what the studio owes them."""
    artist_id: str
    display_name: str
    commission_pct: int
    session_income_minor: int
    tips_minor: int
    commission_minor: int
    studio_share_minor: int
    due_minor: int


class DepositFiguresOut(Out):
    """Deposits taken, applied to sessions, forfeited and still held."""
    taken_minor: int
    applied_minor: int
    forfeited_minor: int
    held_minor: int


class ActivityFiguresOut(Out):
    """Sessions by status, no-shows and clients of a range of days."""
    sessions_total: int
    sessions_by_status: dict[str, int]
    no_show_rate: float | None
    clients_total: int
    new_clients: int
    returning_clients: int
    done_sessions: int
    average_ticket_minor: int


class ReportFiguresOut(Out):
    """The studio's figures for a range of studio-local days."""
    start: date
    end: date
    currency: str
    timezone: str
    payments_count: int
    net_total_minor: int
    by_kind: dict[str, int]
    by_method: dict[str, int]
    by_day: list[PeriodIncomeOut]
    by_week: list[PeriodIncomeOut]
    by_month: list[PeriodIncomeOut]
    by_artist: list[ArtistShareOut]
    unattributed_minor: int
    studio_share_minor: int
    deposits: DepositFiguresOut
    tips_minor: int
    refunds_minor: int
    activity: ActivityFiguresOut


class AccountingJobIn(Strict):
    """The range of studio-local days the accountant's ZIP covers."""
    from_: Day = Field(alias="from", description="First studio-local day, YYYY-MM-DD.")
    to: Day = Field(description="Last studio-local day (included), YYYY-MM-DD.")


class AccountingJobOut(Out):
    """An accountant's export: running, done or failed, with its progress and its ZIP."""
    id: str
    state: str = Field(description="running, done or failed.")
    progress: float = Field(description="Fraction done, 0 to 1.")
    step: str = Field(description="What the export is doing now (names files, never people).")
    start: date
    end: date
    folder: str = Field(description="The folder on the stick the ZIP is written to.")
    file_name: str | None = Field(description="The ZIP's name once done.")
    size: int | None = Field(description="The ZIP's size in bytes once done.")
    error: str | None = Field(description="Why the export failed, as a sentence.")
