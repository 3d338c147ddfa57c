"""The release workflow (which cannot run here) parses, builds on all three OSes and uploads each stick."""

from __future__ import annotations

import yaml

from tests.conftest import REPO


def _workflow() -> dict:
    return yaml.safe_load((REPO / ".github" / "workflows" / "release.yml").read_text())


def test_release_builds_a_stick_on_windows_macos_and_linux():
    job = _workflow()["jobs"]["stick"]
    assert sorted(job["strategy"]["matrix"]["os"]) == ["macos-latest", "ubuntu-latest", "windows-latest"]
    assert job["runs-on"] == "${{ matrix.os }}"
    assert job["strategy"]["fail-fast"] is False, "one OS failing must not cancel the other builds"


def test_each_job_installs_the_pins_builds_smoke_tests_and_uploads_the_zip():
    steps = _workflow()["jobs"]["stick"]["steps"]
    uses = [step.get("uses", "") for step in steps]
    runs = [step.get("run", "") for step in steps]
    assert any(u.startswith("actions/setup-python") for u in uses)
    setup = next(s for s in steps if s.get("uses", "").startswith("actions/setup-python"))
    assert setup["with"]["python-version"] == "3.11"
    assert any("pip install --require-hashes -r requirements-dev.txt" in r for r in runs)
    build = next(i for i, r in enumerate(runs) if "python -m tools.build_stick --out dist/stick-" in r)
    smoke = next(i for i, r in enumerate(runs) if "tests/build/test_built_stick.py" in r)
    upload = next(i for i, u in enumerate(uses) if u.startswith("actions/upload-artifact"))
    assert build < smoke < upload
    assert steps[smoke]["if"] == "runner.os == 'Linux'"
    assert steps[upload]["with"]["path"].endswith(".zip")


def test_release_runs_on_version_tags_and_by_hand():
    triggers = _workflow()[True]  # YAML 1.1 reads the bare key `on` as the boolean true
    assert triggers["push"]["tags"] == ["v*"] and "workflow_dispatch" in triggers


def test_the_windows_bundle_is_smoke_tested_on_windows_before_upload():
    """Wine proves the Windows build from source (tests/windows); only a Windows runner proves the frozen bundle."""
    steps = _workflow()["jobs"]["stick"]["steps"]
    names = [step.get("name", "") for step in steps]
    smoke = steps[names.index("Smoke test the built bundle (Windows)")]
    assert smoke["if"] == "runner.os == 'Windows'" and smoke["shell"] == "pwsh"
    build = next(i for i, s in enumerate(steps) if "tools.build_stick" in s.get("run", ""))
    upload = next(i for i, s in enumerate(steps) if s.get("uses", "").startswith("actions/upload-artifact"))
    assert build < steps.index(smoke) < upload
    script = smoke["run"]
    for needed in ('launch.bat" demo --scale', 'launch.bat", "serve"', "/api/health", "/api/auth/login",
                   "-Method Post http://127.0.0.1:8765/api/backups", 'launch.bat" backup verify'):
        assert needed in script, needed
    assert script.count("throw") >= 3  # each failing step fails the job
