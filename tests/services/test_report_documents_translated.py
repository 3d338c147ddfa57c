"""The PDFs speak the language of the request that asks for them: a Z report in German and a consent record in
Spanish, read back with pdftotext, have their headings and labels in that language, money and dates in the
studio's locale, and no English left; the note for a name the fonts cannot print comes in the document's language."""

from __future__ import annotations

import dataclasses
import re
import subprocess
from datetime import date

import pytest
from reportlab.lib.pagesizes import A4

from app.core import i18n
from app.core.clock import FixedClock
from app.core.i18n import _ as translated
from app.db.repos.settings import SettingsRepository
from app.reports.pdf_fonts import UNPRINTABLE_SHORT
from app.reports.pdf_layout import MARGIN
from app.services.clients.consents import ConsentService
from app.services.clients.service import ClientService
from app.services.reports.documents import DocumentService
from app.services.users import UserService
from tests.services.support_document_studio import fill, signature_png
from tests.services.support_money_studio import MADRID


@pytest.fixture(scope="module")
def world(shared):
    """The module's studio filled once: a client with inks and a signed consent, payments, a closed day."""
    shared.reset()
    return shared, fill(shared), DocumentService(shared.db, shared.clock)


def _studio_locale(studio, locale: str) -> None:
    with studio.db.write() as conn:
        SettingsRepository().save(conn, dataclasses.replace(MADRID, locale=locale))


def _text(tmp_path, content: bytes) -> str:
    path = tmp_path / "doc.pdf"
    path.write_bytes(content)
    raw = subprocess.run(["pdftotext", "-layout", str(path), "-"], capture_output=True, text=True, check=True).stdout
    return " ".join(raw.replace("\xa0", " ").split())  # Babel puts a no-break space between amount and symbol


def test_a_z_report_asked_for_in_german_is_german_with_german_money(world, tmp_path):
    studio, _ids, docs = world
    _studio_locale(studio, "de_DE")
    with i18n.speaking("de"):
        text = _text(tmp_path, docs.z_report(studio.staff, "today").content)
    for heading in ("Summen nach Zahlungsart (netto)", "Summen nach Art (brutto)", "Zahlungsart Netto",
                    "Art Brutto", "Bargeldzählung Angabe Wert", "Gezähltes Bargeld", "Erwartetes Bargeld",
                    "Differenz (gezählt - erwartet)", "Abgeschlossen von", "Seite 1 von 1", "Erstellt:"):
        assert heading in text, heading
    assert "Karte 100,00 €" in text and "Bar 215,50 €" in text and "Anzahlung 100,00 €" in text
    for figure in ("315,50 €", "50,00 €", "265,50 €", "260,00 €", "-5,50 €"):
        assert figure in text, figure
    assert "Abgeschlossen am 15.01.2025, 12:00" in text  # noon in Madrid, as a German writes it
    for english in ("Totals by method", "Counted cash", "Closed by", "Page 1 of 1", "Generated", "€215.50",
                    "cash", "card"):
        assert english not in text, english


def test_a_consent_record_asked_for_in_spanish_is_spanish_with_spanish_dates(world, tmp_path):
    studio, ids, docs = world
    _studio_locale(studio, "es_ES")
    with i18n.speaking("es"):
        text = _text(tmp_path, docs.consent_record(studio.staff, ids.consent_id).content)
    for label in ("Consentimiento", "Firma", "Cliente", "Nacimiento 1 may 1990", "Versión del formulario v3",
                  "Firmado el 15 ene 2025, 12:00", "Registrado por", "Zona", "Página 1 de 1", "Generado:"):
        assert label in text, label
    body = text.split(" - 2025-01-15 ", 1)[1]  # below the page title, which the document service names
    for english in ("Consent", "Signature", "Born", "Form version", "Signed at", "Recorded by", "Page 1 of",
                    "1990-05-01"):
        assert not re.search(rf"\b{english}\b", body), english


def test_the_studio_in_english_still_gets_iso_dates_and_its_money(world, tmp_path):
    studio, ids, docs = world
    _studio_locale(studio, "en")
    text = _text(tmp_path, docs.consent_record(studio.staff, ids.consent_id).content)
    assert "Born 1990-05-01" in text and "Signed at 2025-01-15 12:00" in text and "Page 1 of 1" in text


def test_a_name_the_fonts_cannot_print_is_said_so_in_the_documents_language(world, tmp_path):
    studio, _ids, docs = world
    _studio_locale(studio, "de_DE")
    clock = FixedClock(studio.clock.now())
    client = ClientService(studio.db, clock).create(studio.admin, first_name="山田", last_name="花子",
                                                    birth_date=date(1990, 5, 1))
    session_id = studio.session(100_00, client_id=client.id)
    consent = ConsentService(studio.db, clock).record(studio.staff, session_id, form_version="v3",
                                                      signature_png=signature_png())
    english = _text(tmp_path, docs.consent_record(studio.staff, consent.id).content)  # first in English...
    with i18n.speaking("de"):  # ...then the same name in German: the note is not the English one remembered
        german = _text(tmp_path, docs.consent_record(studio.staff, consent.id).content)
    assert "(written in a script this document cannot print" in english
    assert "(in einer Schrift, die dieses Dokument nicht drucken kann: sieh es in der Studio-App nach)" in german
    assert "written in a script" not in german and "山田" not in german


@pytest.mark.parametrize("language", ["es", "de", "fr", "it", "pt"])
def test_the_period_reports_cells_fit_the_page_in_every_language(world, tmp_path, language):
    studio, _ids, docs = world
    _studio_locale(studio, "en")
    UserService(studio.db, studio.paths, studio.clock).update(studio.admin, studio.artist.id, display_name="山田 太郎")
    day = studio.clock.now().date()
    with i18n.speaking(language):
        content = docs.period_report(studio.admin, day, day).content
        note = translated(UNPRINTABLE_SHORT)
    (tmp_path / "doc.pdf").write_bytes(content)
    assert note in _text(tmp_path, content) and note != UNPRINTABLE_SHORT  # the artist's name, said in the language
    boxes = subprocess.run(["pdftotext", "-bbox", str(tmp_path / "doc.pdf"), "-"], capture_output=True, text=True,
                           check=True).stdout
    right_edges = [float(x) for x in re.findall(r'xMax="([\d.]+)"', boxes)]
    assert right_edges and max(right_edges) <= A4[0] - MARGIN + 1  # no cell runs past the right margin
