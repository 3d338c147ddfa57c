"""kill -9 at random moments of a re-key never leaves a studio that nobody can open."""

from __future__ import annotations

import os
import random
import signal
import subprocess
import sys
import time
from pathlib import Path

import pytest

from app.db.integrity import check_file
from app.services.users import UserService
from tests.conftest import ADMIN, ADMIN_PASSWORD, REPO
from tests.services.support_rekey import STAYER, STAYER_PASSWORD, add_crew

CHILD = Path(__file__).with_name("support_child_rekeyer.py")
ROUNDS = int(os.environ.get("REKEY_KILL_ROUNDS", "12"))
SEED = int(os.environ.get("KILL_LOOP_SEED", str(time.time_ns() % 1_000_000)))


def _kill_one_rekeyer(home: Path, delay: float) -> int:
    """Start a child that re-keys in a loop, SIGKILL it `delay` s after it is ready; return its re-keys."""
    env = {**{k: v for k, v in os.environ.items() if not k.startswith("TATTOO_")},
           "PYTHONPATH": str(REPO), "PYTHONDONTWRITEBYTECODE": "1"}
    proc = subprocess.Popen([sys.executable, str(CHILD), str(home)], stdin=subprocess.PIPE, stdout=subprocess.PIPE,
                            stderr=subprocess.PIPE, text=True, env=env, cwd=REPO)
    try:
        proc.stdin.write(f"{ADMIN}\n{ADMIN_PASSWORD}\n")
        proc.stdin.close()
        ready = proc.stdout.readline()
        if ready != "ready\n":
            proc.kill()
            pytest.fail(f"The re-keyer did not start: {ready!r} {proc.stderr.read()}")
        time.sleep(delay)
        proc.send_signal(signal.SIGKILL)
        out = proc.stdout.read()
        proc.wait(30)
    finally:
        if proc.poll() is None:
            proc.kill()
            proc.wait()
        proc.stdout.close()
        proc.stderr.close()
    assert proc.returncode == -signal.SIGKILL, "the re-keyer died on its own"
    return out.count("rekeyed\n")


@pytest.mark.slow
def test_kill_9_during_rekeys_always_leaves_a_studio_that_opens(created, stick):
    service, code = created
    studio = service.unlock(ADMIN, ADMIN_PASSWORD)
    add_crew(UserService(studio.db, stick), studio.user)
    studio.close()
    rng, total = random.Random(SEED), 0
    for round_no in range(ROUNDS):
        total += _kill_one_rekeyer(stick.root, rng.uniform(0.0, 1.2))
        opened = service.unlock(ADMIN, ADMIN_PASSWORD)  # finishes or rolls back what the kill cut short
        try:
            assert check_file(stick.db, opened.db.key()) == [], f"round {round_no}, seed {SEED}"
        finally:
            opened.close()
        service.unlock(STAYER, STAYER_PASSWORD).close()
        if round_no % 4 == 0:
            service.unlock_with_recovery(code).close()
        assert not [p for p in stick.data.glob("*.rekey.*")]
    print(f"rekey-kill: {ROUNDS} kills, {total} re-keys completed between them (seed {SEED})")
