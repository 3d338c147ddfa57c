"""The records plugins and the app exchange through hooks: what a plugin declares and what it is handed."""

from __future__ import annotations

from collections.abc import Callable, Mapping
from dataclasses import dataclass, field
from datetime import timedelta
from typing import Any, Protocol

from app.domain.records import User

ROLES = ("admin", "staff")


@dataclass(frozen=True)
class PluginInfo:
    """What a plugin file declares about itself as a module-level `PLUGIN = PluginInfo(...)`."""

    name: str  # lower-case letters, digits and '_': also its URL prefix /api/plugins/<name>/
    version: str
    author: str = ""
    min_app_version: str = "0"
    title: str = ""  # what people read; the name if empty


@dataclass(frozen=True)
class PluginContext:
    """What a hook receives: its plugin's name, the acting user (None for the app's own work), the unlocked
    studio's services (every call takes the actor and is authorized there), and the plugin's own store."""

    name: str
    actor: User | None
    services: Any  # app.container.Services; typed loosely so that plugins need not import the container
    store: Any  # the plugin's key-value store in the encrypted database (see app.plugins.store)
    language: str = "en"


@dataclass(frozen=True)
class ScreenSpec:
    """A screen a plugin adds: its navigation entry and how to build it.

    `build(shell)` returns an object with a `build() -> ft.Control` method, like the core screens; it talks to
    the API through `shell.client` (the plugin's routes are under `/api/plugins/<name>/`)."""

    key: str
    label: str
    icon: str  # a Flet icon name such as "CARD_GIFTCARD"
    roles: tuple[str, ...] = ROLES
    build: Callable[[Any], Any] | None = None


@dataclass(frozen=True)
class JobSpec:
    """A background job a plugin adds: run through the app's job runner (Prefect when it is up, else directly).

    `run(context)` does the work as the app (context.actor is None); `every` repeats it, None runs it on demand.
    Its return value, if a mapping, is kept in the job history (ids and counts only, nothing personal)."""

    name: str
    run: Callable[[PluginContext], Mapping[str, Any] | None]
    every: timedelta | None = None


@dataclass(frozen=True)
class PaymentMethod:
    """An extra way to pay at the register: a code stored with each payment and a label people read."""

    code: str  # lower-case, e.g. "gift_card"; must not be one of the core methods
    label: str
    # True: only the plugin takes payments in this method (`take_payment(..., by_plugin=<its name>)`), after checks
    # of its own (a voucher's balance); the register lists such payments but does not offer the method by itself
    taken_by_plugin: bool = False


@dataclass(frozen=True)
class ReportLine:
    """A line a plugin adds to a report: a label and an amount in minor units of the studio's currency."""

    label: str
    amount_minor: int


@dataclass(frozen=True)
class ExportExtras:
    """What a plugin adds to a period's exports: lines for the Z report and files for the accountant's ZIP."""

    lines: tuple[ReportLine, ...] = ()
    files: Mapping[str, bytes] = field(default_factory=dict)  # ASCII file name -> contents


class PluginCalls(Protocol):
    """How services and jobs reach the plugins: call `hook` as `actor` with the hook's other arguments and get
    (plugin name, result) pairs back (results that are None left out; a plugin that raises is switched off)."""

    def __call__(self, hook: str, actor: User | None, **kwargs: Any) -> list[tuple[str, Any]]:
        """Call the hook on every working plugin."""
        ...


def no_plugins(hook: str, actor: User | None, **kwargs: Any) -> list[tuple[str, Any]]:
    """The PluginCalls of an app with no plugin loaded (safe mode, tests, one-shot commands)."""
    return []
