"""Starting the app, Babel learns this computer's time zone from one file, not by opening every zone pytz has
(issue 21: ~600 files before the first screen, over half a second from a USB 2.0 stick)."""

from __future__ import annotations

import json
import os
import subprocess
import sys
from pathlib import Path

import pytest

from tests.conftest import REPO

SCRIPT = """
import json, sys
opened = []
sys.addaudithook(lambda event, args: opened.append(str(args[0])) if event == "open" else None)
import app.__main__  # the entry point, as `python -m app` starts (its command line not run)
import babel.dates
from datetime import datetime
from babel.localtime import LOCALTZ
now = datetime.now()
print(json.dumps({"zone_files": [p for p in opened if "zoneinfo" in p and not p.endswith((".pyc", ".py"))],
                  "babel_offset": LOCALTZ.utcoffset(now).total_seconds(),
                  "offset": now.astimezone().utcoffset().total_seconds(), "tz": __import__("os").environ.get("TZ")}))
"""


@pytest.mark.skipif(sys.platform == "win32" or not Path("/etc/localtime").exists(), reason="no /etc/localtime")
def test_the_entry_point_has_babel_read_the_local_zone_from_one_file():
    env = {k: v for k, v in os.environ.items() if k != "TZ"}
    env["PYTHONPATH"] = str(REPO)
    done = subprocess.run([sys.executable, "-c", SCRIPT], env=env, cwd=REPO, capture_output=True, text=True,
                          timeout=120)
    assert done.returncode == 0, done.stderr[-2000:]
    seen = json.loads(done.stdout.strip().splitlines()[-1])
    assert len(seen["zone_files"]) <= 2, seen["zone_files"][:10]
    assert seen["babel_offset"] == seen["offset"]  # the same zone as the computer's clock
    assert seen["tz"] is None  # TZ was set only for the moment of the import
