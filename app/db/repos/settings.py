"""Settings table access: one JSON value per key."""

from __future__ import annotations

import json
from dataclasses import asdict, fields
from typing import Any

from sqlalchemy import Connection, insert, select, update

from app.db.models import Setting
from app.domain.records import StudioSettings


class SettingsRepository:
    """Load and store the studio settings as key/JSON rows."""

    def save(self, conn: Connection, settings: StudioSettings) -> None:
        """Write every setting, inserting the keys that are new."""
        existing = set(conn.execute(select(Setting.key)).scalars())
        for key, value in asdict(settings).items():
            if key in existing:
                conn.execute(update(Setting).where(Setting.key == key).values(value=json.dumps(value)))
            else:
                conn.execute(insert(Setting).values(key=key, value=json.dumps(value)))

    def load(self, conn: Connection) -> StudioSettings:
        """Return the settings; keys missing from an older database take their defaults."""
        stored = {k: json.loads(v) for k, v in conn.execute(select(Setting.key, Setting.value))}
        known = {f.name for f in fields(StudioSettings)}
        values: dict[str, Any] = {k: tuple(v) if isinstance(v, list) else v  # JSON arrays: tuples, as written
                                  for k, v in stored.items() if k in known}
        return StudioSettings(**values)
