"""The Backups screen in the studio's language: status, the Prefect fallback, the list, the history, the restore
dialog and the export's sentences show no English once the studio speaks Spanish; sizes, times and states come
out in Spanish too (a decimal comma, the month's Spanish name)."""

from __future__ import annotations

import time
from datetime import UTC, datetime

import pytest

from app.core import i18n
from app.services.backups.job_history import JobRun, read_runs, record_run
from app.ui.components.widgets import use_studio_locale
from tests.ui.test_booking_and_money_screens_translated import english_left, studio_in


@pytest.fixture(autouse=True)
def english_afterwards():
    yield
    i18n.set_default("en")
    use_studio_locale("en")


def test_the_backups_screen_and_its_sentences_in_spanish(ui, api_url, admin_api, clock, stick, tmp_path):
    taken = admin_api.backups.take()  # no Prefect server in the tests: the job runs directly
    deadline = time.monotonic() + 30  # then its prune and first verify, in the background
    while {"prune-backups", "verify-newest"} - {r.name for r in read_runs(stick)}:
        assert time.monotonic() < deadline, read_runs(stick)
        time.sleep(0.05)
    record_run(stick, JobRun(name="backup-local", state="Failed", started=datetime(2099, 3, 2, 9, 30, tzinfo=UTC),
                             duration=3.25, size=2_621_440, fallback=True))
    shell = studio_in(ui, api_url, admin_api, clock, "es_ES")
    shell.navigate("backups")
    assert ui.has_text("Copias") and ui.button("Hacer copia ahora") and ui.has_text("Estado")
    assert ui.has_text("Última copia buena: ") and ui.has_text(f"({taken.name}, ")
    assert ui.has_text("No hay ningún disco espejo configurado: las copias de seguridad solo están en la memoria USB.")
    assert any(text.startswith("Las copias ocupan ") and text.endswith(" libres.") for text in ui.texts())
    assert ui.has_text("La última tarea (Copia, 2 de marzo de 2099, 10:30) se ejecutó directamente en la aplicación")
    assert ui.has_text("Copias (1)") and ui.has_text("verificada") and ui.has_text("memoria USB")
    assert ui.field("Carpeta de exportación").helper == "Exportar… guarda ahí la copia elegida como ZIP."
    assert ui.has_text("Historial (4)") and ui.has_text("Tarea") and ui.has_text("Ejecutada por")
    assert ui.has_text("Fallido") and ui.has_text("3,2 s") and ui.has_text("2,5 MB")
    assert ui.has_text("la aplicación (planificador parado)")
    assert english_left(ui, "Back up now", "Last good backup", "No mirror drive", "Backups take", "ran directly",
                        "verified", "stick", "Export folder", "History", "Ran by", "Failed", "the app (",
                        "March", "2.5 MB", "Last verified") == []
    ui.click(f"Restaurar {taken.name}")
    assert ui.has_text("¿Restaurar esta copia de seguridad?") and ui.has_text(f"({taken.name}): clientes: 0, ")
    assert ui.button("Restaurar ahora") and english_left(ui, "Restore this backup?", "clients:", "Restore now") == []
    ui.click("Cancelar")
    ui.click(f"Exportar {taken.name}")
    assert ui.has_text("Escribe primero en 'Carpeta de exportación' la carpeta a la que exportar")
    ui.type("Carpeta de exportación", str(tmp_path / "sin-conectar"))
    ui.click(f"Exportar {taken.name}")  # the API answers in the screens' language
    assert ui.has_text(f"La carpeta {tmp_path / 'sin-conectar'} no existe (¿está conectada la unidad?). "
                       "Elige una carpeta que exista.")
