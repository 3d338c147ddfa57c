"""LlamaChatModel used directly from several threads (LangChain's `batch` and `abatch` run calls in parallel)
takes its turn on the one llama.cpp context instead of crashing the process: calls on one model wait for each
other. Found by langchain-tests' standard test_batch (tests/ai/test_langchain_standard_tests.py)."""

from __future__ import annotations

import subprocess
import sys
import textwrap

import pytest

pytest.importorskip("llama_cpp", reason="the assistant's extra (pip install .[ai]) is not installed")

BATCH = textwrap.dedent("""
    import sys
    from app.ai.chat import LlamaChatModel
    from llama_cpp import Llama

    llama = Llama(model_path=sys.argv[1], n_ctx=512, n_gpu_layers=0, verbose=False, seed=7)
    model = LlamaChatModel(llama=llama, max_tokens=24, seed=7)
    answers = model.batch(["Hello", "Book me on Friday", "How do I wash it?", "Thanks"],
                          config={"max_concurrency": 4})
    streamed = [list(model.stream("Hello")) for _ in range(2)]
    print(len(answers), all(a.response_metadata.get("finish_reason") for a in answers), len(streamed))
""")


def test_a_batch_of_calls_on_one_model_takes_turns_on_llama_cpp(tiny_gguf):
    # in a child process: before the fix the parallel calls crashed the interpreter (llama.cpp aborts)
    done = subprocess.run([sys.executable, "-c", BATCH, str(tiny_gguf)], capture_output=True, text=True, timeout=300)
    assert done.returncode == 0, done.stderr[-2000:]
    assert done.stdout.split() == ["4", "True", "2"]
