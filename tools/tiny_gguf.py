"""Write a tiny random-weights llama GGUF (2 layers, ~400 tokens, a chat template, a few hundred KB).

It lets the tests and `tools/bench --assistant` run the real path (import, pin, llama.cpp load, streaming,
JSON grammar) with no download. What it writes is random by design: only the plumbing can be checked.
`write_wide_llama` writes a ~50 MB one (same vocabulary, wider layers): slow enough per token for a browser to
see an answer grow, and a size where the app's fixed costs are measured against a real load (tools/bench).
Usage: `python -m tools.tiny_gguf OUT.gguf [--wide]`.
"""

from __future__ import annotations

import sys
from pathlib import Path

CHAT_TEMPLATE = ("{% for message in messages %}<|im_start|>{{ message['role'] }}\n{{ message['content'] }}"
                 "<|im_end|>\n{% endfor %}{% if add_generation_prompt %}<|im_start|>assistant\n{% endif %}")
WORDS = ["the", "and", "ink", "skin", "tattoo", "session", "client", "wash", "cream", "day", "days", "book",
         "artist", "paid", "card", "cash", "yes", "no", "true", "false", "null", "name", "query", "date"]
SPECIAL = ["<unk>", "<s>", "</s>", "<|im_start|>", "<|im_end|>"]


def vocabulary() -> tuple[list[str], list[float], list[int]]:
    """Tokens, scores and types of a small sentencepiece-style vocabulary with byte fallback."""
    import gguf

    tokens = list(SPECIAL)
    types = [gguf.TokenType.UNKNOWN] + [gguf.TokenType.CONTROL] * (len(SPECIAL) - 1)
    tokens += [f"<0x{b:02X}>" for b in range(256)]
    types += [gguf.TokenType.BYTE] * 256
    pieces = ["\u2581"] + [chr(c) for c in range(33, 127)] + [f"\u2581{w}" for w in WORDS] + WORDS
    tokens += pieces
    types += [gguf.TokenType.NORMAL] * len(pieces)
    scores = [0.0] * (len(SPECIAL) + 256) + [-float(len(p)) if len(p) == 1 else float(len(p)) for p in pieces]
    return tokens, scores, [int(t) for t in types]


def write_tiny_llama(path: Path, seed: int = 0, n_embd: int = 64, n_layer: int = 2, n_head: int = 4,
                     n_head_kv: int = 2, n_ff: int = 128, context: int = 512, name: str = "Tiny Test Llama",
                     licence: str = "apache-2.0", scale: float | None = None, plain_words: bool = False) -> Path:
    """Write the model to `path` and return it. Weights are normal times 0.5 (the tiny model's tokens stay as the
    tests know them), or times `scale`/sqrt(inputs) when `scale` is given (wide layers stay in f16's range).
    `plain_words`: the model (almost) never writes a control or byte token, so it streams readable pieces (bytes of
    no whole character are held back by llama.cpp) and writes until its token limit."""
    import gguf
    import numpy as np

    rng = np.random.default_rng(seed)
    tokens, scores, types = vocabulary()
    head_dim, n_vocab = n_embd // n_head, len(tokens)

    def matrix(rows: int, cols: int) -> np.ndarray:
        factor = 0.5 if scale is None else scale / cols ** 0.5  # wide layers: keep activations in f16's range
        return (rng.standard_normal((rows, cols)) * factor).astype(np.float16)

    def ones(n: int) -> np.ndarray:
        return np.ones(n, dtype=np.float32)

    writer = gguf.GGUFWriter(str(path), "llama")
    writer.add_name(name)
    writer.add_license(licence)
    writer.add_context_length(context)
    writer.add_embedding_length(n_embd)
    writer.add_block_count(n_layer)
    writer.add_feed_forward_length(n_ff)
    writer.add_head_count(n_head)
    writer.add_head_count_kv(n_head_kv)
    writer.add_rope_dimension_count(head_dim)
    writer.add_layer_norm_rms_eps(1e-5)
    writer.add_file_type(gguf.LlamaFileType.MOSTLY_F16)
    writer.add_tokenizer_model("llama")
    writer.add_token_list(tokens)
    writer.add_token_scores(scores)
    writer.add_token_types(types)
    writer.add_unk_token_id(0)
    writer.add_bos_token_id(1)
    writer.add_eos_token_id(2)
    writer.add_add_bos_token(True)
    writer.add_chat_template(CHAT_TEMPLATE)
    # numpy shapes are ggml's dimensions reversed: (rows = outputs, cols = inputs)
    writer.add_tensor("token_embd.weight", matrix(n_vocab, n_embd))
    writer.add_tensor("output_norm.weight", ones(n_embd))
    output = matrix(n_vocab, n_embd)
    if plain_words:  # logits: 0 for control and byte tokens, spread wide (sd 4) for the words and characters
        words = np.array([t == int(gguf.TokenType.NORMAL) for t in types])
        output[~words] = 0
        output[words] = (output[words].astype(np.float32) * 4).astype(np.float16)
    writer.add_tensor("output.weight", output)
    for i in range(n_layer):
        writer.add_tensor(f"blk.{i}.attn_norm.weight", ones(n_embd))
        writer.add_tensor(f"blk.{i}.attn_q.weight", matrix(n_embd, n_embd))
        writer.add_tensor(f"blk.{i}.attn_k.weight", matrix(head_dim * n_head_kv, n_embd))
        writer.add_tensor(f"blk.{i}.attn_v.weight", matrix(head_dim * n_head_kv, n_embd))
        writer.add_tensor(f"blk.{i}.attn_output.weight", matrix(n_embd, n_embd))
        writer.add_tensor(f"blk.{i}.ffn_norm.weight", ones(n_embd))
        writer.add_tensor(f"blk.{i}.ffn_gate.weight", matrix(n_ff, n_embd))
        writer.add_tensor(f"blk.{i}.ffn_up.weight", matrix(n_ff, n_embd))
        writer.add_tensor(f"blk.{i}.ffn_down.weight", matrix(n_embd, n_ff))
    writer.write_header_to_file()
    writer.write_kv_data_to_file()
    writer.write_tensors_to_file()
    writer.close()
    return path


def write_wide_llama(path: Path, seed: int = 0, context: int = 4096, n_layer: int = 2) -> Path:
    """A random llama 1024 wide with the tiny vocabulary: ~23 MB per layer (2 layers: ~50 MB, about 100 tokens a
    second on a small CPU; each layer more makes every token slower)."""
    return write_tiny_llama(path, seed=seed, n_embd=1024, n_layer=n_layer, n_head=16, n_head_kv=8, n_ff=2816,
                            context=context, name="Wide Test Llama", scale=1.0, plain_words=True)


if __name__ == "__main__":
    args = [a for a in sys.argv[1:] if a != "--wide"]
    if len(args) != 1:
        sys.exit("Usage: python -m tools.tiny_gguf OUT.gguf [--wide]")
    print((write_wide_llama if "--wide" in sys.argv else write_tiny_llama)(Path(args[0])))
