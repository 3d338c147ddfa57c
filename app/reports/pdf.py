"""The studio's PDFs: the period report, the Z report of a closed day, the ink passport, the consent record."""

from __future__ import annotations

from collections.abc import Callable, Mapping, Sequence
from datetime import datetime
from zoneinfo import ZoneInfo

from reportlab.lib.units import mm
from reportlab.platypus import Spacer

from app.domain.documents import ConsentRecord, InkPassport
from app.domain.register import Payment, RegisterDaySummary
from app.domain.reports import ReportFigures
from app.reports.images import drawable_png
from app.reports.money_format import money
from app.reports.pdf_layout import PageHead, heading, paged_table, pairs, picture, render, table, text


def _local(at: datetime | None, timezone: str) -> str:
    return at.astimezone(ZoneInfo(timezone)).strftime("%Y-%m-%d %H:%M") if at else ""


def period_report(head: PageHead, figures: ReportFigures, payments: Sequence[Payment],
                  names: Mapping[str, str], charts: Sequence[bytes],
                  progress: Callable[[float], None] | None = None) -> bytes:
    """Totals, by method and by artist, the charts, then every payment of the range (a table per page)."""
    cur = figures.currency

    seen: dict[int, str] = {}

    def m(minor: int) -> str:  # a year holds thousands of payments but few distinct amounts
        if minor not in seen:
            seen[minor] = money(minor, cur)
        return seen[minor]
    totals = [("Payments", figures.payments_count), ("Net total", m(figures.net_total_minor))]
    totals += [(f"{kind.capitalize()} (gross)", m(v)) for kind, v in figures.by_kind.items()]
    totals += [("Studio share", m(figures.studio_share_minor)), ("Deposits held", m(figures.deposits.held_minor))]
    artists = [(a.display_name, f"{a.commission_pct} %", m(a.session_income_minor), m(a.commission_minor),
                m(a.tips_minor), m(a.due_minor), m(a.studio_share_minor)) for a in figures.by_artist]
    story = [heading("Totals"), pairs(totals), heading("By payment method"),
             table(("Method", "Net"), [(k, m(v)) for k, v in figures.by_method.items()]
                   + [("Total", m(figures.net_total_minor))], total_row=True),
             heading("By artist"),
             table(("Artist", "Rate", "Session income", "Commission", "Tips", "Due to artist", "Studio share"),
                   artists or [("(no artist income)", "", "", "", "", "", "")])]
    for png in charts:
        story += [Spacer(1, 4 * mm), picture(png, 160 * mm)]
    rows = [(p.register_day.isoformat(), _local(p.taken_at, figures.timezone), p.kind, p.method,
             m(p.signed_minor), names.get(p.artist_id, "") if p.artist_id else "") for p in payments]
    story += paged_table("Payments", ("Day", "Taken at", "Kind", "Method", "Amount", "Artist"),
                         rows + [("Total", "", "", "", m(sum(p.signed_minor for p in payments)), "")],
                         total_row=True)
    return render(head, story, progress)


def z_report(head: PageHead, day: RegisterDaySummary, currency: str, timezone: str, closed_by: str | None) -> bytes:
    """A closed (or still open) day's totals by method and kind, the cash count and who closed it."""
    def m(minor: int | None) -> str:
        return "" if minor is None else money(minor, currency)
    close = day.close
    state = "Closed" if close else "OPEN - not closed yet"
    cash = [("State", state), ("Opening float", m(day.opening_float_minor)),
            ("Expected cash", m(day.expected_cash_minor)),
            ("Counted cash", m(close.counted_cash_minor) if close else "not counted"),
            ("Difference (counted - expected)", m(close.difference_minor) if close else ""),
            ("Closed by", closed_by or ""), ("Closed at", _local(close.closed_at, timezone) if close else ""),
            ("Payments", len(day.payments))]
    story = [heading("Totals by method (net)"),
             table(("Method", "Net"), [(k, m(v)) for k, v in day.totals_by_method.items()]
                   + [("Total", m(day.net_total_minor))], total_row=True),
             heading("Totals by kind (gross)"),
             table(("Kind", "Gross"), [(k, m(v)) for k, v in day.totals_by_kind.items()]),
             heading("Cash"), pairs(cash)]
    return render(head, story)


def ink_passport(head: PageHead, passport: InkPassport, timezone: str) -> bytes:
    """The client's record of which inks (brand, colour, lot, expiry) went into one session."""
    h = passport.head
    about = [("Client", h.client_name), ("Date", _local(h.starts_at, timezone)), ("Placement", h.placement),
             ("Artist", h.artist_name)]
    inks = [(i.brand, i.colour, i.lot, i.expires_on.isoformat()) for i in passport.inks]
    story = [heading("Session"), pairs(about), heading("Inks used"),
             table(("Brand", "Colour", "Lot", "Expires"), inks or [("No inks recorded", "", "", "")]),
             Spacer(1, 6 * mm),
             text("Keep this passport: it tells a doctor or another artist exactly which inks you carry.")]
    return render(head, story)


def consent_record(head: PageHead, record: ConsentRecord, timezone: str) -> bytes:
    """One signed consent: who, which session, form version, guardian if any, and the signature."""
    c, h = record.consent, record.head
    about = [("Client", h.client_name), ("Born", h.birth_date.isoformat() if h.birth_date else ""),
             ("Session", _local(h.starts_at, timezone)), ("Placement", h.placement), ("Artist", h.artist_name),
             ("Form version", c.form_version), ("Signed at", _local(c.signed_at, timezone)),
             ("Recorded by", record.recorded_by_name or "")]
    if c.guardian_name:
        about.append(("Guardian", f"{c.guardian_name} ({c.guardian_relation or ''})"))
    story = [heading("Consent"), pairs(about), heading("Signature")]
    drawable = drawable_png(record.signature_png) if record.signature_png else None
    if drawable:
        story.append(picture(drawable, 80 * mm))
    elif record.signature_png:
        story.append(text("The signature image cannot be shown: it is damaged or outside the size this app "
                          "can draw. The consent record above stands; take a new consent if a signature is needed."))
    else:
        story.append(text("The signature image was erased (client's data anonymised)."))
    return render(head, story)
