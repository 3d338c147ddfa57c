"""The assistant's pinned model files, kept as one JSON row of the settings table (no table of their own)."""

from __future__ import annotations

import json
from typing import Any

from sqlalchemy import Connection, insert, select, update

from app.db.models import Setting

KEY = "assistant_models"  # not a StudioSettings field: SettingsRepository.load ignores it, save leaves it


class AssistantModelsRepository:
    """Read and write {"current": id or None, "models": [ModelInfo as JSON, ...]}."""

    def load(self, conn: Connection) -> dict[str, Any]:
        """The stored pins, or an empty list when none were ever stored."""
        raw = conn.execute(select(Setting.value).where(Setting.key == KEY)).scalar_one_or_none()
        return {"current": None, "models": []} if raw is None else json.loads(raw)

    def save(self, conn: Connection, pins: dict[str, Any]) -> None:
        """Replace the stored pins."""
        text = json.dumps(pins, sort_keys=True)
        if not conn.execute(update(Setting).where(Setting.key == KEY).values(value=text)).rowcount:
            conn.execute(insert(Setting).values(key=KEY, value=text))
