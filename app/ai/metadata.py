"""Read a GGUF file's metadata (name, architecture, licence, context) and estimate the memory it needs."""

from __future__ import annotations

from pathlib import Path
from typing import Any

from app.ai.errors import ModelFileError
from app.core.i18n import _

CONTEXT_CAP = 4096   # the context the app opens a model with, at most: answers here are short
BATCH = 512          # llama.cpp's default batch: its logits and activations are the working buffers
MIB = 1024 * 1024


def _field(reader: Any, key: str, default: Any = None) -> Any:
    field = reader.fields.get(key)
    if field is None:
        return default
    try:
        return field.contents()
    except (ValueError, IndexError, TypeError):
        return default


def read_metadata(path: Path) -> dict[str, Any]:
    """The metadata the import shows, read with gguf's reader; ModelFileError when it is not a GGUF model."""
    import gguf  # the extra, imported only when a model is read

    try:
        reader = gguf.GGUFReader(str(path), "r")
    except (ValueError, OSError, IndexError, KeyError) as exc:
        raise ModelFileError(_("%(file)s is not a GGUF model file (%(reason)s). Choose the .gguf file of a "
                               "model.", file=path.name, reason=type(exc).__name__)) from None
    arch = str(_field(reader, "general.architecture", "") or "")
    if not arch:
        raise ModelFileError(_("%(file)s does not say which architecture its model has, so llama.cpp cannot "
                               "run it. Choose another .gguf file.", file=path.name))

    def number(name: str, default: int = 0) -> int:
        return int(_field(reader, f"{arch}.{name}", default) or default)

    head_count = number("attention.head_count", 1)
    embedding = number("embedding_length")
    tokens = _field(reader, "tokenizer.ggml.tokens", []) or []
    meta = {
        "name": str(_field(reader, "general.name", "") or path.stem),
        "architecture": arch,
        "licence": str(_field(reader, "general.license", "") or ""),
        "context_length": number("context_length", 2048),
        "block_count": number("block_count"),
        "embedding_length": embedding,
        "head_count": head_count,
        "head_count_kv": number("attention.head_count_kv", head_count),
        "key_length": number("attention.key_length", embedding // max(head_count, 1)),
        "value_length": number("attention.value_length", embedding // max(head_count, 1)),
        "vocab_size": len(tokens),
        "parameters": sum(int(t.n_elements) for t in reader.tensors),
        "weight_bytes": sum(int(t.n_bytes) for t in reader.tensors),
        "chat_template": bool(_field(reader, "tokenizer.chat_template")),
    }
    return meta  # the reader and its memory map go with this frame (Windows cannot move a mapped file)


def context_used(meta: dict[str, Any]) -> int:
    """The context the app opens this model with."""
    return max(64, min(int(meta["context_length"]), CONTEXT_CAP))


def memory_needed(meta: dict[str, Any]) -> int:
    """Bytes loading the model takes, estimated: its weights, the KV cache (f16) for the context the app
    opens, the batch's logits and activations, and 64 MiB for llama.cpp itself."""
    n_ctx = context_used(meta)
    kv = meta["block_count"] * n_ctx * meta["head_count_kv"] * (meta["key_length"] + meta["value_length"]) * 2
    buffers = BATCH * (meta["vocab_size"] + 8 * meta["embedding_length"]) * 4
    return int(meta["weight_bytes"]) + kv + buffers + 64 * MIB
