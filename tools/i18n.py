"""The catalog workflow: extract the marked texts, merge them into each language's catalog, compile, check.

    python -m tools.i18n extract    app/, flows/ and plugins/ -> app/locale/messages.pot
    python -m tools.i18n update     the template -> app/locale/<lang>/LC_MESSAGES/messages.po (new texts empty)
    python -m tools.i18n compile    every .po -> .mo (what the app and the bundle load)
    python -m tools.i18n check      exit 1 naming every text without a translation, fuzzy, or with placeholders
                                    that differ from its msgid (Babel's checkers)
    python -m tools.i18n all        extract, update, compile, then check

Translators edit the .po files; `all` is what a developer runs after marking new texts.
"""

from __future__ import annotations

import io
import re
import sys
from datetime import UTC, datetime
from pathlib import Path

from babel.messages.catalog import Catalog
from babel.messages.checkers import checkers
from babel.messages.extract import extract_from_dir
from babel.messages.mofile import write_mo
from babel.messages.pofile import read_po, write_po

from app.core.i18n import DOMAIN, LANGUAGES, LOCALE_DIR, SOURCE

ROOT = Path(__file__).resolve().parents[1]
MessageId = str | tuple[str, ...] | list[str]  # a msgid, or (singular, plural) of a counted text
SOURCES = ("app", "flows", "plugins")  # plugins: the example plugins shipped with the app
KEYWORDS = {"_": None, "N_": None, "ngettext": (1, 2)}
METHOD_MAP = [("**/locale/**", "ignore"), ("**.py", "python")]
TEMPLATE = LOCALE_DIR / f"{DOMAIN}.pot"
HEADER = "Translations of the tattoo studio on a stick."
PLACEHOLDER = re.compile(r"%\((\w+)\)")
STAMP = datetime(2026, 1, 1, tzinfo=UTC)  # fixed header dates: a catalog changes only when its texts do


def po_path(language: str) -> Path:
    """Where the catalog of `language` lives."""
    return LOCALE_DIR / language / "LC_MESSAGES" / f"{DOMAIN}.po"


def extract() -> Catalog:
    """Write the template catalog of every marked text (app/locale/messages.pot) and return it."""
    template = collect()
    _write(TEMPLATE, template)
    return template


def collect() -> Catalog:
    """Every marked text of the app, with the files it is used in, as a template catalog (nothing written)."""
    template = Catalog(project="tattoo-studio", version="1", header_comment=f"# {HEADER}", fuzzy=False,
                       creation_date=STAMP, revision_date=STAMP)
    for source in SOURCES:
        for filename, lineno, message, comments, context in extract_from_dir(
                ROOT / source, METHOD_MAP, keywords=KEYWORDS, comment_tags=("Translators:",), strip_comment_tags=True):
            template.add(message, None, [(f"{source}/{filename}", lineno)], auto_comments=comments, context=context)
    return template


def load(path: Path, language: str | None = None) -> Catalog:
    """Read a catalog file."""
    with path.open("rb") as file:
        return read_po(file, locale=language)


def update(template: Catalog) -> None:
    """Merge the template into each language's catalog: new texts come in empty, gone ones are dropped."""
    for language in LANGUAGES:
        if language == SOURCE:
            continue
        path = po_path(language)
        catalog = load(path, language) if path.exists() else Catalog(
            locale=language, project="tattoo-studio", version="1", header_comment=f"# {HEADER}", fuzzy=False,
            creation_date=STAMP, revision_date=STAMP)
        catalog.update(template, no_fuzzy_matching=True, update_creation_date=False)
        catalog.obsolete.clear()
        _write(path, catalog)


def compiled(language: str) -> bytes:
    """The .mo bytes the catalog of `language` compiles to."""
    buffer = io.BytesIO()
    write_mo(buffer, load(po_path(language), language), use_fuzzy=False)
    return buffer.getvalue()


def compile_all() -> None:
    """Compile each language's catalog into the .mo file the app loads."""
    for language in LANGUAGES:
        if language != SOURCE:
            _replace(po_path(language).with_suffix(".mo"), compiled(language))


def problems() -> list[str]:
    """Every missing, fuzzy or mismatched translation, as a sentence naming its language and msgid."""
    found = []
    template = load(TEMPLATE)
    for language in LANGUAGES:
        if language == SOURCE:
            continue
        path = po_path(language)
        if not path.exists():
            found.append(f"{language}: there is no catalog; run `python -m tools.i18n update` and translate it.")
            continue
        catalog = load(path, language)
        for message in template:
            if message.id and message.id not in catalog:
                found.append(f"{language}: {message.id!r} is not in the catalog; run `python -m tools.i18n update`.")
        for message in catalog:
            if not message.id:
                continue
            strings = tuple(message.string) if isinstance(message.string, tuple | list) else (message.string,)
            if not all(strings):
                found.append(f"{language}: {_key(message.id)!r} has no translation.")
            elif message.fuzzy:
                found.append(f"{language}: {_key(message.id)!r} is marked fuzzy; check it and remove the mark.")
            found += _placeholder_problems(language, message.id, strings)
            for checker in checkers:
                try:
                    checker(catalog, message)
                except Exception as error:  # Babel's TranslationError and friends: one sentence each
                    found.append(f"{language}: {_key(message.id)!r}: {error}")
    return found


def _placeholder_problems(language: str, message_id: MessageId, strings: tuple[str | None, ...]) -> list[str]:
    """A translation must use exactly the named placeholders of its msgid (Babel's checker lets a translation
    drop every one); a counted form may leave out the count itself ("one second"), which the English singular
    may leave out too ("the last hour" / "the last %(n)s hours"): the msgid's placeholders are those of all its
    forms."""
    forms = (message_id,) if isinstance(message_id, str) else tuple(message_id)
    wanted = set().union(*(PLACEHOLDER.findall(form) for form in forms))
    found = []
    for text in filter(None, strings):
        used = set(PLACEHOLDER.findall(text))
        if used != wanted and not (not isinstance(message_id, str) and used == wanted - {"n"}):
            found.append(f"{language}: {_key(message_id)!r} uses the placeholders {sorted(used)} "
                         f"where the text has {sorted(wanted)}.")
    return found


def _key(message_id: MessageId) -> str:
    return message_id if isinstance(message_id, str) else message_id[0]


def _write(path: Path, catalog: Catalog) -> None:
    buffer = io.BytesIO()
    write_po(buffer, catalog, width=100, sort_output=True, include_lineno=False)
    path.parent.mkdir(parents=True, exist_ok=True)
    _replace(path, buffer.getvalue())


def _replace(path: Path, data: bytes) -> None:
    """Write the file only when its bytes change (keeps git quiet), through a temp name."""
    if path.exists() and path.read_bytes() == data:
        return
    path.parent.mkdir(parents=True, exist_ok=True)
    tmp = path.with_name(path.name + ".tmp")
    tmp.write_bytes(data)
    tmp.replace(path)


def main(argv: list[str]) -> int:
    """Run the step named on the command line."""
    step = argv[0] if argv else "all"
    if step in ("extract", "all"):
        template = extract()
    if step in ("update", "all"):
        update(template if step == "all" else load(TEMPLATE))
    if step in ("compile", "all"):
        compile_all()
    if step in ("check", "all"):
        found = problems()
        for line in found:
            print(line)
        if found:
            print(f"{len(found)} problem(s) in the catalogs.")
            return 1
        print("Every text is translated in " + ", ".join(lang for lang in LANGUAGES if lang != SOURCE) + ".")
    if step not in ("extract", "update", "compile", "check", "all"):
        print(f"Unknown step {step!r}: use extract, update, compile, check or all.")
        return 2
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
