"""Find texts a person reads that are written as plain literals instead of going through `_()`/`ngettext()`.

A literal counts as such a text when it holds two or more words of letters and starts with a capital letter
(a sentence, a label, a heading), or when it is an f-string with words in it; docstrings, the arguments of
`_`, `ngettext` and `N_`, log lines (`log.*`, `logger.*`, `logging.*`) and the allowed non-texts below are
left out. `python -m tools.untranslated` lists what is left, file by file; tests/test_texts_are_translated.py
fails on anything not in its allow-list.
"""

from __future__ import annotations

import ast
import re
import sys
from collections.abc import Iterator
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
SCANNED = ("app/ui", "app/reports", "app/cli", "app/api", "app/services", "app/domain", "app/core", "flows", "plugins")
SKIPPED = ("app/core/i18n.py", "app/db/migrations",
           "app/api/openapi.py")  # the OpenAPI document: for developers, like typer's help= and the routes' summary=
MARKERS = {"_", "ngettext", "N_"}
LOGGERS = {"log", "logger", "logging", "_log"}
WORDS = re.compile(r"[A-Za-zÀ-ÿ]+(?:['’][a-z]+)?")
TEXT_CONTROLS = {"Text", "Button", "TextButton", "OutlinedButton", "ElevatedButton", "FilledButton", "Tab",
                 "DataColumn", "Chip", "heading", "error_line", "message", "say"}  # their first argument is shown
TEXT_KEYWORDS = {"label", "hint_text", "helper_text", "tooltip", "title", "text", "semantics_label", "error_text",
                 "prefix_text", "suffix_text", "counter_text"}
# typer's help= and the API's summary= are for developers; the rest name things rather than say them
NOT_TEXT_ARGS = {"help", "summary", "description", "metavar", "rich_help_panel", "key", "data", "tooltip_key", "name",
                 "id", "route", "font_family", "semantics_label_key"}


def looks_like_text(value: str) -> bool:
    """Words with spaces between them: two or more after a capital letter (a label, a heading), or four or more
    (a sentence, even one in brackets or starting in lower case)."""
    stripped = value.strip()
    if " " not in stripped or "_" in stripped.split()[0]:
        return False
    words = len([word for word in WORDS.findall(stripped) if len(word) > 1])  # not strftime's %Y-%m-%d
    opening = stripped.lstrip("(«¿¡\"'")[:1]
    return (opening.isupper() and words >= 2) or words >= 4  # a label, or a sentence even in brackets


class _Finder(ast.NodeVisitor):
    def __init__(self) -> None:
        self.found: list[tuple[int, str]] = []
        self._skip: set[int] = set()

    def visit_Module(self, node: ast.Module) -> None:  # noqa: N802 (ast's naming)
        self._skip_docstring(node)
        self.generic_visit(node)

    def visit_FunctionDef(self, node: ast.FunctionDef | ast.AsyncFunctionDef | ast.ClassDef) -> None:  # noqa: N802
        self._skip_docstring(node)
        self.generic_visit(node)

    visit_AsyncFunctionDef = visit_FunctionDef  # noqa: N815
    visit_ClassDef = visit_FunctionDef  # noqa: N815

    def _skip_docstring(self, node: ast.AST) -> None:
        body = getattr(node, "body", [])
        if body and isinstance(body[0], ast.Expr) and isinstance(body[0].value, ast.Constant):
            self._skip.add(id(body[0].value))

    def visit_Call(self, node: ast.Call) -> None:  # noqa: N802
        name = _callee(node)
        if name in MARKERS or _is_log(node):
            for inner in ast.walk(node):
                self._skip.add(id(inner))
        shown = [*node.args[:1]] if name in TEXT_CONTROLS else []
        shown += [keyword.value for keyword in node.keywords if keyword.arg in TEXT_KEYWORDS]
        for value in shown:  # a single word counts here too: a button's "Save" is read
            if isinstance(value, ast.Constant) and isinstance(value.value, str) and id(value) not in self._skip \
                    and WORDS.search(value.value) and not looks_like_text(value.value):
                self.found.append((value.lineno, repr(value.value)))
                self._skip.add(id(value))
        for keyword in node.keywords:
            if keyword.arg in NOT_TEXT_ARGS:
                for inner in ast.walk(keyword.value):
                    self._skip.add(id(inner))
        self.generic_visit(node)

    def visit_JoinedStr(self, node: ast.JoinedStr) -> None:  # noqa: N802
        if id(node) not in self._skip:
            text = "".join(part.value for part in node.values
                           if isinstance(part, ast.Constant) and isinstance(part.value, str))
            if len(WORDS.findall(text)) >= 2 and any(c.isupper() for c in text):
                self.found.append((node.lineno, "f" + repr(text)))
        for inner in ast.walk(node):
            self._skip.add(id(inner))

    def visit_Constant(self, node: ast.Constant) -> None:  # noqa: N802
        if id(node) not in self._skip and isinstance(node.value, str) and looks_like_text(node.value):
            self.found.append((node.lineno, repr(node.value)))


def _callee(node: ast.Call) -> str | None:
    if isinstance(node.func, ast.Name):
        return node.func.id
    if isinstance(node.func, ast.Attribute):
        return node.func.attr
    return None


def _is_log(node: ast.Call) -> bool:
    func = node.func
    return isinstance(func, ast.Attribute) and isinstance(func.value, ast.Name) and func.value.id in LOGGERS


def scan(path: Path) -> list[tuple[int, str]]:
    """The (line, text) of every untranslated text in one file."""
    finder = _Finder()
    finder.visit(ast.parse(path.read_text(encoding="utf-8"), str(path)))
    return sorted(finder.found)


def files() -> Iterator[Path]:
    """The source files whose texts a studio reads."""
    for folder in SCANNED:
        for path in sorted((ROOT / folder).rglob("*.py")):
            relative = path.relative_to(ROOT).as_posix()
            if not relative.startswith(SKIPPED):
                yield path


def untranslated() -> dict[str, list[tuple[int, str]]]:
    """File (relative, POSIX) -> its untranslated texts, for every file that has any."""
    found = {}
    for path in files():
        if texts := scan(path):
            found[path.relative_to(ROOT).as_posix()] = texts
    return found


def main() -> int:
    """Print what is left to translate, file by file, and a count."""
    found = untranslated()
    for name, texts in found.items():
        print(f"{name}: {len(texts)}")
        for line, text in texts:
            print(f"  {line}: {text[:100]}")
    print(f"{sum(map(len, found.values()))} untranslated text(s) in {len(found)} file(s).")
    return 0


if __name__ == "__main__":
    sys.exit(main())
