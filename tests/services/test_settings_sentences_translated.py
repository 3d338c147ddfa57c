"""The studio settings' and "Backups kept" sentences come back in the language asked for, values filled in: the
service's refusals under i18n.speaking, and what backups keep over HTTP with Accept-Language."""

from __future__ import annotations

import pytest

from app.core import i18n
from app.domain.errors import ValidationError
from app.services.settings import SettingsService


@pytest.fixture
def settings(opened):
    return SettingsService(opened.db)


@pytest.mark.parametrize("language, change, sentence", [
    ("es", {"minimum_age": 12}, "La edad mínima debe estar entre 16 y 99."),
    ("de", {"buffer_minutes": 500}, "Der Puffer zwischen Terminen muss zwischen 0 und 120 Minuten liegen."),
    ("fr", {"colour": "red"}, "Aucun réglage ne s'appelle colour."),
    ("it", {"keep_weekly": 53}, "Backup conservati: le settimane devono essere tra 0 e 52 (un anno), non 53."),
    ("pt", {"keep_daily": "7"}, "Cópias guardadas: os dias têm de ser um número inteiro."),
])
def test_a_refused_setting_is_said_in_the_language_asked_for(opened, settings, language, change, sentence):
    with i18n.speaking(language), pytest.raises(ValidationError) as refused:
        settings.update(opened.user, **change)
    assert str(refused.value) == sentence


def test_what_backups_keep_reads_in_the_language_of_the_request(opened, settings):
    settings.update(opened.user, keep_hours=1, keep_daily=3, keep_weekly=0, keep_monthly=1, keep_others=1)
    with i18n.speaking("de"):
        german = settings.get(opened.user).backups_kept
    assert german == ("Aufbewahrt: jede Sicherung der letzten Stunde, danach jeweils die neueste pro Zeitraum über "
                      "die letzten 3 Tage und den letzten Monat; die neueste Schutzkopie vor einer Wiederherstellung "
                      "oder einem Update sowie von beschädigten Datenbanken.")
    assert settings.get(opened.user).backups_kept.startswith("Kept: every backup of the last hour, then the newest")
