"""The accountant's export reports its progress: rising to 1.0, file by file, payments.csv by chunks of rows."""

from __future__ import annotations

import re
import subprocess
import zipfile
from datetime import UTC, date, datetime

import pytest

from app.core.clock import FixedClock
from app.core.paths import resolve
from app.demo.studio import ADMIN, create_demo_studio
from app.services.reports.accounting import AccountingExport
from app.services.studio.service import StudioService

NOW = datetime(2026, 6, 10, 16, 0, tzinfo=UTC)
YEAR = (date(2025, 6, 1), date(2026, 5, 31))
FILES = ("payments.csv", "day_closes.csv", "by_method.csv", "by_artist.csv", "summary.pdf", "README.txt",
         "manifest-sha256.txt")
ZIP_NAME = "accounting-2025-06-01-to-2026-05-31.zip"
STEP = re.compile(r"^(Adding up the figures|Added up \d+ payments|Writing [\w.-]+(: .+)?"
                  rf"|Compressing [\w.-]+ into {ZIP_NAME}|Wrote {ZIP_NAME})$")


@pytest.fixture(scope="module")
def year_export(tmp_path_factory):
    """A one-year export of a scale-0.02 demo studio, with every progress call it made."""
    paths = resolve(home=tmp_path_factory.mktemp("demo"))
    create_demo_studio(paths, scale=0.02, seed=7, clock=FixedClock(NOW))
    clock = FixedClock(NOW)
    opened = StudioService(paths, clock).unlock(ADMIN[0], ADMIN[1])
    calls: list[tuple[float, str]] = []
    try:
        made = AccountingExport(opened.db, paths, clock).export(opened.user, *YEAR, paths.exports,
                                                                lambda fraction, step: calls.append((fraction, step)))
    finally:
        opened.close()
    return made, calls


def test_progress_rises_from_zero_to_one(year_export):
    _, calls = year_export
    fractions = [fraction for fraction, _ in calls]
    assert fractions[0] == 0.0 and fractions[-1] == 1.0
    assert all(a <= b for a, b in zip(fractions, fractions[1:], strict=False))
    assert len(set(fractions)) > 10, "the bar would jump rather than move"


def test_every_file_is_named_and_steps_name_files_only(year_export):
    made, calls = year_export
    steps = [step for _, step in calls]
    for name in FILES:
        assert any(f"Writing {name}" in s for s in steps), name
        assert any(s == f"Compressing {name} into {ZIP_NAME}" for s in steps), name
    assert steps[-1] == f"Wrote {made.path.name}"
    assert [s for s in steps if not STEP.match(s)] == []


def test_payments_csv_reports_chunks_of_rows_up_to_the_last(year_export):
    made, calls = year_export
    chunk = re.compile(r"Writing payments.csv: (\d+) of (\d+) rows")
    rows = [tuple(map(int, m.groups())) for _, s in calls if (m := chunk.match(s))]
    with zipfile.ZipFile(made.path) as archive:
        written = archive.read(f"{made.path.stem}/payments.csv").decode("utf-8-sig").count("\r\n") - 1
    assert len(rows) >= 3 and rows[-1] == (written, written) and written > 200
    assert [done for done, _ in rows] == sorted({done for done, _ in rows})


def test_summary_pdf_reports_its_pages_and_each_page_repeats_the_header(year_export, tmp_path):
    made, calls = year_export
    assert any(re.match(r"Writing summary.pdf: \d+% of its pages", s) for _, s in calls)
    with zipfile.ZipFile(made.path) as archive:
        archive.extractall(tmp_path)
    folder = tmp_path / made.path.stem
    ok = subprocess.run(["sha256sum", "-c", "manifest-sha256.txt"], cwd=folder, capture_output=True, text=True)
    assert ok.returncode == 0, ok.stdout
    text = subprocess.run(["pdftotext", "-layout", str(folder / "summary.pdf"), "-"], capture_output=True,
                          text=True, check=True).stdout
    pages = text.split("\f")[:-1]
    first = next(i for i, page in enumerate(pages) if re.search(r"^\s*Payments\s*$", page, re.M))
    assert len(pages) - first >= 3, "a year of payments spans several pages"
    for page in pages[first:]:
        assert re.search(r"Day\s+Taken at\s+Kind\s+Method\s+Amount\s+Artist", page)
    assert re.search(r"Total\s+€", pages[-1])
