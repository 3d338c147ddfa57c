"""`tools/bench --assistant [--model FILE.gguf]`: the assistant's engine against llama-cpp-python called directly.

On the same model file (the tiny random-weights one by default; a studio passes its own with --model), with the
same prompt, seed and settings: load time, first-token latency and tokens per second through the app's path
(ModelService import and pin, AssistantEngine on its worker, LlamaChatModel over LangChain) beside
`llama_cpp.Llama` called directly; the app's overhead as ratios (target <= 1.2x); and the memory (RSS) the
loaded model adds and what is left after the engine unloads it. Medians of --rounds rounds, alternating paths.
"""

from __future__ import annotations

import gc
import statistics
import tempfile
import time
from pathlib import Path
from typing import Any

from app.ai.memory import resident_memory
from app.core import paths as stick_paths

PROMPT = [("system", "You are the studio's assistant. Answer briefly."),
          ("user", "Write aftercare for a fresh forearm piece.")]
MIB = 2 ** 20


def _messages() -> tuple[list[Any], list[dict[str, str]]]:
    from langchain_core.messages import HumanMessage, SystemMessage

    return ([SystemMessage(content=PROMPT[0][1]), HumanMessage(content=PROMPT[1][1])],
            [{"role": role, "content": text} for role, text in PROMPT])


def _timed_stream(pieces: Any) -> tuple[float, float, int]:
    """(first-piece latency s, pieces per second after the first, pieces) of an iterator started just before."""
    start = time.perf_counter()
    first = last = None
    count = 0
    for _ in pieces:
        last = time.perf_counter()
        first = first or last
        count += 1
    if first is None or last is None:
        return float("nan"), float("nan"), 0
    rate = (count - 1) / (last - first) if count > 1 and last > first else float("nan")
    return first - start, rate, count


def _direct_round(path: Path, n_ctx: int, options: dict[str, Any], messages: list[dict[str, str]]) -> dict:
    from llama_cpp import Llama

    start = time.perf_counter()
    llama: Any = Llama(model_path=str(path), n_ctx=n_ctx, n_gpu_layers=0, verbose=False)  # its stubs type dicts
    load = time.perf_counter() - start
    chunks = (c for c in llama.create_chat_completion(messages=messages, stream=True, **options)
              if c["choices"][0].get("delta", {}).get("content"))
    first, rate, count = _timed_stream(chunks)
    llama.close()
    return {"load_s": load, "first_token_s": first, "tokens_per_s": rate, "tokens": count}


def _app_round(engine: Any, messages: list[Any], max_tokens: int) -> dict:
    engine.unload()
    start = time.perf_counter()
    engine.chat_model()  # load on the worker (the pin's hash was checked once this run, as in the app)
    load = time.perf_counter() - start
    first, rate, count = _timed_stream(engine.stream(messages, max_tokens=max_tokens))
    return {"load_s": load, "first_token_s": first, "tokens_per_s": rate, "tokens": count}


def _steps_round(engine: Any, models: Any, path: Path, n_ctx: int) -> dict:
    """Where the app's load goes, step by step (ms): the checks before the worker, the hand-off to the worker,
    the LlamaChatModel wrapper's own load beside llama_cpp.Llama's."""
    from llama_cpp import Llama

    from app.ai.chat import LlamaChatModel

    def ms(fn: Any) -> tuple[float, Any]:
        start = time.perf_counter()
        result = fn()
        return (time.perf_counter() - start) * 1000, result

    engine.unload()
    checks, info = ms(engine._checked)
    handoff, _ = ms(lambda: engine._submit(lambda: None).result())
    pin, _ = ms(lambda: models.verified_path(info))
    wrapped, model = ms(lambda: LlamaChatModel.load(path, n_ctx=n_ctx))
    model.close()
    direct, llama = ms(lambda: Llama(model_path=str(path), n_ctx=n_ctx, n_gpu_layers=0, verbose=False))
    llama.close()
    return {"checks_ms": checks, "worker_handoff_ms": handoff, "pin_check_ms": pin, "chat_model_load_ms": wrapped,
            "llama_load_ms": direct}


def _median(rounds: list[dict], key: str) -> float:
    values = [r[key] for r in rounds if r[key] == r[key]]  # NaN != NaN
    return statistics.median(values) if values else float("nan")


def run(rounds: int, model: Path | None = None, max_tokens: int = 128) -> dict:
    """Measure both paths on `model` (or the tiny GGUF written to a temp folder); return the figures."""
    from app.ai.engine import AssistantEngine
    from app.ai.models import ModelService, _sha256
    from app.domain.records import StudioSettings
    from app.services.studio.service import StudioService
    from tools.tiny_gguf import write_tiny_llama

    with tempfile.TemporaryDirectory(prefix="bench-ai-") as tmp:
        folder = Path(tmp)
        source = model or write_tiny_llama(folder / "tiny-llama.gguf")
        paths = stick_paths.resolve(home=folder / "stick").ensure()
        opened, _ = StudioService(paths).create(StudioSettings("Bench", "EUR", "Europe/Madrid"), "admin",
                                                "bench admin password")
        try:
            models = ModelService(opened.db, paths)
            start = time.perf_counter()
            info = models.import_model(opened.user, source)
            import_s = time.perf_counter() - start
            copy = models.folder / info.file_name
            start = time.perf_counter()
            _sha256(copy)
            hash_s = time.perf_counter() - start
            options = {"temperature": 0.7, "top_p": 0.95, "max_tokens": max_tokens, "seed": 1234}
            engine = AssistantEngine(models, max_tokens=max_tokens, answer_seconds=3600, idle_seconds=3600,
                                     chat_options={"temperature": 0.7, "top_p": 0.95, "seed": 1234})
            gc.collect()
            rss_start = resident_memory()
            import llama_cpp  # noqa: F401  (the libraries' own memory, paid once per run, is counted apart)

            app_messages, llama_messages = _messages()
            gc.collect()
            rss_libraries = resident_memory()
            app, direct = [], []
            for i in range(max(1, rounds)):  # alternate which path goes first: neither always finds a warm cache
                if i % 2:
                    direct.append(_direct_round(copy, info.context_used, options, llama_messages))
                app.append(_app_round(engine, app_messages, max_tokens))
                if not i % 2:
                    direct.append(_direct_round(copy, info.context_used, options, llama_messages))
            steps = [_steps_round(engine, models, copy, info.context_used) for _ in range(max(1, rounds))]
            engine.unload()
            gc.collect()
            rss_before = resident_memory()
            gc.collect()
            engine.chat_model()
            list(engine.stream(app_messages, max_tokens=max_tokens))
            rss_loaded = resident_memory()
            engine.unload()
            gc.collect()
            rss_unloaded = resident_memory()
            engine.close()
        finally:
            opened.close()
    figures = {key: {"app": _median(app, key), "direct": _median(direct, key)}
               for key in ("load_s", "first_token_s", "tokens_per_s", "tokens")}
    return {
        "model": info.name, "file_mib": info.size_bytes / MIB, "parameters": info.parameters,
        "context": info.context_used, "estimated_memory_mib": info.memory_bytes / MIB, "rounds": rounds,
        "max_tokens": max_tokens, "import_s": import_s, "hash_check_s": hash_s, **figures,
        "steps_ms": {key: _median(steps, key) for key in steps[0]},
        "load_ratio": figures["load_s"]["app"] / figures["load_s"]["direct"],
        "first_token_ratio": figures["first_token_s"]["app"] / figures["first_token_s"]["direct"],
        "tokens_per_s_ratio": figures["tokens_per_s"]["direct"] / figures["tokens_per_s"]["app"],
        "rss_mib": {name: (value / MIB if value is not None else None) for name, value in
                    (("start", rss_start), ("libraries", rss_libraries), ("before", rss_before),
                     ("loaded", rss_loaded), ("after_unload", rss_unloaded))},
    }


def print_table(result: dict) -> None:
    """Print the figures, app beside direct, with the overhead ratios."""
    rss = result["rss_mib"]
    print(f"model: {result['model']} ({result['file_mib']:.2f} MiB, {result['parameters']:,} weights, context "
          f"{result['context']}, estimated memory {result['estimated_memory_mib']:.0f} MiB); "
          f"median of {result['rounds']} rounds, {result['max_tokens']} tokens at most")
    rows = [("", "app path", "llama.cpp direct", "app / direct"),
            ("load", f"{result['load_s']['app'] * 1000:.1f} ms", f"{result['load_s']['direct'] * 1000:.1f} ms",
             f"{result['load_ratio']:.2f}x"),
            ("first token", f"{result['first_token_s']['app'] * 1000:.1f} ms",
             f"{result['first_token_s']['direct'] * 1000:.1f} ms", f"{result['first_token_ratio']:.2f}x"),
            ("tokens per second", f"{result['tokens_per_s']['app']:.0f}", f"{result['tokens_per_s']['direct']:.0f}",
             f"{result['tokens_per_s_ratio']:.2f}x slower"),
            ("tokens written", f"{result['tokens']['app']:.0f}", f"{result['tokens']['direct']:.0f}", ""),
            ("import (copy + SHA-256)", f"{result['import_s'] * 1000:.0f} ms", "", ""),
            ("hash check on first load", f"{result['hash_check_s'] * 1000:.1f} ms", "", "")]
    steps = result["steps_ms"]
    rows += [("load, step by step (median):", "", "", ""),
             ("  settings read + memory check", f"{steps['checks_ms']:.2f} ms", "", ""),
             ("  hand-off to the worker thread", f"{steps['worker_handoff_ms']:.2f} ms", "", ""),
             ("  pin check (hash cached)", f"{steps['pin_check_ms']:.2f} ms", "", ""),
             ("  LlamaChatModel.load / Llama()", f"{steps['chat_model_load_ms']:.1f} ms",
              f"{steps['llama_load_ms']:.1f} ms", "")]
    if rss["before"] is not None:
        rows += [("RSS of llama.cpp + LangChain (once)", f"{rss['libraries'] - rss['start']:.1f} MiB", "", ""),
                 ("RSS added while loaded", f"{rss['loaded'] - rss['before']:.1f} MiB", "", ""),
                 ("RSS left after unload", f"{rss['after_unload'] - rss['before']:.1f} MiB", "", "")]
    widths = [max(len(row[i]) for row in rows) for i in range(4)]
    for row in rows:
        print("  ".join(f"{cell:<{widths[0]}}" if i == 0 else f"{cell:>{widths[i]}}" for i, cell in enumerate(row)))
