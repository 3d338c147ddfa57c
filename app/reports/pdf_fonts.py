"""The PDFs' fonts and the text they can print: the DejaVu family embedded, right-to-left text shaped and put
in visual order, and a sentence in place of boxes for scripts the fonts lack (CJK, emoji)."""

from __future__ import annotations

import importlib.util
import unicodedata
from functools import cache, lru_cache
from pathlib import Path

import arabic_reshaper
from arabic_reshaper.letters import ISOLATED, LETTERS_ARABIC
from arabic_reshaper.ligatures import LIGATURES
from bidi import get_display
from reportlab.pdfbase import pdfmetrics
from reportlab.pdfbase.ttfonts import TTFont

from app.core.i18n import N_, _, current

REGULAR, BOLD, ITALIC, BOLD_ITALIC = "DejaVuSans", "DejaVuSans-Bold", "DejaVuSans-Oblique", "DejaVuSans-BoldOblique"
# Helvetica's faces (reportlab's sample styles) -> ours, so every style keeps its weight.
REPLACES = {"Helvetica": REGULAR, "Helvetica-Bold": BOLD, "Helvetica-Oblique": ITALIC,
            "Helvetica-BoldOblique": BOLD_ITALIC}
# The notes printed in place of what the fonts lack, translated where they are printed (the document's language).
UNPRINTABLE = N_("(written in a script this document cannot print: see it in the studio app)")
PARTLY_UNPRINTABLE = N_("(some characters are in a script this document cannot print: see it in the studio app)")
# The same in the one-line cells of long tables, whose columns grow to their widest cell: a few words in every
# language, as the page header's room and the tables' widths need.
UNPRINTABLE_SHORT, PARTLY_UNPRINTABLE_SHORT = N_("(script not printable here)"), N_("(+ unprintable characters)")
_RTL = frozenset(("R", "AL"))  # Hebrew-like and Arabic-like letters (bidirectional classes)
_INVISIBLE = frozenset(("Cf",))  # joiners, bidi marks: shape or order text, print nothing


def font_folder() -> Path:
    """Where the DejaVu TTF files are: inside the installed (or bundled) matplotlib, so nothing is downloaded.
    Found without importing matplotlib, whose import sets up a cache folder: a read-only stick must still start
    and say what to do (tests/reliability/test_stick_cannot_write.py)."""
    spec = importlib.util.find_spec("matplotlib")
    if spec is None or not spec.submodule_search_locations:
        raise FileNotFoundError(_("matplotlib, whose fonts the PDFs embed, is not installed with this app."))
    return Path(next(iter(spec.submodule_search_locations))) / "mpl-data" / "fonts" / "ttf"


@cache
def register_fonts() -> dict[str, TTFont]:
    """Register the four DejaVu Sans faces with reportlab (once) as one family; return them by name.
    DejaVu Sans covers Latin, Greek, Cyrillic, Hebrew and Arabic, and reportlab embeds the glyphs used."""
    faces = {name: TTFont(name, str(font_folder() / f"{name}.ttf")) for name in (REGULAR, BOLD, ITALIC, BOLD_ITALIC)}
    for face in faces.values():
        pdfmetrics.registerFont(face)
    pdfmetrics.registerFontFamily(REGULAR, normal=REGULAR, bold=BOLD, italic=ITALIC, boldItalic=BOLD_ITALIC)
    return faces


@cache
def _reshaper(font: str) -> arabic_reshaper.ArabicReshaper:
    """Arabic letters joined into their contextual forms, using only the ligatures `font` has glyphs for (what
    arabic_reshaper.config_for_true_type_font works out, read from reportlab's cmap instead of fontTools')."""
    covered = register_fonts()[font].face.charToGlyph
    isolated = all(ord(forms[ISOLATED]) in covered for forms in LETTERS_ARABIC.values() if forms[ISOLATED])
    configuration = {"use_unshaped_instead_of_isolated": not isolated}
    configuration |= {name: all(ord(form) in covered for form in forms if form) for name, (_, forms) in LIGATURES}
    return arabic_reshaper.ArabicReshaper(configuration=configuration)


def right_to_left(value: str) -> bool:
    """Does `value` hold any right-to-left letter (Hebrew, Arabic...)?"""
    return not value.isascii() and any(unicodedata.bidirectional(ch) in _RTL for ch in value)


def visual(line: str) -> str:
    """One line in the order it is drawn left to right: right-to-left runs reversed, the line itself read left
    to right as the documents are."""
    return get_display(line, base_dir="L") if right_to_left(line) else line


def shaped(value: str, font: str = REGULAR, short: bool = False) -> str:
    """`value` in logical order as `font` can draw it: Arabic letters joined; characters the font lacks taken
    out, with a sentence saying so in the current language (the whole value becomes the sentence when no letter
    is left; `short`: a few words, for one-line table cells)."""
    if value.isascii():
        return value
    return _shaped(value, font, short, current())


@lru_cache(maxsize=8192)  # a long report repeats few distinct non-ASCII cells (amounts with €, names)
def _shaped(value: str, font: str, short: bool, language: str) -> str:
    """`shaped` for the language its notes come out in (part of the cache's key, so no note is reused in
    another language)."""
    covered = register_fonts()[font].face.charToGlyph
    value = "".join(ch for ch in value if unicodedata.category(ch) not in _INVISIBLE or ch in "\u200c\u200d")
    if any(unicodedata.bidirectional(ch) == "AL" for ch in value):
        value = _reshaper(font).reshape(value)
    value = "".join(ch for ch in value if ch not in "\u200c\u200d")  # the joiners did their work above
    if all(ord(ch) in covered or ch.isspace() for ch in value):
        return value
    kept = " ".join("".join(ch if ord(ch) in covered else " " for ch in value).split())
    if not any(ch.isalnum() for ch in kept):
        return _(UNPRINTABLE_SHORT if short else UNPRINTABLE)
    return f"{kept} {_(PARTLY_UNPRINTABLE_SHORT if short else PARTLY_UNPRINTABLE)}"


def printable(value: str, font: str = REGULAR, short: bool = False) -> str:
    """One line of `value` as `font` draws it left to right: shaped, then in visual order."""
    return visual(shaped(value, font, short))
