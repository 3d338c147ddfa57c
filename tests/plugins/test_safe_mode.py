"""Safe mode loads no plugin: when asked with --safe-mode, and by itself after two failed starts with plugins on."""

from __future__ import annotations

import subprocess
import sys

from app.container import Container
from app.plugins.listing import rows
from tests.conftest import ADMIN, ADMIN_PASSWORD, REPO
from tests.plugins.support_files import reopen, write_plugin

START = f"""
import sys
from app.container import Container
from app.core import paths
box = Container(paths.resolve(home=sys.argv[1]))
box.login({ADMIN!r}, {ADMIN_PASSWORD!r})
print(box.plugins.safe_mode is not None, box.plugins.names())
box.close()
"""


def _start(stick) -> subprocess.CompletedProcess:
    return subprocess.run([sys.executable, "-c", START, str(stick.root)], cwd=REPO, capture_output=True, text=True,
                          timeout=120)


def test_the_safe_mode_flag_loads_none_and_says_why(container, admin, stick):
    sha = write_plugin(stick.plugins, "good")
    container.services.plugins.enable(admin, "good", sha)
    again = reopen(container, stick, safe_mode=True)
    try:
        assert again.plugins.names() == []
        [row] = rows(again.plugins, again.services.plugins.approvals(admin))
        assert row.state == "safe_mode" and "started with --safe-mode" in row.problem
        again.plugins.enable("good", sha)  # enabling in safe mode records the approval but loads nothing
        assert again.plugins.names() == []
    finally:
        again.close()


def test_two_failed_starts_with_plugins_on_mean_the_third_loads_none(container, admin, stick):
    sha = write_plugin(stick.plugins, "fatal", "import os\nos._exit(7)\n")
    container.services.plugins.enable(admin, "fatal", sha)
    container.close()
    assert [_start(stick).returncode for _ in range(2)] == [7, 7]
    assert stick.plugin_starts.read_text() == "2\n"
    third = _start(stick)
    assert third.returncode == 0, third.stderr[-2000:]
    assert third.stdout.strip() == "True []"
    again = Container(stick)
    again.login(ADMIN, ADMIN_PASSWORD)
    try:
        [row] = rows(again.plugins, again.services.plugins.approvals(admin))
        assert row.state == "safe_mode" and "failed to start twice in a row" in row.problem
        again.services.plugins.disable(admin, "fatal")
        again.plugins.disable("fatal")  # an admin acting on the plugins ends automatic safe mode
        assert not stick.plugin_starts.exists()
    finally:
        again.close()


def test_a_start_that_got_going_forgets_the_failed_ones(container, admin, stick):
    sha = write_plugin(stick.plugins, "good")
    container.services.plugins.enable(admin, "good", sha)
    stick.plugin_starts.write_text("1\n")
    again = reopen(container, stick)
    try:
        assert again.plugins.names() == ["good"] and stick.plugin_starts.read_text() == "2\n"
        again.plugins.started_fine()
        assert not stick.plugin_starts.exists()
    finally:
        again.close()
