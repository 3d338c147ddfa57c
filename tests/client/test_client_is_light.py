"""The typed client is only a client: importing it in a fresh interpreter loads no server package."""

from __future__ import annotations

import json
import subprocess
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parents[2]
SERVER_SIDE = ("flask", "sqlalchemy", "sqlcipher3", "alembic", "reportlab", "prefect", "matplotlib",
               "app.api", "app.services", "app.db", "app.container", "flows")
PROBE = (
    "import json, sys\n"
    "import app.client, app.client.models, app.contract\n"
    "print(json.dumps(sorted(sys.modules)))\n"
)


def loaded_by_client() -> set[str]:
    """Import the client in a new interpreter and return every module name it left in sys.modules."""
    command = [sys.executable, "-c", PROBE]
    done = subprocess.run(command, cwd=ROOT, capture_output=True, text=True, timeout=120, check=True)
    return set(json.loads(done.stdout.strip().splitlines()[-1]))


def test_importing_the_client_loads_no_server_package():
    """Flask, SQL, reports, flows and the API stay out of a process that only talks to the API."""
    loaded = loaded_by_client()
    found = sorted(name for name in loaded if any(name == top or name.startswith(top + ".") for top in SERVER_SIDE))
    assert found == [], f"importing app.client loaded server-side modules: {found}"
    assert "app.contract.register" in loaded and "httpx" in loaded
