"""`python -m app bench` times every interactive API call beside its raw SQL and leaves no plain copy."""

from __future__ import annotations

import json

from app.benchmark import OPERATIONS
from app.core.paths import resolve
from app.demo.studio import create_demo_studio
from tests.conftest import run_cli


def test_bench_reports_every_operation_on_a_demo_studio(tmp_path):
    paths = resolve(home=tmp_path / "demo").ensure()
    create_demo_studio(paths, scale=0.02, seed=3)
    result = run_cli("bench", "--home", str(paths.root), "--user", "admin", "--password-stdin", "--rounds", "10",
                     stdin="demo-admin\n", timeout=300)
    assert result.returncode == 0, result.stderr
    report = json.loads((paths.data / "bench" / "api.json").read_text())
    rows = {row["operation"]: row for row in report["operations"]}
    assert set(rows) == set(OPERATIONS)
    for name, row in rows.items():
        assert 0 < row["api_p50"] <= row["api_p95"] <= row["api_p99"], name
        assert row["raw_p50"] > 0, name
    assert "api/raw" in result.stdout and "client search" in result.stdout
    assert not list(paths.data.rglob("plain-copy.db")), "the unencrypted copy must be deleted"
