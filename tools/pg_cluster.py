"""A throwaway PostgreSQL cluster in a temp folder with Debian's initdb/pg_ctl, for the relay's tests and benchmark.

It listens on 127.0.0.1 only (a free port), keeps its unix socket in its own folder, trusts local connections
(nothing else can reach it) and runs as an unprivileged user when started as root (initdb refuses root).
"""

from __future__ import annotations

import glob
import os
import pwd
import shutil
import socket
import subprocess
import tempfile
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass
from pathlib import Path


class NoPostgres(RuntimeError):  # noqa: N818  (a condition, not a failure of ours)
    """PostgreSQL's binaries are not installed, or nothing unprivileged can run them."""


def binaries() -> Path | None:
    """The newest /usr/lib/postgresql/N/bin with an initdb, if any."""
    found = sorted(glob.glob("/usr/lib/postgresql/*/bin/initdb"), key=lambda p: int(p.split("/")[4]))
    return Path(found[-1]).parent if found else None


def _as_user() -> tuple[list[str], str | None]:
    if os.geteuid() != 0:
        return [], None
    for name in ("postgres", "nobody"):
        try:
            pwd.getpwnam(name)
        except KeyError:
            continue
        return ["runuser", "-u", name, "--"], name
    raise NoPostgres("initdb refuses to run as root and this machine has no postgres or nobody user.")


def _free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


@dataclass
class Cluster:
    """A running cluster: its folder, its binaries, its port, and the prefix that runs its tools unprivileged."""

    base: Path
    bin: Path
    port: int
    prefix: list[str]

    def url(self, dbname: str) -> str:
        """The postgresql:// URL of database `dbname` on this cluster."""
        return f"postgresql://relay@127.0.0.1:{self.port}/{dbname}"

    def tool(self, name: str, *args: str) -> subprocess.CompletedProcess:
        """Run one of PostgreSQL's programs (pg_dump, psql...) as the cluster's user."""
        return subprocess.run([*self.prefix, str(self.bin / name), *args], capture_output=True, timeout=300,
                              cwd=self.base)

    def server_pids(self) -> list[int]:
        """The postmaster and its backends (for CPU figures)."""
        head = int((self.base / "data" / "postmaster.pid").read_text().split()[0])
        children = subprocess.run(["ps", "-o", "pid=", "--ppid", str(head)], capture_output=True, text=True)
        return [head, *(int(p) for p in children.stdout.split())]


@contextmanager
def throwaway_cluster(max_connections: int = 300) -> Iterator[Cluster]:
    """Start a cluster in a temp folder (durability off: it is thrown away), yield it, stop it and delete it."""
    found = binaries()
    if found is None:
        raise NoPostgres("PostgreSQL's binaries (/usr/lib/postgresql/*/bin) are not installed: "
                         "apt-get install postgresql")
    prefix, user = _as_user()
    base = Path(tempfile.mkdtemp(prefix="relay-pg-"))
    try:
        if user is not None:
            shutil.chown(base, user)
        base.chmod(0o700)
        cluster = Cluster(base, found, _free_port(), prefix)
        done = cluster.tool("initdb", "-D", str(base / "data"), "-U", "relay", "--auth=trust", "-E", "UTF8",
                            "--no-locale", "--no-sync")
        if done.returncode != 0:
            raise NoPostgres(done.stderr.decode()[-2000:])
        (base / "sock").mkdir()
        if user is not None:
            shutil.chown(base / "sock", user)
        options = (f"-c listen_addresses=127.0.0.1 -p {cluster.port} -k {base / 'sock'} -c fsync=off "
                   f"-c synchronous_commit=off -c full_page_writes=off -c max_connections={max_connections}")
        done = cluster.tool("pg_ctl", "-D", str(base / "data"), "-o", options, "-l", str(base / "server.log"),
                            "-w", "-t", "60", "start")
        if done.returncode != 0:
            raise NoPostgres(done.stderr.decode()[-2000:] + (base / "server.log").read_text()[-2000:])
        try:
            yield cluster
        finally:
            cluster.tool("pg_ctl", "-D", str(base / "data"), "-m", "immediate", "-w", "stop")
    finally:
        shutil.rmtree(base, ignore_errors=True)
