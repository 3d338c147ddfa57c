"""Report queries: payments grouped for the figures, session activity, and the payments of a range."""

from __future__ import annotations

from datetime import date, datetime

from sqlalchemy import Connection, and_, case, func, literal_column, select
from sqlalchemy.orm import aliased

from app.db.models import Payment as PaymentRow
from app.db.models import Session
from app.domain.register import Payment
from app.domain.reports import PaymentGroup

Original = aliased(PaymentRow)  # the payment a correcting entry points at
_COLUMNS = (PaymentRow.id, PaymentRow.amount_minor, PaymentRow.method, PaymentRow.kind,
            PaymentRow.client_id, PaymentRow.session_id, PaymentRow.artist_id, PaymentRow.taken_by,
            PaymentRow.taken_at, PaymentRow.register_day, PaymentRow.corrects_id, PaymentRow.note)
_TIP_REFUND = case((and_(PaymentRow.kind == "refund", Original.kind == "tip"), 1), else_=0)
# What a payment adds to its session's paid amount: deposits and payments in, refunds (not of tips) out.
_PAID = case((PaymentRow.kind.in_(("deposit", "payment")), PaymentRow.amount_minor),
             (and_(PaymentRow.kind == "refund", _TIP_REFUND == 0), -PaymentRow.amount_minor), else_=0)


def _with_original(query):
    return query.outerjoin(Original, Original.id == PaymentRow.corrects_id)


def _starting(start_utc: datetime, end_utc: datetime):
    return and_(Session.starts_at >= start_utc, Session.starts_at < end_utc)


class ReportRepository:
    """Read-only queries over payments and sessions for reports and exports."""

    def payment_groups(self, conn: Connection, start: date, end: date) -> list[PaymentGroup]:
        """Payments counting in register days start..end, added up by day, method, kind and artist."""
        artist = func.coalesce(PaymentRow.artist_id, Session.artist_id)
        query = _with_original(
            select(PaymentRow.register_day, PaymentRow.method, PaymentRow.kind, artist, _TIP_REFUND,
                   func.sum(PaymentRow.amount_minor), func.count())
            .select_from(PaymentRow).outerjoin(Session, Session.id == PaymentRow.session_id))
        query = (query.where(PaymentRow.register_day.between(start, end))
                 .group_by(PaymentRow.register_day, PaymentRow.method, PaymentRow.kind, artist, _TIP_REFUND))
        return [PaymentGroup(day, method, kind, artist_id, bool(flag), amount, count)
                for day, method, kind, artist_id, flag, amount, count in conn.execute(query)]

    def deposits_by_status(self, conn: Connection, start: date, end: date) -> dict[str | None, int]:
        """Deposits taken in start..end, added up by the current status of their session (None: no session)."""
        query = (select(Session.status, func.sum(PaymentRow.amount_minor))
                 .select_from(PaymentRow).outerjoin(Session, Session.id == PaymentRow.session_id)
                 .where(PaymentRow.kind == "deposit", PaymentRow.register_day.between(start, end))
                 .group_by(Session.status))
        return {status: amount for status, amount in conn.execute(query)}

    def sessions_by_status(self, conn: Connection, start_utc: datetime, end_utc: datetime) -> dict[str, int]:
        """How many sessions start in [start_utc, end_utc), by status."""
        query = (select(Session.status, func.count()).where(_starting(start_utc, end_utc))
                 .group_by(Session.status))
        return {status: count for status, count in conn.execute(query)}

    def client_counts(self, conn: Connection, start_utc: datetime, end_utc: datetime) -> tuple[int, int]:
        """(clients with a session in the range, those whose first ever session is in it); cancelled ones aside."""
        kept = Session.status != "cancelled"
        seen = select(Session.client_id).where(kept, _starting(start_utc, end_utc))
        firsts = (select(Session.client_id, func.min(Session.starts_at).label("first"))
                  .where(kept, Session.client_id.in_(seen)).group_by(Session.client_id).subquery())
        new = func.coalesce(func.sum(case((firsts.c.first >= start_utc, 1), else_=0)), 0)
        total, fresh = conn.execute(select(func.count(), new).select_from(firsts)).one()
        return total, fresh

    def done_tickets(self, conn: Connection, start_utc: datetime, end_utc: datetime) -> tuple[int, int]:
        """(done sessions starting in the range, what was paid on them in all, tips aside)."""
        done = select(Session.id).where(Session.status == "done", _starting(start_utc, end_utc))
        count = conn.execute(select(func.count()).select_from(done.subquery())).scalar_one()
        paid = conn.execute(_with_original(select(func.coalesce(func.sum(_PAID), 0)).select_from(PaymentRow))
                            .where(PaymentRow.session_id.in_(done))).scalar_one()
        return count, paid

    def payments_between(self, conn: Connection, start: date, end: date) -> list[Payment]:
        """Every payment counting in register days start..end, in the order they were taken."""
        query = (select(*_COLUMNS).where(PaymentRow.register_day.between(start, end))
                 .order_by(PaymentRow.register_day, PaymentRow.taken_at, literal_column("payments.rowid")))
        return [Payment(*tuple(row)) for row in conn.execute(query)]
