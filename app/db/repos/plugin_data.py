"""Plugin data table access: one JSON value per (plugin, key); every query is bound to one plugin."""

from __future__ import annotations

import json
from datetime import datetime
from typing import Any

from sqlalchemy import Connection, delete, insert, select, update

from app.db.models import PluginData


def _escaped(prefix: str) -> str:
    return prefix.replace("\\", "\\\\").replace("%", "\\%").replace("_", "\\_")


class PluginDataRepository:
    """Read and write one plugin's keys on a connection the caller holds."""

    def get(self, conn: Connection, plugin: str, key: str) -> tuple[bool, Any]:
        """Return (found, value) for this plugin's key."""
        raw = conn.execute(select(PluginData.value).where(PluginData.plugin == plugin, PluginData.key == key)
                           ).scalar_one_or_none()
        return (False, None) if raw is None else (True, json.loads(raw))

    def put(self, conn: Connection, plugin: str, key: str, value: Any, at: datetime) -> None:
        """Store the value under the key, replacing what was there."""
        text = json.dumps(value, ensure_ascii=False, sort_keys=True)
        changed = conn.execute(update(PluginData).where(PluginData.plugin == plugin, PluginData.key == key)
                               .values(value=text, updated_at=at)).rowcount
        if not changed:
            conn.execute(insert(PluginData).values(plugin=plugin, key=key, value=text, created_at=at,
                                                   updated_at=at))

    def delete(self, conn: Connection, plugin: str, key: str) -> bool:
        """Remove the key; return whether it existed."""
        return bool(conn.execute(delete(PluginData).where(PluginData.plugin == plugin, PluginData.key == key)
                                 ).rowcount)

    def items(self, conn: Connection, plugin: str, prefix: str = "") -> list[tuple[str, Any]]:
        """This plugin's (key, value) pairs whose key starts with `prefix`, in key order."""
        query = select(PluginData.key, PluginData.value).where(PluginData.plugin == plugin)
        if prefix:
            query = query.where(PluginData.key.like(_escaped(prefix) + "%", escape="\\"))
        rows = conn.execute(query.order_by(PluginData.key))
        return [(key, json.loads(raw)) for key, raw in rows if key.startswith(prefix)]  # LIKE ignores case
