"""`serve` stops on SIGTERM even when the kernel hands the signal to one of its other threads."""

from __future__ import annotations

import subprocess
import sys

from tests.conftest import REPO

# SIGTERM aimed at a worker thread (as the kernel may do while waitress or Argon2 threads run):
# the main thread must still notice it and stop.
CHILD = """
import signal, threading, time
from app.cli.serve import wait_until_set
stop = threading.Event()
signal.signal(signal.SIGTERM, lambda *_: stop.set())
def worker():
    time.sleep(0.3)
    signal.pthread_kill(threading.get_ident(), signal.SIGTERM)
    time.sleep(60)
threading.Thread(target=worker, daemon=True).start()
wait_until_set(stop)
print("stopped")
"""


def test_a_sigterm_delivered_to_another_thread_stops_the_wait():
    done = subprocess.run([sys.executable, "-c", CHILD], capture_output=True, text=True, cwd=REPO,
                          timeout=30, env={"PATH": "/usr/bin:/bin", "PYTHONPATH": str(REPO)})
    assert done.returncode == 0 and done.stdout.strip() == "stopped", done.stderr[-2000:]
