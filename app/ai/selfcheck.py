"""`python -m app.ai.selfcheck MODEL.gguf` (frozen: `tattoo -m app.ai.selfcheck MODEL.gguf`): does this computer,
with this build, run llama.cpp on a model file? Loads it, writes a few tokens, prints how long that took (never
what was written), and says in a sentence what is missing when it cannot."""

from __future__ import annotations

import sys
import time
from pathlib import Path

from app.core.i18n import _
from app.domain.errors import DomainError


def check(path: Path, tokens: int = 16) -> str:
    """Load `path` with llama.cpp, write up to `tokens` tokens; return the sentence saying how it went."""
    from app.ai.available import missing_modules
    from app.ai.errors import AssistantMissingError, ModelFileError

    missing = missing_modules()
    if missing:
        raise AssistantMissingError(_("The assistant is not installed in this build (%(missing)s is missing). "
                                      "Use a stick built with --with-ai.", missing=", ".join(missing)))
    if not path.is_file():
        raise ModelFileError(_("There is no file at %(path)s. Choose the model's .gguf file.", path=str(path)))
    from langchain_core.messages import HumanMessage

    from app.ai.chat import LlamaChatModel
    from app.ai.metadata import context_used, read_metadata

    meta = read_metadata(path)
    start = time.perf_counter()
    model = LlamaChatModel.load(path, n_ctx=context_used(meta), max_tokens=tokens, seed=1)
    loaded = time.perf_counter() - start
    pieces = sum(1 for _piece in model.stream([HumanMessage(content="Hello")]))
    model.close()
    return _("llama.cpp ran %(name)s: loaded in %(load)s s, %(pieces)s pieces written in %(total)s s.",
             name=meta["name"], load=f"{loaded:.2f}", pieces=pieces, total=f"{time.perf_counter() - start:.2f}")


def main(argv: list[str]) -> int:
    """Run the check on the one path given; print the sentence; 0 when llama.cpp answered."""
    if len(argv) != 1:
        print(_("Name the model file to check: python -m app.ai.selfcheck MODEL.gguf"), file=sys.stderr)
        return 2
    try:
        print(check(Path(argv[0])))
    except DomainError as refused:
        print(refused, file=sys.stderr)
        return 1
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
