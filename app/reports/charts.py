"""Report charts as PNG bytes: matplotlib on the Agg backend, one palette, axes in the studio's currency."""

from __future__ import annotations

import io

import matplotlib

matplotlib.use("Agg")  # no display on a stick: render off-screen only

import matplotlib.pyplot as plt  # noqa: E402
from matplotlib.ticker import FuncFormatter  # noqa: E402

from app.domain.money import money  # noqa: E402
from app.domain.register import METHODS  # noqa: E402
from app.domain.reports import ArtistShare, PeriodIncome  # noqa: E402
from app.reports.pdf_fonts import printable  # noqa: E402  (matplotlib's DejaVu Sans is the PDFs' font)

PALETTE: dict[str, str] = {"income": "#2b6cb0", "commission": "#dd6b20", "studio": "#2b6cb0", "tips": "#38a169",
           **dict(zip(METHODS, ("#38a169", "#2b6cb0", "#805ad5", "#718096"), strict=True)),
           "negative": "#c53030"}
SIZE, DPI = (8, 4), 100


def _axis(currency: str, locale: str) -> FuncFormatter:
    return FuncFormatter(lambda value, _pos: money(round(value), currency, locale))


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
    axes.text(0.5, 0.5, "No payments in this period", ha="center", va="center", transform=axes.transAxes)
    axes.set_xticks([])
    axes.set_yticks([])


def income_by_month(months: tuple[PeriodIncome, ...], currency: str, locale: str = "en") -> bytes:
    """Net income per month as bars (a month with net refunds shows below zero)."""
    figure, axes = plt.subplots(figsize=SIZE)
    title = f"Income by month ({currency})"
    if not months:
        _empty(axes, title)
        return _png(figure)
    colours = [PALETTE["income"] if m.net_minor >= 0 else PALETTE["negative"] for m in months]
    axes.bar([m.period for m in months], [m.net_minor for m in months], color=colours)
    axes.yaxis.set_major_formatter(_axis(currency, locale))
    axes.set_title(title)
    axes.set_xlabel("Month")
    axes.set_ylabel(f"Net income ({currency})")
    axes.tick_params(axis="x", labelrotation=45)
    return _png(figure)


def income_by_method(by_method: dict[str, int], currency: str, locale: str = "en") -> bytes:
    """Net income per payment method as horizontal bars (bars, not a pie: a net can be negative)."""
    figure, axes = plt.subplots(figsize=SIZE)
    title = f"Income by payment method ({currency})"
    if not any(by_method.values()):
        _empty(axes, title)
        return _png(figure)
    methods = list(by_method)
    axes.barh(methods, [by_method[m] for m in methods], color=[PALETTE.get(m, PALETTE["other"]) for m in methods])
    axes.xaxis.set_major_formatter(_axis(currency, locale))
    axes.set_title(title)
    axes.set_xlabel(f"Net income ({currency})")
    axes.set_ylabel("Method")
    axes.tick_params(axis="x", labelrotation=30)
    return _png(figure)


def income_by_artist(artists: tuple[ArtistShare, ...], currency: str, locale: str = "en") -> bytes:
    """Each artist's income stacked as studio share, commission due and tips."""
    figure, axes = plt.subplots(figsize=SIZE)
    title = f"Income by artist with commission ({currency})"
    if not artists:
        _empty(axes, title)
        return _png(figure)
    places = range(len(artists))  # by place, not by name: two artists with one name keep two bars
    studio = [a.studio_share_minor for a in artists]
    commission = [a.commission_minor for a in artists]
    axes.bar(places, studio, color=PALETTE["studio"], label="Studio share")
    axes.bar(places, commission, bottom=studio, color=PALETTE["commission"], label="Commission")
    stacked = [a.studio_share_minor + a.commission_minor for a in artists]
    axes.bar(places, [a.tips_minor for a in artists], bottom=stacked, color=PALETTE["tips"], label="Tips")
    axes.set_xticks(places, [printable(a.display_name, short=True) for a in artists])  # RTL in order, no boxes
    axes.yaxis.set_major_formatter(_axis(currency, locale))
    axes.set_title(title)
    axes.set_xlabel("Artist")
    axes.set_ylabel(f"Income ({currency})")
    axes.legend()
    return _png(figure)
