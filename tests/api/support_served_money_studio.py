"""A money studio (tests/services/support_money_studio.py) served by the real API app: the world the payments and
register API tests and the plugin hook tests share."""

from __future__ import annotations

from collections.abc import Iterator
from datetime import UTC, datetime
from pathlib import Path
from typing import Any

from app.api import create_app
from app.container import Container
from app.core.clock import FixedClock
from tests.conftest import ADMIN, ADMIN_PASSWORD
from tests.services.support_money_studio import STAFF_PASSWORD, create_money_studio
from tools.stick_process import bearer


def served_money_studio(root: Path) -> Iterator[dict[str, Any]]:
    """Yield one studio with an artist and staff, an app over it with a clock at the real now (login tokens check
    real time), and admin and staff logins; close both afterwards. For a module-scoped fixture to yield from."""
    studio = create_money_studio(root)
    clock = FixedClock(datetime.now(UTC))
    container = Container(studio.paths, clock)
    client = create_app(container).test_client()
    yield {"studio": studio, "clock": clock, "client": client, "container": container, "start": clock.at,
           "admin": bearer(client, ADMIN, ADMIN_PASSWORD),
           "staff": bearer(client, studio.staff.username, STAFF_PASSWORD)}
    container.close()
    studio.opened.close()
