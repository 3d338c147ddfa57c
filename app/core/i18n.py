"""The studio's own language: gettext catalogs (made with Babel) for every sentence a person reads.

Texts are written in English in the code and marked with `_()` (or `ngettext()` where a number decides the
form); `tools/i18n` extracts them into `app/locale/messages.pot`, merges them into one catalog per language
and compiles those. Placeholders are named (`_("Booked %(client)s.", client=name)`), so a translation may put
them in any order, and Babel's checkers can compare them.

Which language a text comes out in: the one set for the current context (an API request sets the signed-in
user's), else the one its resolver names (the screens: the language the window's user chose, see `use_resolver`),
else the process's default (the studio's, or the language last used on this stick, or the computer's). A language
without a catalog falls back to English, the msgid itself.
"""

from __future__ import annotations

import contextvars
import functools
import locale
import os
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from gettext import NullTranslations
from pathlib import Path

from babel.support import Translations

from app.core.atomic import write_atomic

LANGUAGES = ("en", "es", "de", "fr", "it", "pt")  # every one has a complete catalog (tests/core/test_catalogs.py)
NAMES = {"en": "English", "es": "Español", "de": "Deutsch", "fr": "Français", "it": "Italiano", "pt": "Português"}
SOURCE = "en"
LOCALE_DIR = Path(__file__).resolve().parents[1] / "locale"
DOMAIN = "messages"

_default = SOURCE
_current: contextvars.ContextVar[str | None] = contextvars.ContextVar("language", default=None)
_resolver: Callable[[], str | None] | None = None


def supported(code: str | None) -> str | None:
    """The language of a code such as 'es', 'es_ES', 'es-ES', 'es_ES.UTF-8' or 'es-ES,es;q=0.9' if it has a
    catalog, else None."""
    if not code:
        return None
    first = code.split(",")[0].split(";")[0].strip()  # an Accept-Language list: its first choice
    language = first.replace("-", "_").split(".")[0].split("_")[0].lower()
    return language if language in LANGUAGES else None


def system_language() -> str:
    """The computer's language if it has a catalog, else English (read from the environment, never written)."""
    for name in ("LANGUAGE", "LC_ALL", "LC_MESSAGES", "LANG"):
        for part in os.environ.get(name, "").split(":"):
            if found := supported(part):
                return found
    try:
        found = supported(locale.getlocale()[0])
    except ValueError:
        found = None
    return found or SOURCE


def set_default(language: str | None) -> str:
    """Make `language` the process's default (a code without a catalog means English); return what was set."""
    global _default
    _default = supported(language) or SOURCE
    return _default


def use_resolver(resolver: Callable[[], str | None] | None) -> None:
    """Ask `resolver` for the language of the context when no block set one, before the default (the screens:
    the language the user of the window whose handler runs chose; see app/ui/language.py)."""
    global _resolver
    _resolver = resolver


def current() -> str:
    """The language texts come out in here and now."""
    return _current.get() or (_resolver and _resolver()) or _default


def enter(language: str | None) -> contextvars.Token[str | None]:
    """From now on in this context texts come out in `language`; give the token to `leave` when done."""
    return _current.set(supported(language))


def leave(token: contextvars.Token[str | None]) -> None:
    """Back to the language the context had before `enter`."""
    _current.reset(token)


@contextmanager
def speaking(language: str | None) -> Iterator[str]:
    """Within the block, texts come out in `language` (or the default when it has no catalog)."""
    token = enter(language)
    try:
        yield current()
    finally:
        leave(token)


@functools.cache
def catalog(language: str) -> NullTranslations:
    """The compiled catalog of `language` (English, the msgids themselves, needs none)."""
    if language == SOURCE:
        return NullTranslations()
    return Translations.load(str(LOCALE_DIR), [language], DOMAIN)


def _(message: str, **values: object) -> str:
    """`message` in the current language, with its named placeholders filled from `values`."""
    text = catalog(current()).gettext(message)
    return text % values if values else text


def ngettext(singular: str, plural: str, n: int, **values: object) -> str:
    """The form for `n` of a counted sentence in the current language; `%(n)s` and `values` fill it."""
    text = catalog(current()).ngettext(singular, plural, n)
    return text % {"n": n, **values}


def N_(message: str) -> str:  # noqa: N802 (gettext's name for it, known to extractors)
    """Mark a text for extraction where it is defined; it is translated with `_()` where it is shown."""
    return message


def remembered(path: Path) -> str | None:
    """The language last used on this stick, from its small plaintext file (None when absent or unknown)."""
    try:
        return supported(path.read_text(encoding="ascii", errors="replace").strip()[:16])
    except OSError:
        return None


def remember(path: Path, language: str) -> None:
    """Keep `language` as the one last used on this stick (a two-letter code: nothing personal)."""
    code = supported(language) or SOURCE
    if remembered(path) != code:
        write_atomic(path, code.encode("ascii"))


def start_language(path: Path) -> str:
    """Set the process's default to the language last used on this stick, else the computer's; return it."""
    return set_default(remembered(path) or system_language())
