"""Alembic revisions, shipped inside the package so a frozen bundle carries them."""
