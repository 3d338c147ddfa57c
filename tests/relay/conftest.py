"""A throwaway PostgreSQL cluster (Debian's initdb/pg_ctl, loopback only, run as an unprivileged user), a fresh
database per test, relays served on it, and a small device-side HTTP helper."""

from __future__ import annotations

import base64
import itertools
import os

import httpx
import psycopg
import pytest

from app.relay.server import relay_server
from app.relay.store import Limits
from tools.pg_cluster import NoPostgres, binaries, throwaway_cluster


@pytest.fixture(scope="session")
def pg_cluster():
    try:
        with throwaway_cluster() as cluster:
            yield cluster
    except NoPostgres as exc:
        if os.environ.get("CI") or binaries() is not None:
            pytest.fail(f"The throwaway PostgreSQL did not start: {exc}")
        pytest.skip(str(exc))


_numbers = itertools.count()


@pytest.fixture
def relay_db(pg_cluster):
    """A fresh, empty database on the cluster; its URL (postgresql://...)."""
    name = f"relay_{os.getpid()}_{next(_numbers)}"
    with psycopg.connect(pg_cluster.url("postgres"), autocommit=True) as db:
        db.execute(f'CREATE DATABASE "{name}"')
    yield pg_cluster.url(name)
    with psycopg.connect(pg_cluster.url("postgres"), autocommit=True) as db:
        db.execute(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)')


@pytest.fixture
def relay_limits() -> Limits:
    """The limits the `relay` fixture serves with (a test overrides this fixture to tighten them)."""
    return Limits()


@pytest.fixture
def relay(relay_db, relay_limits):
    """A relay on 127.0.0.1 over the test's database."""
    with relay_server(relay_db, threads=4, limits=relay_limits) as served:
        yield served


class Dev:
    """A device as the relay sees it: its credential and the HTTP calls the sync side will make."""

    def __init__(self, url: str, answer: dict):
        self.url, self.studio_id = url, answer["studio_id"]
        self.device_id, self.credential = answer["device_id"], answer["credential"]
        self.http = httpx.Client(base_url=url, timeout=30,
                                 headers={"Authorization": f"Bearer {self.credential}"})

    @classmethod
    def first(cls, url: str, studio_id: str | None = None) -> Dev:
        answer = httpx.post(f"{url}/v1/studios", json={"studio_id": studio_id} if studio_id else {}, timeout=30)
        assert answer.status_code == 201, answer.text
        return cls(url, answer.json())

    def push(self, items: list[tuple[str, bytes]]) -> httpx.Response:
        return self.http.post("/v1/messages", json={"messages": [
            {"id": i, "body": base64.b64encode(b).decode()} for i, b in items]})

    def pull_all(self, after: int = 0, limit: int = 500) -> list[dict]:
        got = []
        while True:
            page = self.http.get("/v1/messages", params={"after": after, "limit": limit})
            assert page.status_code == 200, page.text
            doc = page.json()
            got += doc["messages"]
            if not doc["messages"]:
                return got
            after = doc["messages"][-1]["seq"]
            if not doc["more"]:
                return got


def b64(data: bytes) -> str:
    return base64.b64encode(data).decode()
