"""The accountant's CSVs (day closes, by method, by artist), the SHA-256 manifest and the README of the ZIP."""

from __future__ import annotations

import hashlib
from collections.abc import Iterable, Mapping
from zoneinfo import ZoneInfo

from app.domain.register import RegisterDay
from app.domain.reports import ReportFigures
from app.reports.csv_export import decimal_amount, render_csv

MANIFEST = "manifest-sha256.txt"
README = """Accountant's export of {studio}: {start} to {end} (studio time zone {timezone}).

Files
  payments.csv     every payment; refunds negative, so the amount column sums to the net
  day_closes.csv   each register day: opening float, expected and counted cash, difference
  by_method.csv    net per payment method
  by_artist.csv    per artist: session income, commission due, tips, studio share
  summary.pdf      the period report with totals and charts
  README.txt       this file
Amounts are decimals in {currency}; files are UTF-8 (with BOM for the CSVs). Clients appear by id only.

Verify that nothing was changed (every line must say OK)
  Linux / macOS:  cd into this folder, then run   sha256sum -c {manifest}
                  (macOS without sha256sum:        shasum -a 256 -c {manifest})
  Windows:        in PowerShell, in this folder, compare each file's hash with its line in {manifest}:
                  Get-FileHash -Algorithm SHA256 payments.csv
                  Get-ChildItem -File | Get-FileHash -Algorithm SHA256 | Format-Table Hash, Path
A file whose hash differs from the manifest was changed after the export: ask the studio for a new one.
"""


def day_closes_csv(days: Iterable[RegisterDay], currency: str, timezone: str, names: Mapping[str, str]) -> bytes:
    """One row per register day: float, expected, counted, difference, who closed it and when (studio time)."""
    zone = ZoneInfo(timezone)

    def amount(minor: int | None) -> str:
        return "" if minor is None else decimal_amount(minor, currency)
    rows = []
    for d in days:
        c = d.close
        rows.append((d.day.isoformat(), amount(d.opening_float_minor), amount(c.expected_cash_minor if c else None),
                     amount(c.counted_cash_minor if c else None), amount(c.difference_minor if c else None), currency,
                     "closed" if c else "open", names.get(c.closed_by, c.closed_by) if c else "",
                     c.closed_at.astimezone(zone).isoformat(timespec="seconds") if c else ""))
    return render_csv(("day", "opening_float", "expected_cash", "counted_cash", "difference", "currency", "state",
                       "closed_by", "closed_at"), rows)


def by_method_csv(figures: ReportFigures) -> bytes:
    """Net per payment method, and the total."""
    cur = figures.currency
    rows = [(method, decimal_amount(net, cur), cur) for method, net in figures.by_method.items()]
    rows.append(("total", decimal_amount(figures.net_total_minor, cur), cur))
    return render_csv(("method", "net", "currency"), rows)


def by_artist_csv(figures: ReportFigures) -> bytes:
    """Per artist: rate, session income, commission, tips, due to the artist, studio share; then unattributed."""
    cur = figures.currency

    def d(minor: int) -> str:
        return decimal_amount(minor, cur)
    rows: list[tuple[object, ...]] = [
        (a.artist_id, a.display_name, a.commission_pct, d(a.session_income_minor), d(a.commission_minor),
         d(a.tips_minor), d(a.due_minor), d(a.studio_share_minor), cur) for a in figures.by_artist]
    rows.append(("", "(no artist)", "", d(figures.unattributed_minor), d(0), d(0), d(0),
                 d(figures.unattributed_minor), cur))
    return render_csv(("artist_id", "artist", "commission_pct", "session_income", "commission", "tips",
                       "due_to_artist", "studio_share", "currency"), rows)


def manifest(files: Mapping[str, bytes]) -> bytes:
    """BagIt-style manifest: '<sha256>  <name>' per file, sorted by name, as sha256sum -c reads it."""
    lines = [f"{hashlib.sha256(content).hexdigest()}  {name}\n" for name, content in sorted(files.items())]
    return "".join(lines).encode("utf-8")
