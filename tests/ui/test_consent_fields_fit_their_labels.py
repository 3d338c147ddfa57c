"""The consent form's fields are wide enough for their labels in every language (the German guardian's labels
wrapped onto two lines in fields sized for English)."""

from __future__ import annotations

from pathlib import Path

import flet_web
import pytest
from PIL import ImageFont

from app.core import i18n
from app.ui.views.session.consent import ConsentSection

ROBOTO = Path(flet_web.__file__).parent / "web" / "assets" / "fonts" / "roboto.woff2"  # the screens' font
LABEL_SIZE = 16  # an empty field shows its label at the text's size (it shrinks once the field holds text)
PADDING = 32  # the outlined field's border and content padding on both sides, measured on the screenshots


@pytest.mark.parametrize("language", i18n.LANGUAGES)
def test_every_consent_field_holds_its_label_on_one_line(language):
    font = ImageFont.truetype(str(ROBOTO), LABEL_SIZE)
    with i18n.speaking(language):
        section = ConsentSection(shell=None, session=None)  # the fields are made before anything is loaded
    fields = (section.form_version, section.guardian_name, section.guardian_relation)
    too_narrow = {field.label: (field.width, round(font.getlength(field.label)) + PADDING) for field in fields
                  if font.getlength(field.label) + PADDING > field.width}
    assert not too_narrow, f"Fields narrower than their {language} labels (width, needed): {too_narrow}"
