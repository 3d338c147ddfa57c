"""A relay serves more than waitress's default 100 open connections (150 devices keep theirs open)."""

from __future__ import annotations

import socket
import time

import httpx


def test_a_relay_with_150_open_connections_still_answers_the_next_device(relay):
    port = int(relay.url.rsplit(":", 1)[1])
    held = [socket.create_connection(("127.0.0.1", port), timeout=5) for _i in range(150)]
    try:
        time.sleep(0.5)  # let waitress accept them all
        assert httpx.get(f"{relay.url}/health", timeout=5).status_code == 200
    finally:
        for s in held:
            s.close()
