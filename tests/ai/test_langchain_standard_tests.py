"""LangChain's standard chat-model tests (langchain-tests) pass for LlamaChatModel on the tiny GGUF.

They run in a pytest subprocess with plugin autoloading off and only the plugins they need named, so the plugins
langchain-tests installs (asyncio, benchmark, recording, socket, syrupy...) never load into the main suite (its
addopts turn them off). What our model does not support is declared in tests/ai/langchain_standard/standard_suite.py
and skipped by langchain-tests itself; this test checks which ran, which passed and that nothing else was skipped.
"""

from __future__ import annotations

import os
import subprocess
import sys
import xml.etree.ElementTree as ElementTree
from pathlib import Path

import pytest

pytest.importorskip("llama_cpp", reason="the assistant's extra (pip install .[ai]) is not installed")
pytest.importorskip("langchain_tests", reason="langchain-tests (the dev extra) is not installed")

REPO = Path(__file__).resolve().parents[2]
SUITE = REPO / "tests" / "ai" / "langchain_standard"
PLUGINS = ["pytest_asyncio.plugin", "pytest_benchmark.plugin", "pytest_recording.plugin", "syrupy"]
# llama-cpp-python's stream carries no token counts (invoke's usage is checked by test_usage_metadata)
DESELECTED = ["test_usage_metadata_streaming"]
MUST_PASS = {"test_init", "test_standard_params", "test_invoke", "test_ainvoke", "test_stream", "test_astream",
             "test_stream_events_v3", "test_batch", "test_abatch", "test_conversation",
             "test_double_messages_conversation", "test_usage_metadata", "test_stop_sequence",
             "test_message_with_name"}
UNSUPPORTED = ("tool calling", "tool choice", "structured output", "json mode", "PDF", "audio", "image",
               "Anthropic inputs", "model_override_value not specified", "not serializable", "init_from_env_params",
               "VCR not set up")


def test_langchains_standard_chat_model_tests_pass_on_the_tiny_model(tiny_gguf, tmp_path):
    ini = tmp_path / "pytest.ini"
    ini.write_text("[pytest]\nasyncio_mode = auto\nasyncio_default_fixture_loop_scope = function\n")
    report = tmp_path / "standard.xml"
    command = [sys.executable, "-m", "pytest", str(SUITE / "standard_suite.py"), "-q", "-c", str(ini),
               "--rootdir", str(SUITE), "--confcutdir", str(SUITE), "-p", "no:cacheprovider",
               "--benchmark-disable", f"--junitxml={report}", "-o", "junit_family=xunit1",
               *[arg for plugin in PLUGINS for arg in ("-p", plugin)],
               "-k", " and ".join(f"not {test}" for test in DESELECTED)]
    env = {**os.environ, "PYTEST_DISABLE_PLUGIN_AUTOLOAD": "1", "PYTHONPATH": str(REPO),
           "STUDIO_TINY_GGUF": str(tiny_gguf)}
    done = subprocess.run(command, cwd=tmp_path, env=env, capture_output=True, text=True, timeout=540)
    assert done.returncode == 0, done.stdout[-4000:] + done.stderr[-2000:]
    cases = ElementTree.parse(report).getroot().iter("testcase")
    passed, skipped = set(), []
    for case in cases:
        reason = case.find("skipped")
        if reason is None:
            passed.add(case.get("name", "").split("[")[0])
        else:
            skipped.append(reason.get("message", ""))
    assert MUST_PASS <= passed, sorted(MUST_PASS - passed)
    assert skipped and all(any(word in why for word in UNSUPPORTED) for why in skipped), skipped
