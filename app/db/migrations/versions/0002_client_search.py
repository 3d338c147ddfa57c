"""Client search: an FTS5 index over names, phone and email, kept in step by triggers.

Revision ID: 0002
Revises: 0001
Create Date: 2026-11-25
"""
from alembic import op

revision = '0002'
down_revision = '0001'
branch_labels = None
depends_on = None

# External-content FTS5 table: the text lives once, in clients; the index holds tokens only.
# Prefix indexes of 2-4 characters make search-as-you-type fast at tens of thousands of clients.
COLUMNS = "first_name, last_name, phone, email"


def upgrade() -> None:
    op.execute(f"CREATE VIRTUAL TABLE client_search USING fts5({COLUMNS}, content='clients', "
               "content_rowid='rowid', tokenize=\"unicode61 remove_diacritics 2 tokenchars '+@.'\", "
               "prefix='2 3 4')")
    op.execute("CREATE TRIGGER clients_search_ai AFTER INSERT ON clients BEGIN "
               f"INSERT INTO client_search(rowid, {COLUMNS}) "
               "VALUES (new.rowid, new.first_name, new.last_name, new.phone, new.email); END")
    op.execute("CREATE TRIGGER clients_search_ad AFTER DELETE ON clients BEGIN "
               f"INSERT INTO client_search(client_search, rowid, {COLUMNS}) "
               "VALUES ('delete', old.rowid, old.first_name, old.last_name, old.phone, old.email); END")
    op.execute("CREATE TRIGGER clients_search_au AFTER UPDATE ON clients BEGIN "
               f"INSERT INTO client_search(client_search, rowid, {COLUMNS}) "
               "VALUES ('delete', old.rowid, old.first_name, old.last_name, old.phone, old.email); "
               f"INSERT INTO client_search(rowid, {COLUMNS}) "
               "VALUES (new.rowid, new.first_name, new.last_name, new.phone, new.email); END")
    op.execute("INSERT INTO client_search(client_search) VALUES ('rebuild')")


def downgrade() -> None:
    for trigger in ("clients_search_ai", "clients_search_ad", "clients_search_au"):
        op.execute(f"DROP TRIGGER IF EXISTS {trigger}")
    op.execute("DROP TABLE IF EXISTS client_search")
