"""The screens plugins add, kept in this process for the API and the UI: filled when plugins load (the container
publishes what register_screens answered), read by GET /api/plugins/screens (who sees which) and by the shell
when one is opened (its builder). Imports nothing of the server, so the UI may import it.

A screen whose `build` is None is a core screen of the same key, listed through the hook by a built-in plugin."""

from __future__ import annotations

import logging
import re
import threading
from collections.abc import Iterable
from dataclasses import dataclass
from typing import Any

from app.plugins.spec import ROLES, ScreenSpec

log = logging.getLogger(__name__)
KEY = re.compile(r"[a-z0-9][a-z0-9_-]{0,39}")
_lock = threading.Lock()
_published: list[PublishedScreen] = []


@dataclass(frozen=True)
class PublishedScreen:
    """A screen a loaded plugin offers, and the name the shell opens it by."""

    plugin: str
    spec: ScreenSpec
    core: bool  # a core screen listed by a built-in plugin: opened by its own key

    @property
    def nav(self) -> str:
        """The shell's name for it: the core screen's key, or plugin:<plugin>:<key>."""
        return self.spec.key if self.core else f"plugin:{self.plugin}:{self.spec.key}"


def publish(answers: Iterable[tuple[str, Any]], builtin: Iterable[str] = ()) -> list[PublishedScreen]:
    """Replace the published screens with what register_screens answered, (plugin, [ScreenSpec]) in load order;
    a malformed entry, or a second one of the same key, is left out with a warning in the log."""
    builtin, found, seen = set(builtin), [], set()
    for plugin, specs in answers:
        for spec in specs if isinstance(specs, list | tuple) else ():
            core = plugin in builtin and getattr(spec, "build", None) is None
            if not _well_formed(spec, core) or (plugin, spec.key) in seen:
                log.warning("Plugin %s offered a screen that was left out (a ScreenSpec with a lower-case key, a "
                            "label, an icon, known roles and a build function).", plugin)
                continue
            seen.add((plugin, spec.key))
            found.append(PublishedScreen(plugin, spec, core))
    with _lock:
        _published[:] = found
    return list(found)


def _well_formed(spec: object, core: bool) -> bool:
    return (isinstance(spec, ScreenSpec) and isinstance(spec.key, str) and KEY.fullmatch(spec.key) is not None
            and isinstance(spec.label, str) and bool(spec.label.strip()) and isinstance(spec.icon, str)
            and bool(spec.roles) and set(spec.roles) <= set(ROLES) and (core or callable(spec.build)))


def visible_to(role: str) -> list[PublishedScreen]:
    """The published screens a user of this role sees, in load order."""
    with _lock:
        return [s for s in _published if role in s.spec.roles]


def find(nav: str) -> PublishedScreen | None:
    """The published screen the shell knows by `nav` (see PublishedScreen.nav)."""
    with _lock:
        return next((s for s in _published if s.nav == nav), None)
