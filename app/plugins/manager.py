"""`Plugins`: the running app's plugins. It loads the approved, unchanged files at unlock (none in safe mode), calls
their hooks with a time limit each, and switches off for the session a plugin that fails to import, raises, or
takes too long, so the app and the other plugins keep working.
"""

from __future__ import annotations

import contextvars
import logging
import threading
from collections.abc import Callable
from pathlib import Path
from typing import Any

from app import __version__
from app.core import i18n
from app.core.i18n import _
from app.core.paths import StickPaths
from app.domain.records import User
from app.plugins import loader, safe_mode
from app.plugins.host import PluginFailure, PluginHost
from app.plugins.spec import PluginContext, PluginInfo

log = logging.getLogger(__name__)
HOOK_LIMIT_SECONDS = 5.0
StoreFor = Callable[[Any, str], Any]  # (database, plugin name) -> the plugin's key-value store


class Plugins:
    """Owns a PluginHost; `call` is the PluginCalls the services and jobs are given."""

    def __init__(self, paths: StickPaths, *, safe_mode_flag: bool = False, limit: float = HOOK_LIMIT_SECONDS,
                 app_version: str = __version__, store_for: StoreFor | None = None):
        self.paths, self.limit, self.app_version = paths, limit, app_version
        self.counter = safe_mode.StartCounter(paths.plugin_starts)
        self.safe_mode_flag = safe_mode_flag
        self.safe_mode: str | None = None  # why no plugin was loaded (a marked sentence), once `load` ran
        self.host = PluginHost()
        self.generation = 0  # goes up whenever the set of loaded plugins changes (the API rebuilds their routes)
        self.files: dict[str, Path] = {}  # loaded plugin name -> its file
        self._services: Callable[[], Any] | None = None
        self._db: Any = None
        self._store_for = store_for
        self._pending_start = False
        self._lock = threading.RLock()

    # --- loading ---
    def load(self, services: Callable[[], Any], db: Any) -> None:
        """At unlock: load every approved, unchanged file (none in safe mode), then call their `startup`."""
        with self._lock:
            self._services, self._db = services, db
            self.safe_mode = safe_mode.reason(self.safe_mode_flag, self.counter)
            if self.safe_mode is not None:
                log.warning("Safe mode: no plugin loaded.")
                return
            approved = {a.name: a.sha256 for a in services().plugins.approved() if a.enabled}
            found = [f for f in loader.find(self.paths.plugins) if f.info is not None and f.name in approved]
            if not found:
                return
            self.counter.starting()
            self._pending_start = True
            for plugin in found:
                self._load_one(plugin.path, plugin.name, approved[plugin.name])

    def enable(self, name: str, sha256: str) -> None:
        """Load a plugin an admin just enabled (its hash checked again on the bytes run), unless in safe mode."""
        with self._lock:
            self.counter.started()  # an admin changed the plugins: the next start tries them again
            if self.safe_mode is not None or self._services is None:
                return
            self.disable(name)
            found = [f for f in loader.find(self.paths.plugins) if f.name == name and f.info is not None]
            if found:
                self._load_one(found[0].path, name, sha256)

    def disable(self, name: str) -> None:
        """Take out a plugin an admin just disabled (after its `shutdown` hook)."""
        with self._lock:
            self.counter.started()
            if name in self.host.names():
                self._call_limited(name, "shutdown", None, {})
            if name in self.files or any(f.name == name for f in self.host.failures()):
                self.host.remove(name)
                self.files.pop(name, None)
                self.generation += 1

    def _load_one(self, path: Path, name: str, sha256: str) -> None:
        result: dict[str, Any] = {}

        def work() -> None:
            result["loaded"] = loader.load(path, sha256)

        error = self._limited(name, work)
        if error is not None or "loaded" not in result:
            self._fail_unloaded(name, "import", error or _(
                "Importing it took longer than %(seconds)s s, so it was switched off for this session.",
                seconds=f"{self.limit:g}"))
            return
        module, found = result["loaded"]
        info: PluginInfo = found.info
        if loader.too_new(info, self.app_version):
            self._fail_unloaded(name, "import", _(
                "It needs app version %(needed)s or newer; this app is %(have)s.", needed=info.min_app_version,
                have=self.app_version))
            return
        self.host.register(module, info)
        self.files[name] = path
        self.generation += 1
        self._call_limited(name, "startup", None, {})
        log.info("Plugin %s %s loaded.", name, info.version)

    def fail(self, name: str, where: str, error: BaseException | str) -> None:
        """Switch a plugin off for this session (e.g. its routes break the rules), its error kept for admins."""
        self._fail_unloaded(name, where, error)

    def _fail_unloaded(self, name: str, where: str, error: BaseException | str) -> None:
        self.host.fail(name, where, error)
        self.generation += 1

    def started_fine(self) -> None:
        """The first signed-in request after the unlock was answered: this start did not fail (see safe_mode)."""
        if self._pending_start:
            self._pending_start = False
            self.counter.started()

    def shutdown(self) -> None:
        """At lock or close: call every plugin's `shutdown`, then forget them (the next unlock loads afresh)."""
        with self._lock:
            for name in self.host.implementers("shutdown"):
                self._call_limited(name, "shutdown", None, {})
            self.host, self.files, self._services, self._db = PluginHost(), {}, None, None
            self.generation += 1

    # --- calling ---
    def names(self) -> list[str]:
        """The plugins loaded and working now."""
        return self.host.names()

    def failures(self) -> list[PluginFailure]:
        """The plugins switched off this session, with why."""
        return self.host.failures()

    def context(self, name: str, actor: User | None) -> PluginContext:
        """What `name`'s hook gets: the acting user, the services, its store and the language of the moment."""
        services = self._services() if self._services is not None else None
        store = self._store_for(self._db, name) if self._store_for is not None and self._db is not None else None
        return PluginContext(name=name, actor=actor, services=services, store=store, language=i18n.current())

    def call(self, hook: str, actor: User | None, **kwargs: Any) -> list[tuple[str, Any]]:
        """Call `hook` on every working plugin, each within the time limit (the PluginCalls signature)."""
        results = []
        for name in self.host.implementers(hook):
            result = self._call_limited(name, hook, actor, kwargs)
            if result is not None:
                results.append((name, result))
        return results

    def call_one(self, name: str, hook: str, actor: User | None, **kwargs: Any) -> Any:
        """Call one plugin's `hook` within the time limit (None if it is not loaded, fails or is too slow)."""
        return self._call_limited(name, hook, actor, kwargs)

    def _call_limited(self, name: str, hook: str, actor: User | None, kwargs: dict[str, Any]) -> Any:
        box: dict[str, Any] = {}

        def work() -> None:
            box["result"] = self.host.call_one(name, hook, lambda plugin: self.context(plugin, actor), **kwargs)

        error = self._limited(name, work)
        if "result" in box:
            return box["result"]
        self.host.fail(name, hook, error or _(
            "Its '%(hook)s' took longer than %(seconds)s s, so it was switched off for this session.",
            hook=hook, seconds=f"{self.limit:g}"))
        return None

    def _limited(self, name: str, work: Callable[[], None]) -> BaseException | None:
        """Run `work` in a worker thread (with this context's language) and wait at most `limit` seconds; a slower
        one is abandoned (the thread ends on its own, or with the process). Returns what it raised, if anything."""
        done, raised = threading.Event(), []
        context = contextvars.copy_context()

        def run() -> None:
            try:
                context.run(work)
            except BaseException as exc:  # noqa: BLE001  (a plugin's SystemExit must not end the app)
                raised.append(exc)
            finally:
                done.set()

        threading.Thread(target=run, name=f"plugin-{name}", daemon=True).start()
        done.wait(self.limit)
        return raised[0] if raised else None
