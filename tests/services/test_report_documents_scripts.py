"""Every client's name prints: consent records and Z reports for names in Cyrillic, Greek, Hebrew and Arabic read
back intact with pdftotext; a name in a script the fonts lack (CJK, emoji) gets a sentence, never boxes."""

from __future__ import annotations

import dataclasses
import re
import subprocess
import unicodedata
import warnings
from datetime import date

import pytest
from reportlab.lib.pagesizes import A4

from app.core.clock import FixedClock
from app.db.repos.settings import SettingsRepository
from app.domain.reports import ArtistShare
from app.reports.pdf_fonts import PARTLY_UNPRINTABLE, PARTLY_UNPRINTABLE_SHORT, UNPRINTABLE, UNPRINTABLE_SHORT
from app.reports.pdf_layout import MARGIN, PageHead, pairs, render
from app.services.clients.consents import ConsentService
from app.services.clients.service import ClientService
from app.services.reports.documents import DocumentService
from app.services.users import UserService
from tests.services.support_document_studio import signature_png
from tests.services.support_money_studio import MADRID

NAMES = {"cyrillic": ("Анна", "Иванова"), "greek": ("Γιώργος", "Παπαδόπουλος"), "hebrew": ("דוד", "כהן"),
         "arabic": ("فاطمة", "عبد الله")}
_BIDI_CONTROLS = re.compile("[\u200e\u200f\u202a-\u202e\u2066-\u2069]")
LONG = {"hebrew": "הקעקוע על הזרוע השמאלית מהכתף ועד המרפק עם שושנה גדולה ושם הסבתא בכתב יד מסולסל",
        "arabic": "الوشم على الذراع اليسرى من الكتف حتى المرفق مع وردة كبيرة واسم الجدة بخط يد جميل"}


def _read_back(tmp_path, content: bytes, layout: bool = True) -> str:
    path = tmp_path / "doc.pdf"
    path.write_bytes(content)
    return subprocess.run(["pdftotext", *(["-layout"] if layout else []), str(path), "-"], capture_output=True,
                          text=True, check=True).stdout


def _as_read(raw: str) -> str:
    """What a reader sees, in logical order: pdftotext gives right-to-left runs in logical order wrapped in
    embedding marks, and Arabic as its joined (presentation) letter forms, which NFKC maps back to letters."""
    return unicodedata.normalize("NFKC", _BIDI_CONTROLS.sub("", raw))


def _fonts(tmp_path, content: bytes) -> list[list[str]]:
    path = tmp_path / "fonts.pdf"
    path.write_bytes(content)
    listing = subprocess.run(["pdffonts", str(path)], capture_output=True, text=True, check=True).stdout
    return [line.split() for line in listing.splitlines()[2:]]


def _consent_for(studio, first: str, last: str) -> bytes:
    clock = FixedClock(studio.clock.now())
    client = ClientService(studio.db, clock).create(studio.admin, first_name=first, last_name=last,
                                                    birth_date=date(1990, 5, 1))
    session_id = studio.session(100_00, client_id=client.id)
    consent = ConsentService(studio.db, clock).record(studio.staff, session_id, form_version="v3",
                                                      signature_png=signature_png())
    return DocumentService(studio.db, clock).consent_record(studio.staff, consent.id).content


@pytest.mark.parametrize("script", NAMES)
def test_consent_record_prints_the_clients_name_in_its_script(studio, tmp_path, script):
    first, last = NAMES[script]
    content = _consent_for(studio, first, last)
    raw = _read_back(tmp_path, content)
    assert f"{first} {last}" in _as_read(raw) and "\ufffd" not in raw
    if script == "arabic":  # drawn as joined letters, not a row of isolated ones
        assert any("\ufe70" <= ch <= "\ufeff" for ch in raw)
    fonts = _fonts(tmp_path, content)
    assert fonts and all("DejaVuSans" in row[0] and "yes" in row for row in fonts), fonts  # embedded, no Helvetica


@pytest.mark.parametrize("script", NAMES)
def test_z_report_prints_studio_and_closer_names_in_their_script(studio, tmp_path, script):
    first, last = NAMES[script]
    users = UserService(studio.db, studio.paths, studio.clock)
    users.update(studio.admin, studio.staff.id, display_name=f"{first} {last}")
    with studio.db.write() as conn:
        SettingsRepository().save(conn, dataclasses.replace(MADRID, studio_name=f"{last} Ink"))
    studio.register.open_day(studio.staff, "today", 50_00)
    studio.register.close_day(studio.staff, "today", 50_00)
    closer = dataclasses.replace(studio.staff, display_name=f"{first} {last}")
    text = _as_read(_read_back(tmp_path, DocumentService(studio.db, studio.clock).z_report(closer, "today").content))
    # the studio, in the page header; pdftotext moves the space between a right-to-left and a left-to-right word
    assert f"{last}Ink".replace(" ", "") in text.replace(" ", "")
    assert re.search(rf"Closed by\s+{first} {last}", text)
    assert f"by {first} {last}" in text  # who generated it, in the page header


def test_a_name_in_a_script_the_fonts_lack_says_so_in_words(studio, tmp_path):
    text = _read_back(tmp_path, _consent_for(studio, "山田", "太郎"))
    assert f"Client {UNPRINTABLE}" in " ".join(text.split())  # the sentence may wrap in its cell
    assert "山田" not in text and "\ufffd" not in text


def test_a_name_with_an_emoji_keeps_its_letters_and_says_what_is_missing(studio, tmp_path):
    text = _read_back(tmp_path, _consent_for(studio, "Lucía", "Márquez 🌹"))
    assert f"Client Lucía Márquez {PARTLY_UNPRINTABLE}" in " ".join(text.split())


@pytest.mark.parametrize("script", LONG)
def test_right_to_left_text_over_several_lines_reads_from_its_first_line(tmp_path, script):
    content = render(PageHead("Studio", "Consent record", "2025-01-15", "2025-01-15 12:00 by Desk"),
                     [pairs([("Placement", LONG[script])])])
    lines = [line.strip() for line in _as_read(_read_back(tmp_path, content, layout=False)).splitlines()]
    written = [line.removeprefix("Placement").strip() for line in lines if not line.isascii()]
    assert len(written) >= 2 and " ".join(written) == LONG[script]  # broken in logical order, each line reversed


def test_period_report_names_an_artist_it_cannot_print_within_the_page(studio, tmp_path):
    UserService(studio.db, studio.paths, studio.clock).update(studio.admin, studio.artist.id, display_name="山田 太郎")
    studio.payments.take_payment(studio.staff, amount_minor=100_00, method="card", kind="payment",
                                 session_id=studio.session(100_00))
    day = studio.clock.now().date()
    content = DocumentService(studio.db, studio.clock).period_report(studio.admin, day, day).content
    flat = " ".join(_read_back(tmp_path, content).split())
    assert "(written in" in flat and UNPRINTABLE_SHORT in flat and "山田" not in flat  # by artist; payment rows
    (tmp_path / "doc.pdf").write_bytes(content)
    boxes = subprocess.run(["pdftotext", "-bbox", str(tmp_path / "doc.pdf"), "-"], capture_output=True, text=True,
                           check=True).stdout
    right_edges = [float(x) for x in re.findall(r'xMax="([\d.]+)"', boxes)]
    assert right_edges and max(right_edges) <= A4[0] - MARGIN + 1  # no cell runs past the right margin


def test_artist_chart_labels_draw_no_missing_glyphs():
    from app.reports.charts import income_by_artist

    artists = tuple(ArtistShare(f"a{i}", name, 40, 100_00, 0, 40_00, 60_00)
                    for i, name in enumerate(("山田 太郎", "דוד כהן", "فاطمة", "Ana")))
    with warnings.catch_warnings(record=True) as seen:
        warnings.simplefilter("always")
        png = income_by_artist(artists, "EUR")
    assert png.startswith(b"\x89PNG") and not [w for w in seen if "missing from font" in str(w.message)]


def test_ink_passport_prints_the_clients_name_in_its_script(studio, tmp_path):
    first, last = NAMES["hebrew"]
    client = ClientService(studio.db, studio.clock).create(studio.admin, first_name=first, last_name=last,
                                                           birth_date=date(1990, 5, 1), allow_duplicate=True)
    session_id = studio.session(100_00, client_id=client.id)
    text = _as_read(_read_back(tmp_path, DocumentService(studio.db, studio.clock).ink_passport(studio.staff,
                                                                                              session_id).content))
    assert re.search(rf"Client\s+{first} {last}", text)


def test_a_studio_name_the_fonts_lack_stays_clear_of_the_generated_line(tmp_path):
    content = render(PageHead("彫師 Tattoo Studio and Gallery", "Z report", "2025-01-15", "2025-01-15 12:00 by 山田"),
                     [pairs([("Payments", 0)])])
    (tmp_path / "doc.pdf").write_bytes(content)
    boxes = subprocess.run(["pdftotext", "-bbox", "-l", "1", str(tmp_path / "doc.pdf"), "-"], capture_output=True,
                           text=True, check=True).stdout
    words = [(float(x0), float(x1), word) for x0, x1, word in
             re.findall(r'<word xMin="([\d.]+)" yMin="[\d.]+" xMax="([\d.]+)" yMax="[\d.]+">([^<]*)</word>', boxes)]
    at = [word for *_, word in words].index("Generated")
    studio, generated = " ".join(word for *_, word in words[:at]), " ".join(word for *_, word in words[at:])
    assert studio == f"Tattoo Studio and Gallery {PARTLY_UNPRINTABLE_SHORT}"  # what it can print, and that it can't
    assert generated.startswith(f"Generated 2025-01-15 12:00 by {PARTLY_UNPRINTABLE_SHORT}")
    assert words[at - 1][1] < words[at][0]  # the studio's line shrank rather than run into "Generated ..."
