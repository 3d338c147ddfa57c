"""`python -m app.ai.selfcheck MODEL.gguf` runs llama.cpp on a model file and says how it went in a sentence
(the built bundle's check that it carries llama.cpp: `tattoo -m app.ai.selfcheck MODEL.gguf`)."""

from __future__ import annotations

import subprocess
import sys

import pytest

from tests.conftest import REPO


def _selfcheck(*args: str) -> subprocess.CompletedProcess:
    return subprocess.run([sys.executable, "-m", "app.ai.selfcheck", *args], cwd=REPO, capture_output=True,
                          text=True, timeout=300)


def test_llama_cpp_runs_the_tiny_model_and_the_check_says_so(tiny_gguf):
    pytest.importorskip("llama_cpp", reason="the assistant's extra (pip install .[ai]) is not installed")
    done = _selfcheck(str(tiny_gguf))
    assert done.returncode == 0, done.stderr[-2000:]
    assert done.stdout.startswith("llama.cpp ran Tiny Test Llama: loaded in ") and "pieces written in" in done.stdout


def test_a_missing_file_or_no_file_named_is_said_in_a_sentence(tmp_path):
    done = _selfcheck(str(tmp_path / "nothing.gguf"))
    assert done.returncode == 1 and ("There is no file at" in done.stderr or "not installed" in done.stderr)
    assert "Traceback" not in done.stderr
    none = _selfcheck()
    assert none.returncode == 2 and "Name the model file to check" in none.stderr
