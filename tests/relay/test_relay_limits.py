"""Size and rate limits answer 413 and 429 with a sentence, shared by every relay process through the database."""

from __future__ import annotations

import pytest

from app.relay.server import relay_server
from app.relay.store import Limits
from tests.relay.conftest import Dev


@pytest.fixture
def relay_limits() -> Limits:
    return Limits(per_minute=8, batch_messages=5, batch_bytes=2000, message_bytes=600)


def test_too_many_changes_or_bytes_in_one_push_answer_413(relay):
    device = Dev.first(relay.url)
    many = device.push([(f"m{i}", b"x") for i in range(6)])
    assert many.status_code == 413 and "at most 5" in many.json()["error"]
    big = device.push([("a", b"x" * 700)])
    assert big.status_code == 413
    heavy = device.push([(f"m{i}", b"x" * 590) for i in range(5)])
    assert heavy.status_code == 413 and heavy.json()["error"].startswith("The request is larger")
    assert device.pull_all() == []


def test_a_device_over_its_rate_answers_429_on_every_relay(relay, relay_db, relay_limits):
    device = Dev.first(relay.url)
    codes = [device.http.get("/v1/messages").status_code for _i in range(8)]
    assert codes == [200] * 8
    refused = device.http.get("/v1/messages")
    assert refused.status_code == 429 and "too many requests" in refused.json()["error"]
    with relay_server(relay_db, limits=relay_limits) as other:  # a second relay shares the count
        assert device.http.get(f"{other.url}/v1/messages").status_code == 429
    other_device = Dev.first(relay.url)
    assert other_device.http.get("/v1/messages").status_code == 200
