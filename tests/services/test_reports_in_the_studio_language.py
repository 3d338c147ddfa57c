"""The reports speak the language of the request that asks for them: CSV headers, kinds and methods, the
accountant's README and the charts' texts translated; amounts and months in the studio's locale (Babel)."""

from __future__ import annotations

import csv
import io
from dataclasses import replace

import pytest

from app.core import i18n
from app.db.repos.settings import SettingsRepository
from app.domain.errors import ValidationError
from app.domain.reports import ArtistShare, PeriodIncome, check_range
from app.reports import charts
from app.reports.csv_export import decimal_amount, guard_cell, minor_units
from app.services.reports.accounting import AccountingExport
from app.services.reports.service import ReportService
from tests.conftest import STUDIO_NAME
from tests.services.support_document_studio import fill
from tests.services.support_money_studio import MADRID, NOON

DAY = NOON.date()


def _locale(studio, locale: str):
    with studio.db.write() as conn:
        SettingsRepository().save(conn, replace(MADRID, locale=locale))
    return studio


def _rows(content: bytes, delimiter: str) -> list[list[str]]:
    return list(csv.reader(io.StringIO(content.decode("utf-8-sig")), delimiter=delimiter))


def test_the_register_csv_comes_in_spanish_with_amounts_as_spain_writes_them(studio):
    _locale(studio, "es_ES")
    session_id = studio.session(300_00)
    for amount, method, kind in ((100_00, "card", "deposit"), (125_50, "cash", "payment"), (25_50, "card", "refund")):
        studio.payments.take_payment(studio.staff, amount_minor=amount, method=method, kind=kind,
                                     session_id=session_id)
    with i18n.speaking("es"):
        export = ReportService(studio.db, studio.clock).register_csv(studio.staff, "today")
    header, *rows = _rows(export.content, ";")
    assert header == ["Día", "Cobrado el", "ID del pago", "Tipo", "Método", "Importe", "Moneda", "ID de la sesión",
                      "ID del cliente", "ID del artista", "Artista", "Cobrado por", "ID del pago corregido"]
    assert [(r[3], r[4], r[5], r[6]) for r in rows] == [("Señal", "Tarjeta", "100,00", "EUR"),
                                                        ("Pago", "Efectivo", "125,50", "EUR"),
                                                        ("Devolución", "Tarjeta", "-25,50", "EUR")]
    assert [minor_units(r[5], r[6]) for r in rows] == [100_00, 125_50, -25_50]
    assert all(r[0] == DAY.isoformat() for r in rows)  # dates stay ISO: every spreadsheet sorts them as dates


def test_the_accountants_zip_comes_in_german_with_amounts_as_germany_writes_them(studio):
    fill(studio)
    _locale(studio, "de_DE")
    with i18n.speaking("de"):
        files = AccountingExport(studio.db, studio.paths, studio.clock).contents(studio.admin, DAY, DAY)
    readme = files["README.txt"].decode("utf-8")
    assert readme.startswith(f"Export für die Steuerberatung von {STUDIO_NAME}: 2025-01-15 bis 2025-01-15 "
                             "(Zeitzone des Studios: Europe/Madrid).\n")
    assert "Beträge sind Dezimalzahlen in EUR, geschrieben wie -125,50, ohne Währungszeichen; die Zellen sind\n" \
           "durch ';' getrennt." in readme
    assert "sha256sum -c manifest-sha256.txt" in readme and "Accountant" not in readme and "Amounts" not in readme
    assert _rows(files["by_method.csv"], ";") == [["Zahlungsart", "Netto", "Währung"], ["Bar", "215,50", "EUR"],
                                                  ["Karte", "100,00", "EUR"], ["Überweisung", "0,00", "EUR"],
                                                  ["Sonstiges", "0,00", "EUR"], ["Gesamt", "315,50", "EUR"]]
    [header, day] = _rows(files["day_closes.csv"], ";")
    assert header == ["Tag", "Anfangsbestand", "Erwartetes Bargeld", "Gezähltes Bargeld", "Differenz", "Währung",
                      "Status", "Abgeschlossen von", "Abgeschlossen am"]
    assert day[:8] == ["2025-01-15", "50,00", "265,50", "260,00", "-5,50", "EUR", "abgeschlossen", "Desk"]
    header, *artists = _rows(files["by_artist.csv"], ";")
    assert header[:3] == ["Artist-ID", "Artist", "Provision (%)"] and artists[-1][1] == "(kein Artist)"
    assert _rows(files["payments.csv"], ";")[0][:6] == ["Tag", "Kassiert am", "Zahlungs-ID", "Art", "Zahlungsart",
                                                        "Betrag"]


@pytest.mark.parametrize(("minor", "currency", "locale", "text"), [
    (123456789012345678, "EUR", "de_DE", "1234567890123456,78"), (-1, "EUR", "es_ES", "-0,01"),
    (1500, "JPY", "fr_FR", "1500"), (12345, "BHD", "it_IT", "12,345"), (-12550, "EUR", "pt_PT", "-125,50"),
    (12550, "EUR", "en", "125.50")])
def test_amounts_take_the_locales_decimal_symbol_without_grouping_and_parse_back(minor, currency, locale, text):
    assert decimal_amount(minor, currency, locale) == text and minor_units(text, currency) == minor
    assert guard_cell(text) == text  # a negative amount is a number, not a formula: no quote in front


def _drawn(monkeypatch) -> list[dict]:
    """Catch what each chart draws (titles, labels, tick and legend texts) before it becomes a PNG."""
    seen, real = [], charts._png

    def catch(figure):
        figure.canvas.draw()  # tick labels are formatted when drawn
        axes = figure.axes[0]
        legend = axes.get_legend()
        seen.append({"title": axes.get_title(), "x": axes.get_xlabel(), "y": axes.get_ylabel(),
                     "xticks": [t.get_text() for t in axes.get_xticklabels()],
                     "yticks": [t.get_text() for t in axes.get_yticklabels()],
                     "texts": [t.get_text() for t in axes.texts],
                     "legend": [t.get_text() for t in legend.get_texts()] if legend else []})
        return real(figure)
    monkeypatch.setattr(charts, "_png", catch)
    return seen


def test_the_charts_speak_spanish_with_months_and_amounts_in_the_studios_format(monkeypatch):
    seen = _drawn(monkeypatch)
    artist = ArtistShare("a1", "Lola", 40, 500_00, 20_00, 200_00, 300_00)
    with i18n.speaking("es"):
        month = charts.income_by_month((PeriodIncome("2026-03", 1250_00), PeriodIncome("2026-04", -20_00)), "EUR",
                                       "es_ES")
        charts.income_by_method({"cash": 300_00, "card": 150_00, "transfer": 0, "other": 0}, "EUR", "es_ES")
        charts.income_by_artist((artist,), "EUR", "es_ES")
        charts.income_by_month((), "EUR", "es_ES")
    assert month.startswith(b"\x89PNG")
    by_month, by_method, by_artist, empty = seen
    assert (by_month["title"], by_month["x"], by_month["y"]) == ("Ingresos por mes (EUR)", "Mes",
                                                                 "Ingresos netos (EUR)")
    assert by_month["xticks"] == ["mar 2026", "abr 2026"]
    assert {"-200,00\xa0€", "0,00\xa0€", "1.000,00\xa0€"} <= set(by_month["yticks"])
    assert by_method["yticks"] == ["Efectivo", "Tarjeta", "Transferencia", "Otro"] and by_method["y"] == "Método"
    assert by_artist["legend"] == ["Parte del estudio", "Comisión", "Propinas"] and by_artist["x"] == "Artista"
    assert empty["texts"] == ["No hay pagos en este periodo"]


def test_a_range_that_ends_before_it_starts_is_refused_in_spanish_with_its_dates():
    with i18n.speaking("es"), pytest.raises(ValidationError) as refused:
        check_range(NOON.date(), NOON.date().replace(day=1))
    assert str(refused.value) == ("El periodo termina (2025-01-01) antes de empezar (2025-01-15). La fecha 'desde' "
                                  "debe ser igual o anterior a la fecha 'hasta'.")
