"""What the core's plugin hooks show on the wire: the plugins' screens a user sees, their jobs and a job's run."""

from __future__ import annotations

from typing import Annotated

from pydantic import Field

from app.contract.common import Out

PluginName = Annotated[str, Field(pattern=r"^[a-z0-9][a-z0-9_]{0,39}$", description="A plugin's name, e.g. core.")]
JobName = Annotated[str, Field(pattern=r"^[a-z0-9][a-z0-9_-]{0,63}$", description="A plugin job's name.")]


class PluginScreenOut(Out):
    """A navigation entry a plugin adds: the name the shell opens it by, its label and icon."""
    plugin: str
    key: str
    nav: str = Field(description="What the shell opens: a core screen's key, or plugin:<plugin>:<key>.")
    label: str
    icon: str = Field(description="A Flet icon name such as BACKUP.")


class PluginJobOut(Out):
    """A job a plugin offers: run on demand, and every `every_seconds` when set."""
    plugin: str
    name: str
    every_seconds: int | None


class PluginJobRunOut(Out):
    """How a plugin job's run went: its name in the job history, its state, whether it ran without Prefect,
    and the counts it returned."""
    flow: str
    state: str
    fallback: bool
    counts: dict[str, float]
