"""The accountant's ZIP for a range of days: CSVs, the period PDF, a SHA-256 manifest and a README; admins only.

Plaintext by design, so it holds money only: clients by id, no medical data, no contact details."""

from __future__ import annotations

import os
import zipfile
from dataclasses import dataclass
from datetime import date
from pathlib import Path

from app.core.clock import Clock
from app.core.paths import StickPaths
from app.db.engine import Database
from app.db.repos.documents import DocumentRepository
from app.db.repos.settings import SettingsRepository
from app.db.repos.users import UserRepository
from app.domain.errors import ValidationError
from app.domain.records import User
from app.domain.reports import check_range
from app.reports import accounting_files as files
from app.services.authz import require_admin
from app.services.documents import DocumentService
from app.services.reports import ReportService


@dataclass(frozen=True)
class AccountingZip:
    """A finished export: where it is, how big, and what it holds."""

    path: Path
    size: int
    names: tuple[str, ...]


class AccountingExport:
    """Builds the accountant's ZIP under a temporary name and renames it once complete."""

    def __init__(self, db: Database, paths: StickPaths, clock: Clock | None = None):
        self.db, self.paths, self.clock = db, paths, clock or Clock()
        self.reports, self.documents = ReportService(db, self.clock), DocumentService(db, self.clock)
        self.days, self.settings, self.users = DocumentRepository(), SettingsRepository(), UserRepository()

    def export(self, actor: User | None, start: date, end: date, out_dir: Path | None = None) -> AccountingZip:
        """Write accounting-START-to-END.zip into out_dir (default: the stick's exports folder)."""
        require_admin(actor, "export the studio's accounts")
        check_range(start, end)
        folder = Path(out_dir) if out_dir is not None else self.paths.exports
        if not folder.is_dir():
            raise ValidationError(f"The folder {folder} does not exist. Choose an existing folder for the export.")
        contents = self.contents(actor, start, end)
        name = f"accounting-{start.isoformat()}-to-{end.isoformat()}"
        final, partial = folder / f"{name}.zip", folder / f".{name}.zip.partial"
        try:
            with zipfile.ZipFile(partial, "w", compression=zipfile.ZIP_DEFLATED) as archive:
                for member, content in contents.items():
                    archive.writestr(f"{name}/{member}", content)
            with open(partial, "rb+") as written:
                os.fsync(written.fileno())  # on the stick before the rename makes it look complete
            os.replace(partial, final)
        finally:
            partial.unlink(missing_ok=True)
        return AccountingZip(final, final.stat().st_size, tuple(contents))

    def contents(self, actor: User | None, start: date, end: date) -> dict[str, bytes]:
        """Every file of the export by name, the manifest last (it covers all the others)."""
        figures = self.reports.summary(actor, start, end)
        with self.db.read() as conn:
            settings = self.settings.load(conn)
            names = {u.id: u.display_name for u in self.users.list_all(conn)}
            days = self.days.day_closes(conn, start, end)
        out = {
            "payments.csv": self.reports.payments_csv(actor, start, end).content,
            "day_closes.csv": files.day_closes_csv(days, settings.currency, settings.timezone, names),
            "by_method.csv": files.by_method_csv(figures),
            "by_artist.csv": files.by_artist_csv(figures),
            "summary.pdf": self.documents.period_report(actor, start, end).content,
            "README.txt": files.README.format(studio=settings.studio_name, start=start.isoformat(),
                                              end=end.isoformat(), timezone=settings.timezone,
                                              currency=settings.currency, manifest=files.MANIFEST).encode("utf-8"),
        }
        out[files.MANIFEST] = files.manifest(out)
        return out
