"""Report charts as PNG bytes: matplotlib on the Agg backend, one palette, axes in the studio's currency.

Titles, labels and methods are in the current language; amounts and months in the studio's locale (Babel)."""

from __future__ import annotations

import io
from collections.abc import Mapping
from datetime import date

import matplotlib

matplotlib.use("Agg")  # no display on a stick: render off-screen only

import matplotlib.pyplot as plt  # noqa: E402
from babel.dates import format_date  # noqa: E402
from matplotlib.ticker import FuncFormatter  # noqa: E402

from app.core.i18n import _  # noqa: E402
from app.domain.money import money  # noqa: E402
from app.domain.register import METHODS, method_label  # noqa: E402
from app.domain.reports import ArtistShare, PeriodIncome  # noqa: E402
from app.reports.pdf_fonts import printable  # noqa: E402  (matplotlib's DejaVu Sans is the PDFs' font)

PALETTE: dict[str, str] = {"income": "#2b6cb0", "commission": "#dd6b20", "studio": "#2b6cb0", "tips": "#38a169",
           **dict(zip(METHODS, ("#38a169", "#2b6cb0", "#805ad5", "#718096"), strict=True)),
           "negative": "#c53030"}
SIZE, DPI = (8, 4), 100
MONTH = "MMM yyyy"  # a Babel pattern: the month's name comes out in the locale's language


def _axis(currency: str, locale: str) -> FuncFormatter:
    return FuncFormatter(lambda value, _pos: money(round(value), currency, locale))


def _month(period: str, locale: str) -> str:
    """A month key such as 2026-03 as the locale writes it ('Mar 2026', 'mar 2026', 'März 2026')."""
    year, month = period.split("-")[:2]
    return format_date(date(int(year), int(month), 1), MONTH, locale=locale)


def _png(figure) -> bytes:
    out = io.BytesIO()
    try:
        figure.tight_layout()
        figure.savefig(out, format="png", dpi=DPI)
    finally:
        plt.close(figure)  # pyplot keeps every open figure alive otherwise
    return out.getvalue()


def _empty(axes, title: str) -> None:
    axes.set_title(title)
    axes.text(0.5, 0.5, _("No payments in this period"), ha="center", va="center", transform=axes.transAxes)
    axes.set_xticks([])
    axes.set_yticks([])


def income_by_month(months: tuple[PeriodIncome, ...], currency: str, locale: str = "en") -> bytes:
    """Net income per month as bars (a month with net refunds shows below zero)."""
    figure, axes = plt.subplots(figsize=SIZE)
    title = _("Income by month (%(currency)s)", currency=currency)
    if not months:
        _empty(axes, title)
        return _png(figure)
    colours = [PALETTE["income"] if m.net_minor >= 0 else PALETTE["negative"] for m in months]
    axes.bar([_month(m.period, locale) for m in months], [m.net_minor for m in months], color=colours)
    axes.yaxis.set_major_formatter(_axis(currency, locale))
    axes.set_title(title)
    axes.set_xlabel(_("Month"))
    axes.set_ylabel(_("Net income (%(currency)s)", currency=currency))
    axes.tick_params(axis="x", labelrotation=45)
    return _png(figure)


def income_by_method(by_method: dict[str, int], currency: str, locale: str = "en",
                     method_labels: Mapping[str, str] | None = None) -> bytes:
    """Net income per payment method as horizontal bars (bars, not a pie: a net can be negative)."""
    figure, axes = plt.subplots(figsize=SIZE)
    title = _("Income by payment method (%(currency)s)", currency=currency)
    if not any(by_method.values()):
        _empty(axes, title)
        return _png(figure)
    methods = list(by_method)
    shown = [method_label(m, method_labels) for m in methods]
    axes.barh(shown, [by_method[m] for m in methods], color=[PALETTE.get(m, PALETTE["other"]) for m in methods])
    axes.xaxis.set_major_formatter(_axis(currency, locale))
    axes.set_title(title)
    axes.set_xlabel(_("Net income (%(currency)s)", currency=currency))
    axes.set_ylabel(_("Method"))
    axes.tick_params(axis="x", labelrotation=30)
    return _png(figure)


def income_by_artist(artists: tuple[ArtistShare, ...], currency: str, locale: str = "en") -> bytes:
    """Each artist's income stacked as studio share, commission due and tips."""
    figure, axes = plt.subplots(figsize=SIZE)
    title = _("Income by artist with commission (%(currency)s)", currency=currency)
    if not artists:
        _empty(axes, title)
        return _png(figure)
    places = range(len(artists))  # by place, not by name: two artists with one name keep two bars
    studio = [a.studio_share_minor for a in artists]
    commission = [a.commission_minor for a in artists]
    axes.bar(places, studio, color=PALETTE["studio"], label=_("Studio share"))
    axes.bar(places, commission, bottom=studio, color=PALETTE["commission"], label=_("Commission"))
    stacked = [a.studio_share_minor + a.commission_minor for a in artists]
    axes.bar(places, [a.tips_minor for a in artists], bottom=stacked, color=PALETTE["tips"], label=_("Tips"))
    axes.set_xticks(places, [printable(a.display_name, short=True) for a in artists])  # RTL in order, no boxes
    axes.yaxis.set_major_formatter(_axis(currency, locale))
    axes.set_title(title)
    axes.set_xlabel(_("Artist"))
    axes.set_ylabel(_("Income (%(currency)s)", currency=currency))
    axes.legend()
    return _png(figure)
