"""Column types: UUID text keys and UTC timestamps that come back timezone-aware."""

from __future__ import annotations

import uuid
from datetime import UTC, datetime

from sqlalchemy import DateTime, String, TypeDecorator


def new_id() -> str:
    """Return a new random UUID as text (sticks of one studio can merge without renumbering)."""
    return str(uuid.uuid4())


class UTCDateTime(TypeDecorator):
    """Store naive UTC; accept and return aware datetimes, so no local time slips in."""

    impl = DateTime
    cache_ok = True

    def process_bind_param(self, value: datetime | None, dialect) -> datetime | None:
        """Store an aware datetime as naive UTC; refuse a naive one."""
        if value is None:
            return None
        if value.tzinfo is None:
            raise ValueError("Timestamps must carry a time zone; pass UTC.")
        return value.astimezone(UTC).replace(tzinfo=None)

    def process_result_value(self, value: datetime | None, dialect) -> datetime | None:
        """Read a stored naive UTC datetime back as an aware one."""
        return None if value is None else value.replace(tzinfo=UTC)


UUID = String(36)
