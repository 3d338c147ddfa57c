"""Report figures on the wire: money in whole minor units, periods as ISO text."""

from __future__ import annotations

from datetime import date

from pydantic import Field

from app.api.schemas.common import Day, IsoDate, Out, Query, Strict


class RangeQuery(Query):
    from_: IsoDate = Field(alias="from", description="First studio-local day, YYYY-MM-DD.")
    to: IsoDate = Field(description="Last studio-local day (included), YYYY-MM-DD.")


class PeriodIncomeOut(Out):
    period: str
    net_minor: int


class ArtistShareOut(Out):
    artist_id: str
    display_name: str
    commission_pct: int
    session_income_minor: int
    tips_minor: int
    commission_minor: int
    studio_share_minor: int
    due_minor: int


class DepositFiguresOut(Out):
    taken_minor: int
    applied_minor: int
    forfeited_minor: int
    held_minor: int


class ActivityFiguresOut(Out):
    sessions_total: int
    sessions_by_status: dict[str, int]
    no_show_rate: float | None
    clients_total: int
    new_clients: int
    returning_clients: int
    done_sessions: int
    average_ticket_minor: int


class ReportFiguresOut(Out):
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
    from_: Day = Field(alias="from", description="First studio-local day, YYYY-MM-DD.")
    to: Day = Field(description="Last studio-local day (included), YYYY-MM-DD.")


class AccountingJobOut(Out):
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
