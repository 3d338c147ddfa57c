"""Alembic environment: always runs on the app's own keyed connection, never a URL."""

from alembic import context

from app.db.models import Base

connection = context.config.attributes["connection"]
context.configure(connection=connection, target_metadata=Base.metadata, render_as_batch=True,
                  transaction_per_migration=True)
with context.begin_transaction():
    context.run_migrations()
