"""Run the packaged Alembic revisions on the open database, backing it up before any change."""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path

from alembic import command
from alembic.config import Config
from alembic.runtime.migration import MigrationContext
from alembic.script import ScriptDirectory

from app.db.engine import Database
from app.domain.errors import StorageError

MIGRATIONS = Path(__file__).resolve().parent / "migrations"


def _config() -> Config:
    cfg = Config()
    cfg.set_main_option("script_location", str(MIGRATIONS))
    return cfg


def head_revision() -> str:
    """Return the newest revision this app ships."""
    return _shipped(ScriptDirectory.from_config(_config()).get_current_head())


def first_revision() -> str:
    """Return the oldest revision this app ships."""
    return _shipped(ScriptDirectory.from_config(_config()).get_base())


def _shipped(revision: str | None) -> str:
    if revision is None:
        raise StorageError("This copy of the app has no database migrations: it is incomplete. "
                           "Copy the app onto the stick again.")
    return revision


def current_revision(db: Database) -> str | None:
    """Return the database's revision, or None for a brand-new file."""
    with db.read() as conn:
        return MigrationContext.configure(conn).get_current_revision()


def upgrade(db: Database, target: str = "head",
            before_change: Callable[[str, str], None] | None = None) -> tuple[str | None, str]:
    """Bring the database to `target`; call `before_change(current, target)` first when an
    existing database is about to change (the caller backs it up). Return (before, after)."""
    before = current_revision(db)
    wanted = head_revision() if target == "head" else target
    if before == wanted:
        return before, wanted
    if before is not None and before_change is not None:
        before_change(before, wanted)
    _run(db, command.upgrade, target)
    return before, _shipped(current_revision(db))


def downgrade(db: Database, target: str) -> str | None:
    """Take the database back to `target` (used by tests and by hand in emergencies)."""
    _run(db, command.downgrade, target)
    return current_revision(db)


def _run(db: Database, step, target: str) -> None:
    cfg = _config()
    with db.exclusive() as conn:
        cfg.attributes["connection"] = conn
        step(cfg, target)
