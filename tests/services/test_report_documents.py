"""PDFs and charts: pdftotext shows the totals and names, page counts are sane, charts are real PNGs; roles hold."""

from __future__ import annotations

import struct
import subprocess

import pytest

from app.domain.errors import ForbiddenError, NotFoundError
from app.services.reports.documents import DocumentService
from tests.services.support_document_studio import CLIENT_FIRST, CLIENT_LAST, fill
from tests.services.support_money_studio import NOON

DAY = NOON.date()


@pytest.fixture(scope="module")
def world(shared):
    """The module's studio filled once with a client, inks, a consent, payments and a closed day."""
    shared.reset()
    return shared, fill(shared), DocumentService(shared.db, shared.clock)


def _text(tmp_path, content: bytes) -> tuple[str, int]:
    path = tmp_path / "doc.pdf"
    path.write_bytes(content)
    text = subprocess.run(["pdftotext", "-layout", str(path), "-"], capture_output=True, text=True, check=True).stdout
    info = subprocess.run(["pdfinfo", str(path)], capture_output=True, text=True, check=True).stdout
    pages = int(next(line.split()[-1] for line in info.splitlines() if line.startswith("Pages:")))
    return text, pages


def test_z_report_shows_totals_cash_count_and_who_closed(world, tmp_path):
    studio, _, docs = world
    text, pages = _text(tmp_path, docs.z_report(studio.staff, "today").content)
    assert pages == 1 and "Needle & Nightshade" in text and "Z report - 2025-01-15" in text
    for figure in ("€215.50", "€100.00", "€315.50", "€50.00", "€265.50", "€260.00", "-€5.50"):
        assert figure in text, figure
    assert "Desk" in text and "Page 1 of 1" in text


def test_staff_get_todays_z_report_only(world):
    studio, _, docs = world
    with pytest.raises(ForbiddenError):
        docs.z_report(studio.staff, DAY.replace(day=14))
    assert docs.z_report(studio.admin, DAY.replace(day=14)).content.startswith(b"%PDF")


def test_period_report_has_totals_artist_commission_and_numbered_pages(world, tmp_path):
    studio, _, docs = world
    made = docs.period_report(studio.admin, DAY, DAY)
    text, pages = _text(tmp_path, made.content)
    assert made.filename == "report-2025-01-15-to-2025-01-15.pdf" and 2 <= pages <= 4
    assert "€315.50" in text and "€120.00" in text and "Ink" in text and f"Page {pages} of {pages}" in text
    assert CLIENT_LAST not in text  # payments print without client names
    with pytest.raises(ForbiddenError):
        docs.period_report(studio.staff, DAY, DAY)


def test_ink_passport_lists_client_placement_and_lots(world, tmp_path):
    studio, ids, docs = world
    text, pages = _text(tmp_path, docs.ink_passport(studio.staff, ids.session_id).content)
    assert pages == 1 and f"{CLIENT_FIRST} {CLIENT_LAST}" in text  # < & > printed as written
    for value in ("Eternal", "Lipstick Red", "LOT-4711", "2027-01-31", "Dynamic", "DB-0815", "2025-01-15"):
        assert value in text, value
    with pytest.raises(NotFoundError):
        docs.ink_passport(studio.staff, "no-such-session")


def test_consent_record_carries_the_signature_image(world, tmp_path):
    studio, ids, docs = world
    content = docs.consent_record(studio.staff, ids.consent_id).content
    text, _ = _text(tmp_path, content)
    assert f"{CLIENT_FIRST} {CLIENT_LAST}" in text and "v3" in text and "1990-05-01" in text
    (tmp_path / "c.pdf").write_bytes(content)
    images = subprocess.run(["pdfimages", "-list", str(tmp_path / "c.pdf")], capture_output=True, text=True).stdout
    assert len(images.strip().splitlines()) >= 3  # header, rule, one image


@pytest.mark.parametrize("name", ["income-by-month", "income-by-method", "income-by-artist"])
def test_charts_are_pngs_of_sane_size(world, name):
    studio, _, docs = world
    png = docs.chart(studio.admin, name, DAY, DAY)
    assert png.startswith(b"\x89PNG\r\n\x1a\n") and 5_000 < len(png) < 500_000
    width, height = struct.unpack(">II", png[16:24])
    assert (width, height) == (800, 400)
    with pytest.raises(ForbiddenError):
        docs.chart(studio.staff, name, DAY, DAY)


def test_unknown_chart_is_not_found(world):
    studio, _, docs = world
    with pytest.raises(NotFoundError, match="income-by-month"):
        docs.chart(studio.admin, "pie-of-doom", DAY, DAY)
