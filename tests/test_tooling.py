"""./tools/test runs the type check and the docstring rules, and pyproject.toml's settings mean what they say:
strict types where the rules and the wire contract live, defaults elsewhere, docstrings on public code only."""

from __future__ import annotations

import re
import shutil
import subprocess
import sys
from pathlib import Path

REPO = Path(__file__).resolve().parents[1]
UNTYPED = "def twice(x):\n    return 2 * x\n"  # no annotations and no docstring


def _checks_in_order() -> list[str]:
    """The commands ./tools/test runs, in order, as the words that name them."""
    script = (REPO / "tools" / "test").read_text("utf-8")
    assert "set -euo pipefail" in script  # a failing check ends the run before the tests
    found = []
    for line in script.splitlines():
        for name in ("ruff check", "lint-imports", "-m mypy", "-m pytest"):
            if not line.lstrip().startswith("#") and name in line:
                found.append(name)
    return found


def test_tools_test_runs_ruff_then_import_linter_then_mypy_then_pytest():
    assert _checks_in_order() == ["ruff check", "lint-imports", "-m mypy", "-m pytest"]
    assert re.search(r'^"\$VENV_PYTHON" -m mypy$', (REPO / "tools" / "test").read_text("utf-8"), re.M), \
        "mypy must run with pyproject.toml's settings and file list, no arguments that override them"


def _project(tmp_path: Path, files: dict[str, str]) -> Path:
    """A copy of the repo's pyproject.toml with `files` (path -> text) beside it."""
    shutil.copy(REPO / "pyproject.toml", tmp_path / "pyproject.toml")
    for name, text in files.items():
        (tmp_path / name).parent.mkdir(parents=True, exist_ok=True)
        (tmp_path / name).write_text(text, "utf-8")
    return tmp_path


def _run(args: list[str], cwd: Path) -> subprocess.CompletedProcess:
    return subprocess.run([sys.executable, "-m", *args], cwd=cwd, capture_output=True, text=True, timeout=300)


def test_mypy_is_strict_on_the_domain_and_the_services_and_lenient_on_the_screens(tmp_path):
    project = _project(tmp_path, {
        "app/__init__.py": '"""App."""\n', "app/domain/__init__.py": '"""Domain."""\n',
        "app/services/__init__.py": '"""Services."""\n', "app/ui/__init__.py": '"""UI."""\n',
        "app/domain/probe.py": UNTYPED, "app/services/probe.py": UNTYPED, "app/ui/probe.py": UNTYPED})
    run = _run(["mypy", "--cache-dir", str(tmp_path / "cache"), "app"], project)
    flagged = set(re.findall(r"^(app/\S+\.py):\d+: error: .*\[no-untyped-def\]$", run.stdout, re.M))
    assert flagged == {"app/domain/probe.py", "app/services/probe.py"}, run.stdout + run.stderr
    assert run.returncode == 1


def test_ruff_asks_public_code_for_docstrings_but_not_tests(tmp_path):
    project = _project(tmp_path, {"app/probe.py": UNTYPED, "tests/test_probe.py": UNTYPED})
    run = _run(["ruff", "check", "--no-cache", "--output-format", "concise", "."], project)
    assert set(re.findall(r"^(\S+\.py):\d+:\d+: (D1\d\d)", run.stdout, re.M)) == {
        ("app/probe.py", "D100"), ("app/probe.py", "D103")}, run.stdout + run.stderr
    assert run.returncode == 1
