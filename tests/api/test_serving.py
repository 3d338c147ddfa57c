"""`serving(paths)` serves a studio on loopback and stops the server, what runs beside it, then the container."""

from __future__ import annotations

import urllib.error

import pytest

from app.api.serving import serving
from app.container import StudioLockedError
from tests.conftest import ADMIN, ADMIN_PASSWORD
from tools.stick_process import login


def _is_open(container) -> bool:
    try:
        return container.services is not None
    except StudioLockedError:
        return False


def test_serving_answers_on_loopback_and_stops_in_order(created, stick):
    order: list[str] = []

    class Beside:
        def __init__(self, container):
            self.container = container

        def stop(self):
            order.append("beside")
            assert _is_open(self.container), "what runs beside the API stops while the studio is still open"

    with serving(stick, beside=Beside) as served:
        assert served.url.startswith("http://127.0.0.1:")
        assert {sock.getsockname()[0] for sock in served.server.sockets()} == {"127.0.0.1"}
        assert login(served.url, ADMIN, ADMIN_PASSWORD)
        assert _is_open(served.container)
        original_stop = served.server.stop
        served.server.stop = lambda: (order.append("server"), original_stop())  # type: ignore[method-assign]
        url = served.url
    assert order == ["server", "beside"]
    assert not _is_open(served.container)
    with pytest.raises(urllib.error.URLError):
        login(url, ADMIN, ADMIN_PASSWORD)


def test_serving_closes_the_container_when_the_block_fails(created, stick):
    with pytest.raises(RuntimeError, match="boom"):
        with serving(stick) as served:
            assert login(served.url, ADMIN, ADMIN_PASSWORD)
            raise RuntimeError("boom")
    assert not _is_open(served.container)
