"""The Admin screen's plugin list, and enabling a plugin by the hash the admin saw."""

from __future__ import annotations

from datetime import datetime
from typing import Literal

from pydantic import Field

from app.contract.common import Out, Strict

PluginState = Literal["found", "enabled", "changed", "failed", "refused", "safe_mode", "invalid", "missing"]


class PluginOut(Out):
    """One file in the stick's plugins/ folder (or an approval whose file is gone), with its state this session."""

    name: str
    file: str = Field(description="The file's name in plugins/ (empty when it is gone).")
    title: str
    version: str
    author: str
    sha256: str = Field(description="The SHA-256 of the file as it is now; enabling needs it back.")
    hooks: list[str]
    state: PluginState = Field(description="found (not enabled), enabled (loaded), changed (approve again), failed "
                                           "(this session), refused (needs a newer app), safe_mode, invalid, missing.")
    problem: str = Field(description="What is wrong and what to do, as a sentence; empty when nothing is.")
    approved_sha256: str
    approved_by: str | None
    approved_at: datetime | None


class PluginsOut(Out):
    """Every plugin, and whether this start is in safe mode (and why)."""

    safe_mode: bool
    safe_mode_reason: str
    plugins: list[PluginOut]


class PluginEnableIn(Strict):
    """The hash the admin was shown: a file swapped since then is not enabled."""

    sha256: str = Field(pattern=r"^[0-9a-f]{64}$")
