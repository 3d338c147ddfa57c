"""A payment counts on the studio-local day it was taken, whatever the UTC date and across DST."""

from __future__ import annotations

from datetime import UTC, date, datetime

import pytest

from app.db.repos.settings import SettingsRepository
from app.domain.records import StudioSettings


@pytest.mark.parametrize(("taken_at", "local_day"), [
    (datetime(2025, 1, 15, 23, 30, tzinfo=UTC), date(2025, 1, 16)),  # winter, UTC+1: 00:30 next day
    (datetime(2025, 1, 15, 22, 59, tzinfo=UTC), date(2025, 1, 15)),  # 23:59 the same day
    (datetime(2025, 7, 15, 22, 30, tzinfo=UTC), date(2025, 7, 16)),  # summer, UTC+2: 00:30 next day
    (datetime(2025, 7, 15, 21, 30, tzinfo=UTC), date(2025, 7, 15)),  # 23:30 the same day
    (datetime(2025, 3, 29, 23, 30, tzinfo=UTC), date(2025, 3, 30)),  # the night clocks go forward
    (datetime(2025, 3, 30, 21, 59, tzinfo=UTC), date(2025, 3, 30)),  # 23:59 CEST on that day
    (datetime(2025, 10, 25, 22, 30, tzinfo=UTC), date(2025, 10, 26)),  # the night clocks go back
    (datetime(2025, 10, 26, 22, 59, tzinfo=UTC), date(2025, 10, 26)),  # 23:59 CET on that day
])
def test_payment_counts_on_the_madrid_day_it_was_taken(studio, taken_at, local_day):
    studio.clock.at = taken_at
    paid = studio.payments.take_payment(studio.staff, amount_minor=10_00, method="cash", kind="payment")
    assert paid.register_day == local_day and paid.taken_at == taken_at
    today = studio.register.day_summary(studio.staff, "today")
    assert today.day == local_day and today.payments == (paid,)


def test_register_day_follows_the_time_zone_in_the_settings(studio):
    with studio.db.write() as conn:
        SettingsRepository().save(conn, StudioSettings("Ink NYC", "USD", "America/New_York"))
    studio.clock.at = datetime(2025, 1, 16, 3, 0, tzinfo=UTC)  # 22:00 on the 15th in New York
    paid = studio.payments.take_payment(studio.staff, amount_minor=10_00, method="card", kind="payment")
    assert paid.register_day == date(2025, 1, 15)
    assert studio.register.day_summary(studio.staff, "today").day == date(2025, 1, 15)
