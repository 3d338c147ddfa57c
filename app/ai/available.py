"""Whether the assistant's optional extra (`pip install .[ai]`) is installed, asked without importing it."""

from __future__ import annotations

import importlib.util
import sys

# The import names of the extra's packages: llama-cpp-python, langchain-core, gguf.
EXTRA_MODULES = ("llama_cpp", "langchain_core", "gguf")


def missing_modules() -> list[str]:
    """The extra's modules that cannot be found (none when the extra is installed)."""
    missing = []
    for name in EXTRA_MODULES:
        try:
            found = importlib.util.find_spec(name) is not None
        except (ImportError, ValueError):
            found = False
        if not found:
            missing.append(name)
    return missing


def ai_available() -> bool:
    """True when llama.cpp, langchain-core and gguf can be imported; finds them, never loads them."""
    if all(name in sys.modules for name in EXTRA_MODULES):
        return True  # imported already (a model was loaded): no search of the import path on every question
    return not missing_modules()
