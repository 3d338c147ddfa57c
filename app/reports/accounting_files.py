"""The accountant's CSVs (day closes, by method, by artist), the SHA-256 manifest and the README of the ZIP."""

from __future__ import annotations

import hashlib
from collections.abc import Iterable, Mapping, Sequence
from zoneinfo import ZoneInfo

from app.core.i18n import N_, _
from app.domain.register import RegisterDay, method_label
from app.domain.reports import ReportFigures
from app.reports.csv_export import decimal_amount, delimiter, headings, render_csv

MANIFEST = "manifest-sha256.txt"
README = N_("""Accountant's export of %(studio)s: %(start)s to %(end)s (studio time zone %(timezone)s).

Files
  payments.csv     every payment; refunds negative, so the amount column sums to the net
  day_closes.csv   each register day: opening float, expected and counted cash, difference
  by_method.csv    net per payment method
  by_artist.csv    per artist: session income, commission due, tips, studio share
  summary.pdf      the period report with totals and charts
  README.txt       this file
Amounts are decimals in %(currency)s written like %(example)s, without a currency sign; cells are
separated by '%(separator)s'. Files are UTF-8 (with BOM for the CSVs). Clients appear by id only.

Verify that nothing was changed (every line must say OK)
  Linux / macOS:  cd into this folder, then run   sha256sum -c %(manifest)s
                  (macOS without sha256sum:        shasum -a 256 -c %(manifest)s)
  Windows:        in PowerShell, in this folder, compare each file's hash with its line in %(manifest)s:
                  Get-FileHash -Algorithm SHA256 payments.csv
                  Get-ChildItem -File | Get-FileHash -Algorithm SHA256 | Format-Table Hash, Path
A file whose hash differs from the manifest was changed after the export: ask the studio for a new one.
""")
DAY_CLOSES = (N_("day"), N_("opening_float"), N_("expected_cash"), N_("counted_cash"), N_("difference"),
              N_("currency"), N_("state"), N_("closed_by"), N_("closed_at"))
BY_METHOD = (N_("method"), N_("net"), N_("currency"))
BY_ARTIST = (N_("artist_id"), N_("artist"), N_("commission_pct"), N_("session_income"), N_("commission"),
             N_("tips"), N_("due_to_artist"), N_("studio_share"), N_("currency"))


def readme(*, studio: str, start: str, end: str, timezone: str, currency: str, locale: str = "en") -> bytes:
    """The README.txt of the ZIP in the current language: what each file holds and how to check the manifest."""
    example = decimal_amount(-12550, "EUR", locale)
    return _(README, studio=studio, start=start, end=end, timezone=timezone, currency=currency, example=example,
             separator=delimiter(locale), manifest=MANIFEST).encode("utf-8")


def plugin_lines(extras: Sequence[tuple[str, Sequence[tuple[str, int]]]], currency: str,
                 locale: str = "en") -> bytes:
    """The README's part on what plugins added: each plugin's lines with their amounts, and where its files are."""
    if not extras:
        return b""
    out = ["", _("Added by plugins (their files are in plugins/<plugin name>/)")]
    for name, rows in extras:
        out.append(f"  {name}")
        out += [f"    {label}: {decimal_amount(minor, currency, locale)} {currency}" for label, minor in rows]
    return ("\n".join(out) + "\n").encode("utf-8")


def day_closes_csv(days: Iterable[RegisterDay], currency: str, timezone: str, names: Mapping[str, str],
                   locale: str = "en") -> bytes:
    """One row per register day: float, expected, counted, difference, who closed it and when (studio time)."""
    zone = ZoneInfo(timezone)
    closed, still_open = _("closed"), _("open")

    def amount(minor: int | None) -> str:
        return "" if minor is None else decimal_amount(minor, currency, locale)
    rows = []
    for d in days:
        c = d.close
        rows.append((d.day.isoformat(), amount(d.opening_float_minor), amount(c.expected_cash_minor if c else None),
                     amount(c.counted_cash_minor if c else None), amount(c.difference_minor if c else None), currency,
                     closed if c else still_open, names.get(c.closed_by, c.closed_by) if c else "",
                     c.closed_at.astimezone(zone).isoformat(timespec="seconds") if c else ""))
    return render_csv(headings(DAY_CLOSES), rows, locale)


def by_method_csv(figures: ReportFigures, locale: str = "en",
                  method_labels: Mapping[str, str] | None = None) -> bytes:
    """Net per payment method (plugins' methods named by `method_labels`), and the total."""
    cur = figures.currency
    rows = [(method_label(method, method_labels), decimal_amount(net, cur, locale), cur)
            for method, net in figures.by_method.items()]
    rows.append((_("total"), decimal_amount(figures.net_total_minor, cur, locale), cur))
    return render_csv(headings(BY_METHOD), rows, locale)


def by_artist_csv(figures: ReportFigures, locale: str = "en") -> bytes:
    """Per artist: rate, session income, commission, tips, due to the artist, studio share; then unattributed."""
    cur = figures.currency

    def d(minor: int) -> str:
        return decimal_amount(minor, cur, locale)
    rows: list[tuple[object, ...]] = [
        (a.artist_id, a.display_name, a.commission_pct, d(a.session_income_minor), d(a.commission_minor),
         d(a.tips_minor), d(a.due_minor), d(a.studio_share_minor), cur) for a in figures.by_artist]
    rows.append(("", _("(no artist)"), "", d(figures.unattributed_minor), d(0), d(0), d(0),
                 d(figures.unattributed_minor), cur))
    return render_csv(headings(BY_ARTIST), rows, locale)


def manifest(files: Mapping[str, bytes]) -> bytes:
    """BagIt-style manifest: '<sha256>  <name>' per file, sorted by name, as sha256sum -c reads it."""
    lines = [f"{hashlib.sha256(content).hexdigest()}  {name}\n" for name, content in sorted(files.items())]
    return "".join(lines).encode("utf-8")
