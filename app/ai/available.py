"""Whether the assistant's optional extra (`pip install .[ai]`) is installed, asked without importing it."""

from __future__ import annotations

import importlib.util
import sys

# The import names of the extra's packages: llama-cpp-python, langchain-core, gguf.
EXTRA_MODULES = ("llama_cpp", "langchain_core", "gguf")
_FOUND: set[tuple[str, ...]] = set()  # the module lists found installed this run


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
    wanted = tuple(EXTRA_MODULES)
    if wanted in _FOUND or all(name in sys.modules for name in wanted):
        return True  # found or imported already: no search of the import path on every question
    if missing_modules():
        return False
    _FOUND.add(wanted)  # an installed extra does not go away while the app runs
    return True
