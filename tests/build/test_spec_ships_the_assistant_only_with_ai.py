"""portable.spec ships the assistant (llama.cpp's shared libraries, langchain-core, gguf) only in a
`tools.build_stick --with-ai` build, and leaves it out of the default bundle so that bundle does not grow.
Read from the spec's analysis inputs in a child process, as test_spec_ships_app_files does: no build needed."""

from __future__ import annotations

import importlib.util
import json
import os
import subprocess
import sys
from pathlib import Path

import pytest

from tests.conftest import REPO
from tools import build_stick

READ_INPUTS = """
import json, sys
spec = open("portable.spec", encoding="utf-8").read()
namespace = {"SPECPATH": sys.argv[1], "__name__": "spec"}
exec(compile(spec[:spec.index("\\na = Analysis(")], "portable.spec", "exec"), namespace)
print(json.dumps({k: namespace[k] for k in ("binaries", "excludes", "hiddenimports")}))
"""


def _spec_inputs(with_ai: bool) -> dict:
    env = {k: v for k, v in os.environ.items() if k != "TATTOO_WITH_AI"} | ({"TATTOO_WITH_AI": "1"} if with_ai else {})
    done = subprocess.run([sys.executable, "-c", READ_INPUTS, str(REPO)], cwd=REPO, capture_output=True, text=True,
                          timeout=300, env=env)
    assert done.returncode == 0, done.stderr[-3000:]
    return json.loads(done.stdout.splitlines()[-1])


def test_the_default_bundle_leaves_the_assistant_out():
    inputs = _spec_inputs(with_ai=False)
    assert {"llama_cpp", "langchain_core", "gguf", "langsmith"} <= set(inputs["excludes"])
    assert inputs["binaries"] == []
    assert not [m for m in inputs["hiddenimports"] if m.startswith(("llama_cpp", "langchain_core", "gguf"))]
    assert "app.ai.chat" not in inputs["hiddenimports"] and "app.ai.engine" in inputs["hiddenimports"]


@pytest.mark.skipif(importlib.util.find_spec("llama_cpp") is None, reason="the assistant's extra is not installed")
def test_a_with_ai_bundle_carries_llama_cpps_shared_libraries_where_llama_cpp_loads_them():
    inputs = _spec_inputs(with_ai=True)
    lib = Path(importlib.util.find_spec("llama_cpp").submodule_search_locations[0]) / "lib"
    shipped = {Path(source).name: dest for source, dest in inputs["binaries"]}
    libraries = [p.name for p in lib.iterdir() if p.suffix in (".so", ".dll", ".dylib") or ".so." in p.name]
    assert any(name.startswith(("libllama", "llama")) for name in libraries)
    where = str(Path("llama_cpp", "lib"))
    assert {name: shipped.get(name) for name in libraries} == dict.fromkeys(libraries, where)
    assert not {"llama_cpp", "langchain_core", "gguf"} & set(inputs["excludes"])
    for module in ("app.ai.chat", "llama_cpp.llama_chat_format", "langchain_core.language_models", "gguf.gguf_reader"):
        assert module in inputs["hiddenimports"]


def test_with_ai_sets_the_specs_switch_and_the_default_build_clears_it(monkeypatch):
    monkeypatch.setenv("TATTOO_WITH_AI", "1")  # left in a shell by an earlier build: must not leak into a default one
    assert "TATTOO_WITH_AI" not in build_stick.build_environment()
    assert build_stick.build_environment(with_ai=True)["TATTOO_WITH_AI"] == "1"


def test_with_ai_without_the_extra_is_refused_with_a_sentence(monkeypatch, tmp_path, capsys):
    monkeypatch.setattr("app.ai.available.missing_modules", lambda: ["llama_cpp"])
    monkeypatch.setattr(build_stick, "check_lock", lambda: None)
    built = []
    monkeypatch.setattr(build_stick, "build_bundle", lambda *a, **k: built.append(a))
    assert build_stick.main(["--out", str(tmp_path / "stick"), "--with-ai", "--no-zip"]) == 1
    assert built == []
    assert "--with-ai needs the assistant's extra, and llama_cpp is not installed" in capsys.readouterr().err
