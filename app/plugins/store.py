"""`PluginStore`: one plugin's own keys and JSON values, kept in the studio's encrypted database.

A plugin gets its store in `context.store`, named after the plugin: it reads and writes its own keys only and
never sees the database or its key. The data lives with the studio's, so every backup holds it."""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

from app.core.clock import Clock
from app.db.engine import Database
from app.db.repos.plugin_data import PluginDataRepository

MAX_KEY = 200


def _checked(key: str) -> str:
    if not isinstance(key, str) or not 0 < len(key) <= MAX_KEY:
        raise ValueError(f"A plugin store key is text of 1 to {MAX_KEY} characters, not {key!r}.")
    return key


class PluginStore:
    """The key-value store of the plugin named `plugin`; each call is one transaction."""

    def __init__(self, db: Database, plugin: str, clock: Clock | None = None):
        self.plugin = plugin
        self.__db, self.__clock, self.__rows = db, clock or Clock(), PluginDataRepository()

    def get(self, key: str, default: Any = None) -> Any:
        """The value stored under `key`, or `default` if there is none."""
        with self.__db.read() as conn:
            found, value = self.__rows.get(conn, self.plugin, _checked(key))
        return value if found else default

    def put(self, key: str, value: Any) -> None:
        """Store a JSON-able value under `key`, replacing what was there."""
        with self.__db.write() as conn:
            self.__rows.put(conn, self.plugin, _checked(key), value, self.__clock.now())

    def delete(self, key: str) -> bool:
        """Remove `key`; return whether it was there."""
        with self.__db.write() as conn:
            return self.__rows.delete(conn, self.plugin, _checked(key))

    def items(self, prefix: str = "") -> list[tuple[str, Any]]:
        """The (key, value) pairs whose key starts with `prefix` (all of them with ""), in key order."""
        with self.__db.read() as conn:
            return self.__rows.items(conn, self.plugin, prefix)

    def update(self, key: str, change: Callable[[Any], Any], default: Any = None) -> Any:
        """Read `key` (or `default`), store `change(value)` and return it, all in one write transaction: two
        updates of one key never both see the old value. If `change` raises, nothing is stored."""
        with self.__db.write() as conn:
            found, value = self.__rows.get(conn, self.plugin, _checked(key))
            new = change(value if found else default)
            self.__rows.put(conn, self.plugin, key, new, self.__clock.now())
        return new
