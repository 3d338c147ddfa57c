"""Payment methods may be ones a plugin adds: the payments table checks a method's shape, not a fixed list.

SQLite cannot change a CHECK in place, so the table is rebuilt from its own CREATE statement with only the
method's constraint (and its length) changed; payments refer to payments (corrections), so the foreign keys
are switched off around the copy (outside any transaction, as SQLite requires) and checked before it commits.

Revision ID: 0006
Revises: 0005
Create Date: 2026-12-01
"""
import re

from alembic import op

revision = '0006'
down_revision = '0005'
branch_labels = None
depends_on = None

LISTED = ("method VARCHAR(16) NOT NULL", "CONSTRAINT method_allowed CHECK (method IN ('cash', 'card', 'transfer', "
          "'other'))")
SHAPED = ("method VARCHAR(32) NOT NULL", "CONSTRAINT method_shape CHECK (length(method) BETWEEN 1 AND 32 AND method "
          "GLOB '[a-z]*' AND method NOT GLOB '*[^a-z0-9_]*')")


def upgrade() -> None:
    _rebuild(LISTED, SHAPED)


def downgrade() -> None:
    # Back to the four core methods: payments taken with a plugin's method become 'other' (their note keeps it).
    op.execute("UPDATE payments SET note = trim(note || ' [' || method || ']'), method = 'other' "
               "WHERE method NOT IN ('cash', 'card', 'transfer', 'other')")
    _rebuild(SHAPED, LISTED)


def _rebuild(old: tuple[str, str], new: tuple[str, str]) -> None:
    bind = op.get_bind()
    create: str = bind.exec_driver_sql("SELECT sql FROM sqlite_master WHERE type = 'table' AND name = 'payments'"
                                       ).scalar_one()
    indexes = [row[0] for row in bind.exec_driver_sql(
        "SELECT sql FROM sqlite_master WHERE type = 'index' AND tbl_name = 'payments' AND sql IS NOT NULL")]
    for before in old:
        if before not in create:
            raise RuntimeError(f"The payments table is not as expected (no {before!r}); nothing was changed.")
    for before, after in zip(old, new, strict=True):
        create = create.replace(before, after)
    create = re.sub(r'^CREATE TABLE "?payments"?', "CREATE TABLE _payments_rebuilt", create, count=1)
    columns = ", ".join(f'"{row[1]}"' for row in bind.exec_driver_sql("PRAGMA table_info(payments)"))
    bind.exec_driver_sql("COMMIT")  # PRAGMA foreign_keys is a no-op inside a transaction
    bind.exec_driver_sql("PRAGMA foreign_keys = OFF")
    try:
        bind.exec_driver_sql("BEGIN IMMEDIATE")
        try:
            bind.exec_driver_sql(create)
            bind.exec_driver_sql(f"INSERT INTO _payments_rebuilt ({columns}) SELECT {columns} FROM payments")
            bind.exec_driver_sql("DROP TABLE payments")
            bind.exec_driver_sql("ALTER TABLE _payments_rebuilt RENAME TO payments")
            for index in indexes:
                bind.exec_driver_sql(index)
            broken = bind.exec_driver_sql("PRAGMA foreign_key_check").fetchall()
            if broken:
                raise RuntimeError(f"The rebuilt payments table breaks {len(broken)} references; nothing was changed.")
            bind.exec_driver_sql("COMMIT")
        except BaseException:
            bind.exec_driver_sql("ROLLBACK")
            raise
    finally:
        bind.exec_driver_sql("PRAGMA foreign_keys = ON")
        bind.exec_driver_sql("BEGIN")  # alembic stamps the revision and commits in the transaction it began
