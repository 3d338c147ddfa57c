"""The stick's own sentences (its file system, Windows names, the recovery code) come out in the current language,
numbers written the way that language writes them."""

from __future__ import annotations

import subprocess
import sys
from pathlib import Path

import pytest

from app.core import i18n
from app.core.filesystem import FAT32_MAX_FILE, database_full_sentence
from app.core.windows_names import refuse_reserved
from app.domain.errors import ValidationError

ROOT = Path(__file__).resolve().parents[2]


def test_the_full_database_sentence_writes_its_size_with_the_languages_decimal_comma():
    with i18n.speaking("de"):
        sentence = database_full_sentence(FAT32_MAX_FILE)
    assert sentence.startswith("Die Datenbank des Studios ist auf 4,00 GiB gewachsen")
    assert database_full_sentence(FAT32_MAX_FILE).startswith("The studio's database has grown to 4.00 GiB")


def test_a_windows_device_name_is_refused_in_french_with_the_kind_of_name_translated():
    with i18n.speaking("fr"), pytest.raises(ValidationError) as refused:
        refuse_reserved("D:\\exports\\CON\\x.zip")
    assert str(refused.value) == ("« CON » ne peut pas servir de nom : Windows réserve ce nom à un périphérique, "
                                  "rien ne pourrait donc être enregistré sous ce nom. Choisissez un autre nom.")


@pytest.mark.parametrize("module", ["app.core.atomic", "app.core.filesystem", "app.core.i18n", "app.core.paths",
                                    "app.core.crypto", "app.core.instance", "app.core.keyslots",
                                    "app.core.windows_names", "app.domain.client_rules", "app.domain.reports"])
def test_each_core_module_imports_first_in_a_fresh_interpreter(module):
    """i18n writes through atomic, which asks filesystem, whose sentences go through i18n: no import cycle."""
    done = subprocess.run([sys.executable, "-c", f"import {module}"], cwd=ROOT, capture_output=True, text=True,
                          timeout=60)
    assert done.returncode == 0, done.stderr
