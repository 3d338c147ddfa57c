"""A backup taken by an older version of the app is restored into a running app and brought up to date."""

from __future__ import annotations

from app.db import migrate
from app.services.clients.service import ClientService
from tests.services.support_backup import add_client


def test_a_backup_of_an_older_schema_is_migrated_after_the_restore(backups, opened, clock):
    add_client(opened, clock, "Ada", "Older")
    migrate.downgrade(opened.db, migrate.first_revision())
    old = backups.backup_now(opened.user)
    assert old.revision == migrate.first_revision() != migrate.head_revision()
    migrate.upgrade(opened.db)
    done = backups.restore(opened.user, old.name)
    assert done.counts["clients"] == 1
    assert migrate.current_revision(opened.db) == migrate.head_revision()
    found = ClientService(opened.db, clock).search(opened.user, "Old")  # search needs the newer tables
    assert [c.last_name for c in found] == ["Older"]
