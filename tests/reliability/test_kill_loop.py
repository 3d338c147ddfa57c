"""kill -9 at random moments never loses a commit the writer reported, nor damages the encrypted file."""

from __future__ import annotations

import json
import os
import random
import signal
import subprocess
import sys
import time
from dataclasses import asdict, dataclass, field
from pathlib import Path

import pytest

from app.db.engine import connect_raw
from app.db.integrity import check_file
from tests.conftest import REPO

CHILD = Path(__file__).with_name("support_child_committer.py")
ROUNDS = int(os.environ.get("KILL_LOOP_ROUNDS", "100"))
SEED = int(os.environ.get("KILL_LOOP_SEED", str(time.time_ns() % 1_000_000)))
CHECK_EVERY = 5  # between checks, the next child itself must roll back any hot journal
DELAY = (0.02, 0.4)  # seconds between "ready" and SIGKILL


@dataclass
class Tally:
    """What the loop saw; printed as one line and optionally written as JSON for a closing note."""

    rounds: int = 0
    reported: set[str] = field(default_factory=set)
    hot_journals: int = 0
    present: int = 0
    missing: set[str] = field(default_factory=set)
    problems: list[str] = field(default_factory=list)
    seconds: float = 0.0

    def line(self) -> str:
        return (f"kill-loop: {self.rounds} rounds, {len(self.reported)} commits reported, "
                f"{self.present - len(self.reported)} committed but unreported, "
                f"{self.hot_journals} hot journals left by a kill, all present: {not self.missing}, "
                f"integrity clean: {not self.problems}, {self.seconds:.1f} s (seed {SEED})")


def _child_env() -> dict:
    env = {k: v for k, v in os.environ.items() if not k.startswith("TATTOO_")}
    return {**env, "PYTHONPATH": str(REPO), "PYTHONDONTWRITEBYTECODE": "1"}


def _kill_one_writer(db_path: Path, key_hex: str, delay: float) -> tuple[list[str], bool]:
    """Start a writer, SIGKILL it `delay` s after it is ready; return the uuids it reported
    and whether it left a hot journal behind."""
    proc = subprocess.Popen([sys.executable, str(CHILD), str(db_path)], stdin=subprocess.PIPE,
                            stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True,
                            env=_child_env(), cwd=REPO)
    try:
        proc.stdin.write(key_hex + "\n")
        proc.stdin.close()
        ready = proc.stdout.readline()
        if ready != "ready\n":
            proc.kill()
            pytest.fail(f"The writer did not start: {ready!r} {proc.stderr.read()}")
        time.sleep(delay)
        proc.send_signal(signal.SIGKILL)
        out = proc.stdout.read()
        proc.wait()
    finally:
        if proc.poll() is None:
            proc.kill()
            proc.wait()
    if proc.returncode != -signal.SIGKILL:
        pytest.fail(f"The writer died on its own (exit {proc.returncode}): {proc.stderr.read()}")
    proc.stderr.close()
    proc.stdout.close()
    # a line cut short by the kill was never reported in full, so it promises nothing
    lines = [ln for ln in out.split("\n")[:-1] if len(ln) == 36]
    return lines, db_path.with_name(db_path.name + "-journal").exists()


def _verify(db_path: Path, key: bytes, tally: Tally) -> None:
    """Open the file as a fresh process would (rolling back a hot journal) and compare."""
    tally.problems = check_file(db_path, key)
    conn = connect_raw(db_path, key)
    try:
        rows = [r[0] for r in conn.execute(
            "SELECT entity_id FROM audit_events WHERE action = 'kill-test'").fetchall()]
    finally:
        conn.close()
    assert len(rows) == len(set(rows)), "A reported row was written twice."
    tally.present = len(rows)
    tally.missing = tally.reported - set(rows)


def _write_figure(tally: Tally) -> None:
    target = os.environ.get("KILL_LOOP_REPORT")
    if target:
        figure = {k: v for k, v in asdict(tally).items() if k not in ("reported", "missing")}
        figure.update(reported=len(tally.reported), missing=sorted(tally.missing), seed=SEED)
        Path(target).write_text(json.dumps(figure, indent=2), "utf-8")


@pytest.mark.slow
def test_sigkill_at_random_moments_keeps_every_reported_commit_and_a_sound_file(opened):
    key = bytes.fromhex(opened.db.key_hex())
    db_path = opened.db.path
    opened.close()
    rng = random.Random(SEED)
    tally = Tally()
    started = time.monotonic()
    for round_no in range(1, ROUNDS + 1):
        reported, hot = _kill_one_writer(db_path, key.hex(), rng.uniform(*DELAY))
        tally.rounds = round_no
        tally.reported.update(reported)
        tally.hot_journals += hot
        if round_no % CHECK_EVERY == 0 or round_no == ROUNDS:
            _verify(db_path, key, tally)
            assert not tally.missing, (f"After round {round_no} (seed {SEED}), "
                                       f"{len(tally.missing)} reported commits are gone.")
            assert not tally.problems, f"After round {round_no} (seed {SEED}): {tally.problems}"
    tally.seconds = time.monotonic() - started
    print(f"\n{tally.line()}")
    _write_figure(tally)
    assert tally.reported, "No writer ever reported a commit; the loop proved nothing."
