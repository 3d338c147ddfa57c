"""Each artist's latest "tomorrow's briefing", kept as one JSON row of the settings table (no table of its own)."""

from __future__ import annotations

import json
from typing import Any

from sqlalchemy import Connection, insert, select, update

from app.db.models import Setting

KEY = "assistant_briefings"  # not a StudioSettings field: SettingsRepository.load ignores it, save leaves it


class BriefingsRepository:
    """Read and write {artist id: {"day": ISO date, "text": ..., "made_at": ISO instant, "sessions": n}}."""

    def load(self, conn: Connection) -> dict[str, dict[str, Any]]:
        """Every artist's latest briefing (empty when none was ever made)."""
        raw = conn.execute(select(Setting.value).where(Setting.key == KEY)).scalar_one_or_none()
        return {} if raw is None else json.loads(raw)

    def save(self, conn: Connection, briefings: dict[str, dict[str, Any]]) -> None:
        """Replace the stored briefings."""
        text = json.dumps(briefings, sort_keys=True)
        if not conn.execute(update(Setting).where(Setting.key == KEY).values(value=text)).rowcount:
            conn.execute(insert(Setting).values(key=KEY, value=text))
