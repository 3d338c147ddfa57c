"""A pytest plugin that fails a run of the default test paths when a test file on disk was never collected.

pytest silently skips folders it is told to skip (its default `norecursedirs` once hid `tests/build/`),
so a whole folder of tests can stop running without anyone noticing. When pytest runs on its default
`testpaths` (no paths on the command line, as `./tools/test` and CI do), this plugin compares the
`test_*.py` files under those paths with the files pytest collected and stops the run with a sentence
naming the missing ones. Deselection with `-m` or `-k` does not make a file "not collected".
"""

from __future__ import annotations

from pathlib import Path

import pytest


def expected_files(config: pytest.Config) -> list[Path]:
    """Every `test_*.py` file under the configured testpaths, as absolute paths."""
    found: set[Path] = set()
    for entry in config.getini("testpaths"):
        base = (config.rootpath / entry).resolve()
        if base.is_file():
            found.add(base)
        elif base.is_dir():
            found.update(p.resolve() for p in base.rglob("test_*.py") if "__pycache__" not in p.parts)
    return sorted(found)


class CollectionGuard:
    """Collects the files pytest saw and checks them against the files on disk at the end of collection."""

    def __init__(self, config: pytest.Config):
        self.config, self.seen = config, set()

    def _file(self, nodeid: str) -> Path:
        return (self.config.rootpath / nodeid.split("::", 1)[0]).resolve()

    def pytest_collectreport(self, report: pytest.CollectReport) -> None:
        """A file whose collection was skipped (`pytest.skip(allow_module_level=True)`) or failed was seen;
        pytest reports a failed one itself."""
        if report.outcome in ("skipped", "failed") and report.nodeid:
            self.seen.add(self._file(report.nodeid))

    @pytest.hookimpl(tryfirst=True)
    def pytest_collection_modifyitems(self, items: list[pytest.Item]) -> None:
        """Record the file of every collected item before `-m`/`-k` deselect any."""
        self.seen.update(item.path.resolve() for item in items)

    def pytest_collection_finish(self, session: pytest.Session) -> None:
        """Stop the run when a test file under the default testpaths was not collected."""
        missing = [p for p in expected_files(self.config) if p not in self.seen]
        if missing:
            names = ", ".join(p.relative_to(self.config.rootpath).as_posix() for p in missing)
            raise pytest.UsageError(
                f"These test files were not collected, so their tests never run: {names}. "
                "Check norecursedirs and python_files in pyproject.toml, or rename the files.")


def pytest_configure(config: pytest.Config) -> None:
    """Watch the collection when pytest runs on its default testpaths (no paths given on the command line)."""
    if config.args_source == pytest.Config.ArgsSource.TESTPATHS:
        config.pluginmanager.register(CollectionGuard(config), "tattoo-collection-guard")
