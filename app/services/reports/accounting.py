"""The accountant's ZIP for a range of days: CSVs, the period PDF, a SHA-256 manifest and a README; admins only.

Plaintext by design, so it holds money only: clients by id, no medical data, no contact details."""

from __future__ import annotations

import os
import zipfile
from collections.abc import Callable
from dataclasses import dataclass
from datetime import date
from pathlib import Path

from babel.numbers import format_percent

from app.core.clock import Clock
from app.core.filesystem import refuse_if_too_big
from app.core.i18n import N_, _, ngettext
from app.core.paths import StickPaths
from app.core.windows_names import refuse_reserved
from app.db.engine import Database
from app.db.repos.documents import DocumentRepository
from app.db.repos.settings import SettingsRepository
from app.db.repos.users import UserRepository
from app.domain.errors import ValidationError
from app.domain.records import User
from app.domain.reports import check_range
from app.plugins.spec import PluginCalls, no_plugins
from app.reports import accounting_files as files
from app.services.authz import require_admin
from app.services.register.methods import plugin_method_labels
from app.services.reports.documents import DocumentService
from app.services.reports.extras import plugin_extras
from app.services.reports.service import ReportService

Progress = Callable[[float, str], None]  # (fraction done 0..1, what is being done, naming files only)
# What one payment costs in each step, relative to adding it up; measured on the scale-1.0 demo (a year,
# 16k payments): figures 0.35 s, payments.csv 0.35 s, summary.pdf's figures, charts and rows 2.5 s, then its
# pages 2.0 s (a table row per payment), compressing into the ZIP 0.1 s. The small files cost next to nothing.
COSTS = (("figures", 1.0), ("payments.csv", 1.0), ("small files", 0.0), ("summary.pdf", 7.0),
         ("summary.pdf pages", 5.5), ("zip", 0.3))
_WEIGHT, _TOTAL = dict(COSTS), sum(weight for _, weight in COSTS)
_BEFORE = {name: sum(weight for _, weight in COSTS[:i]) for i, (name, _) in enumerate(COSTS)}


@dataclass(frozen=True)
class AccountingZip:
    """A finished export: where it is, how big, and what it holds."""

    path: Path
    size: int
    names: tuple[str, ...]


class Meter:
    """Turns each step's share of its work into one rising fraction of the whole export."""

    def __init__(self, progress: Progress | None):
        self.report = progress or (lambda fraction, step: None)
        self.best = 0.0

    def tell(self, step: str, part: float, text: str) -> None:
        """Say that `part` (0..1) of `step` is done; the fraction never goes back."""
        self.best = max(self.best, min(1.0, (_BEFORE[step] + part * _WEIGHT[step]) / _TOTAL))
        self.report(self.best, text)


class AccountingExport:
    """Builds the accountant's ZIP under a temporary name and renames it once complete."""

    def __init__(self, db: Database, paths: StickPaths, clock: Clock | None = None, plugins: PluginCalls = no_plugins):
        self.db, self.paths, self.clock, self.plugins = db, paths, clock or Clock(), plugins
        self.reports = ReportService(db, self.clock, plugins=plugins)
        self.documents = DocumentService(db, self.clock, plugins)
        self.days, self.settings, self.users = DocumentRepository(), SettingsRepository(), UserRepository()

    def check(self, actor: User | None, start: date, end: date, out_dir: Path | None = None) -> Path:
        """Refuse early what export would refuse (role, range, folder); return the folder the ZIP goes to."""
        require_admin(actor, N_("export the studio's accounts"))
        check_range(start, end)
        folder = Path(out_dir) if out_dir is not None else self.paths.exports
        refuse_reserved(folder, "folder name")
        if not folder.is_dir():
            raise ValidationError(_("The folder %(folder)s does not exist. Choose an existing folder for the export.",
                                    folder=folder))
        return folder

    def export(self, actor: User | None, start: date, end: date, out_dir: Path | None = None,
               progress: Progress | None = None) -> AccountingZip:
        """Write accounting-START-to-END.zip into out_dir (default: the stick's exports folder);
        `progress(fraction, step)` hears how far it got, file by file and payments.csv by chunks of rows."""
        folder = self.check(actor, start, end, out_dir)
        meter = Meter(progress)
        contents = self.contents(actor, start, end, meter)
        name = f"accounting-{start.isoformat()}-to-{end.isoformat()}"
        final, partial = folder / f"{name}.zip", folder / f".{name}.zip.partial"
        total, written = sum(len(c) for c in contents.values()) or 1, 0
        refuse_if_too_big(final, total, _("The accounting export"))  # FAT32: one file stays below 4 GiB
        try:
            with zipfile.ZipFile(partial, "w", compression=zipfile.ZIP_DEFLATED) as archive:
                for member, content in contents.items():
                    meter.tell("zip", written / total,
                               _("Compressing %(file)s into %(zip)s", file=member, zip=final.name))
                    archive.writestr(f"{name}/{member}", content)
                    written += len(content)
            with open(partial, "rb+") as done:
                os.fsync(done.fileno())  # on the stick before the rename makes it look complete
            os.replace(partial, final)
        finally:
            partial.unlink(missing_ok=True)
        meter.tell("zip", 1.0, _("Wrote %(zip)s", zip=final.name))
        return AccountingZip(final, final.stat().st_size, tuple(contents))

    def contents(self, actor: User | None, start: date, end: date, meter: Meter | None = None) -> dict[str, bytes]:
        """Every file of the export by name, the plugins' files under plugins/<name>/, the manifest last (it covers
        all the others)."""
        meter = meter or Meter(None)
        meter.tell("figures", 0.0, _("Adding up the figures"))
        figures = self.reports.summary(actor, start, end)
        meter.tell("figures", 1.0,
                   ngettext("Added up %(n)s payment", "Added up %(n)s payments", figures.payments_count))
        with self.db.read() as conn:
            settings = self.settings.load(conn)
            names = {u.id: u.display_name for u in self.users.list_all(conn)}
            days = self.days.day_closes(conn, start, end)
        extras = plugin_extras(self.plugins, actor, start, end)
        csv = self.reports.payments_csv(actor, start, end, lambda done, total: meter.tell(
            "payments.csv", done / max(1, total), ngettext("Writing payments.csv: %(done)s of %(n)s row",
                                                        "Writing payments.csv: %(done)s of %(n)s rows", total,
                                                        done=done))).content
        out = {"payments.csv": csv}
        small: tuple[tuple[str, Callable[[], bytes]], ...] = (
            ("day_closes.csv", lambda: files.day_closes_csv(days, settings.currency, settings.timezone, names,
                                                             settings.locale)),
            ("by_method.csv", lambda: files.by_method_csv(figures, settings.locale,
                                                           plugin_method_labels(self.plugins, actor))),
            ("by_artist.csv", lambda: files.by_artist_csv(figures, settings.locale)))
        for n, (member, make) in enumerate(small):
            meter.tell("small files", n / len(small), _("Writing %(file)s", file=member))
            out[member] = make()
        meter.tell("summary.pdf", 0.0, _("Writing summary.pdf: totals and charts"))
        out["summary.pdf"] = self.documents.period_report(actor, start, end, lambda part: meter.tell(
            "summary.pdf pages", part, _("Writing summary.pdf: %(done)s of its pages",
                                           done=format_percent(part, locale=settings.locale))), extras).content
        meter.tell("summary.pdf pages", 1.0, _("Writing %(file)s", file="README.txt"))
        out["README.txt"] = files.readme(studio=settings.studio_name, start=start.isoformat(), end=end.isoformat(),
                                         timezone=settings.timezone, currency=settings.currency, locale=settings.locale)
        out["README.txt"] += files.plugin_lines([e.rows() for e in extras], settings.currency, settings.locale)
        out.update({f"plugins/{e.name}/{file}": content for e in extras for file, content in e.files.items()})
        meter.tell("summary.pdf pages", 1.0, _("Writing %(file)s", file=files.MANIFEST))
        out[files.MANIFEST] = files.manifest(out)
        return out
