"""A throwaway PostgreSQL cluster (Debian's initdb/pg_ctl, loopback only, run as an unprivileged user), a fresh
database per test, relays served on it, and a small device-side HTTP helper."""

from __future__ import annotations

import base64
import glob
import itertools
import os
import pwd
import shutil
import socket
import subprocess
import tempfile
from dataclasses import dataclass
from pathlib import Path

import httpx
import psycopg
import pytest

from app.relay.server import relay_server
from app.relay.store import Limits


def _binaries() -> Path | None:
    found = sorted(glob.glob("/usr/lib/postgresql/*/bin/initdb"), key=lambda p: int(p.split("/")[4]))
    return Path(found[-1]).parent if found else None


def _as_user() -> tuple[list[str], str | None]:
    """The prefix that runs PostgreSQL's tools unprivileged (initdb refuses root), and that user's name."""
    if os.geteuid() != 0:
        return [], None
    for name in ("postgres", "nobody"):
        try:
            pwd.getpwnam(name)
        except KeyError:
            continue
        return ["runuser", "-u", name, "--"], name
    pytest.fail("initdb refuses to run as root and this machine has no postgres or nobody user.")


def _free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


@dataclass
class Cluster:
    """A running cluster: where its files are, how to reach it, how to run its tools."""

    base: Path
    bin: Path
    port: int
    prefix: list[str]

    def url(self, dbname: str) -> str:
        return f"postgresql://relay@127.0.0.1:{self.port}/{dbname}"

    def tool(self, name: str, *args: str) -> subprocess.CompletedProcess:
        return subprocess.run([*self.prefix, str(self.bin / name), *args], capture_output=True, timeout=120,
                              cwd=self.base)


@pytest.fixture(scope="session")
def pg_cluster():
    binaries = _binaries()
    if binaries is None:
        if os.environ.get("CI"):
            pytest.fail("PostgreSQL's binaries are missing: .ci/run installs Debian's postgresql package.")
        pytest.skip("PostgreSQL's binaries (/usr/lib/postgresql/*/bin) are not installed: apt-get install postgresql")
    prefix, user = _as_user()
    base = Path(tempfile.mkdtemp(prefix="relay-pg-"))
    if user is not None:
        shutil.chown(base, user)
    base.chmod(0o700)
    cluster = Cluster(base, binaries, _free_port(), prefix)
    done = cluster.tool("initdb", "-D", str(base / "data"), "-U", "relay", "--auth=trust", "-E", "UTF8",
                        "--no-locale", "--no-sync")
    assert done.returncode == 0, done.stderr.decode()[-2000:]
    (base / "sock").mkdir()
    if user is not None:
        shutil.chown(base / "sock", user)
    options = (f"-c listen_addresses=127.0.0.1 -p {cluster.port} -k {base / 'sock'} -c fsync=off "
               f"-c synchronous_commit=off -c full_page_writes=off -c max_connections=300")
    done = cluster.tool("pg_ctl", "-D", str(base / "data"), "-o", options, "-l", str(base / "server.log"),
                        "-w", "-t", "60", "start")
    assert done.returncode == 0, done.stderr.decode()[-2000:] + (base / "server.log").read_text()[-2000:]
    try:
        yield cluster
    finally:
        cluster.tool("pg_ctl", "-D", str(base / "data"), "-m", "immediate", "-w", "stop")
        shutil.rmtree(base, ignore_errors=True)


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
