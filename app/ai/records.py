"""What the app knows of an imported model file: its metadata and its pinned SHA-256."""

from __future__ import annotations

from dataclasses import asdict, dataclass
from typing import Any


@dataclass(frozen=True)
class ModelInfo:
    """One GGUF model: read from its metadata at import, pinned by the SHA-256 of the copy on the stick."""

    id: str                 # the first 16 hex digits of the SHA-256: stable, and the same file gets the same id
    file_name: str          # its name in data/models/
    name: str               # general.name, else the file name
    architecture: str       # general.architecture, e.g. "llama"
    size_bytes: int         # the file's size
    parameters: int         # weights in all its tensors
    licence: str            # general.license, "" when the file does not say
    context_length: int     # the longest context the model was trained for
    context_used: int       # the context the app opens it with (at most its own)
    memory_bytes: int       # the memory loading it takes, estimated: weights + KV cache + working buffers
    sha256: str
    imported_at: str = ""   # ISO 8601 UTC
    imported_by: str = ""   # the admin's username

    def to_json(self) -> dict[str, Any]:
        """The record as JSON-able values (how the pins are stored)."""
        return asdict(self)

    @classmethod
    def from_json(cls, data: dict[str, Any]) -> ModelInfo:
        """Rebuild a record stored by `to_json`, ignoring keys a later version may add."""
        known = set(cls.__dataclass_fields__)
        return cls(**{k: v for k, v in data.items() if k in known})
