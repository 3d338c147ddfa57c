"""`PluginHost`: holds the loaded plugins and calls their hooks one plugin at a time, so that a plugin that
raises is switched off for this session (its error kept for admins) and the app and other plugins go on."""

from __future__ import annotations

import logging
import threading
from collections.abc import Callable
from dataclasses import dataclass
from types import ModuleType
from typing import Any

import pluggy

from app.plugins import hookspecs
from app.plugins.spec import PluginContext, PluginInfo

log = logging.getLogger(__name__)
ContextFor = Callable[[str], PluginContext]  # plugin name -> the context its hook gets


@dataclass(frozen=True)
class PluginFailure:
    """Why a plugin was switched off for this session: the hook (or 'import') and the error's sentence."""

    name: str
    where: str
    error: str


class PluginHost:
    """The loaded plugins of one running app and the safe way to call their hooks."""

    def __init__(self) -> None:
        self._pm = pluggy.PluginManager(hookspecs.PROJECT)
        self._pm.add_hookspecs(hookspecs)
        self._infos: dict[str, PluginInfo] = {}
        self._failures: dict[str, PluginFailure] = {}
        self._lock = threading.Lock()

    def register(self, module: ModuleType | object, info: PluginInfo) -> None:
        """Add a loaded plugin (a module or any object with @hookimpl functions) under its declared name."""
        with self._lock:
            if info.name in self._infos:
                raise ValueError(f"A plugin named '{info.name}' is already loaded.")
            self._pm.register(module, name=info.name)
            self._infos[info.name] = info

    def remove(self, name: str) -> None:
        """Take a plugin out (an admin disabled it); its failure, if any, is forgotten with it."""
        with self._lock:
            plugin = self._pm.get_plugin(name)
            if plugin is not None:
                self._pm.unregister(plugin, name=name)
            self._infos.pop(name, None)
            self._failures.pop(name, None)

    def names(self) -> list[str]:
        """The plugins loaded and still working, in the order they were registered."""
        return [name for name in self._infos if name not in self._failures]

    def info(self, name: str) -> PluginInfo:
        """What a loaded plugin declared."""
        return self._infos[name]

    def failures(self) -> list[PluginFailure]:
        """The plugins switched off this session, with why."""
        return list(self._failures.values())

    def fail(self, name: str, where: str, error: BaseException | str) -> None:
        """Switch a plugin off for this session and keep the error's sentence (never its values) for admins."""
        text = error if isinstance(error, str) else f"{type(error).__name__}: {error}"
        with self._lock:
            self._failures.setdefault(name, PluginFailure(name, where, text[:500]))
            plugin = self._pm.get_plugin(name)
            if plugin is not None:
                self._pm.unregister(plugin, name=name)
        log.warning("Plugin %s was switched off after an error in %s (%s).", name, where,
                    type(error).__name__ if not isinstance(error, str) else "refused")

    def call(self, hook: str, context_for: ContextFor, **kwargs: Any) -> list[tuple[str, Any]]:
        """Call `hook` on every working plugin that implements it; return (plugin name, result) pairs for the
        results that are not None. A plugin that raises is switched off and left out."""
        results: list[tuple[str, Any]] = []
        for name in self.implementers(hook):
            result = self.call_one(name, hook, context_for, **kwargs)
            if result is not None:
                results.append((name, result))
        return results

    def implementers(self, hook: str) -> list[str]:
        """The working plugins that implement `hook`, in registration order."""
        return [impl.plugin_name for impl in getattr(self._pm.hook, hook).get_hookimpls()  # registration order
                if impl.plugin_name not in self._failures]

    def call_one(self, name: str, hook: str, context_for: ContextFor, **kwargs: Any) -> Any:
        """Call one plugin's `hook` (None if it does not implement it or is switched off); a plugin that raises
        is switched off and None returned. Lets a caller put a time limit on each plugin (app.plugins.manager)."""
        impls = [impl for impl in getattr(self._pm.hook, hook).get_hookimpls() if impl.plugin_name == name]
        if not impls or name in self._failures:
            return None
        impl = impls[0]
        arguments = {"context": context_for(name), **kwargs}
        try:
            return impl.function(**{arg: arguments[arg] for arg in impl.argnames})
        except Exception as exc:  # a plugin's bug must never cost the app its work
            self.fail(name, hook, exc)
            return None
