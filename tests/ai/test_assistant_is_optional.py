"""The assistant is optional: finding its extra imports none of it, and the engine's modules load without it."""

from __future__ import annotations

import subprocess
import sys

from app.ai import available
from tests.conftest import REPO

PROBE = """
import sys
import app.ai.available, app.ai.engine, app.ai.models, app.ai.metadata, app.ai.errors
print(app.ai.available.ai_available())
print(sorted(m for m in ("llama_cpp", "langchain_core", "gguf", "numpy") if m in sys.modules))
"""


def test_asking_whether_the_extra_is_there_loads_none_of_it():
    done = subprocess.run([sys.executable, "-c", PROBE], cwd=REPO, capture_output=True, text=True, timeout=120)
    assert done.returncode == 0, done.stderr[-2000:]
    answer, loaded = done.stdout.splitlines()[-2:]
    assert answer in ("True", "False") and loaded == "[]"


def test_a_missing_module_of_the_extra_is_named(monkeypatch):
    monkeypatch.setattr(available, "EXTRA_MODULES", ("json", "no_such_module_for_the_assistant"))
    assert available.missing_modules() == ["no_such_module_for_the_assistant"]
    assert available.ai_available() is False
    monkeypatch.setattr(available, "EXTRA_MODULES", ("json",))
    assert available.ai_available() is True
