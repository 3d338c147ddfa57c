"""The built-in core plugin goes through the hooks like any plugin, always loaded: its daily job checks the newest
backup (on demand here, through the runner's fallback) and its screen entry is the Backups screen for everyone."""

from __future__ import annotations

from app.plugins import screens


def test_the_core_verify_job_checks_the_newest_backup_once_a_day(world, plug):
    plug()  # no plugin loaded: the built-in one still answers
    c, admin = world["client"], world["admin"]
    listed = c.get("/api/plugins/jobs", headers=admin).json
    assert {"plugin": "core", "name": "verify-newest", "every_seconds": 86400} in listed
    world["container"].services.backups.backup_now(world["studio"].admin)
    first = c.post("/api/plugins/jobs/core/verify-newest", headers=admin)
    assert first.status_code == 200, first.json
    assert first.json["counts"] == {"verified": 1, "bad": 0} and first.json["flow"] == "plugin-core-verify-newest"
    again = c.post("/api/plugins/jobs/core/verify-newest", headers=admin)
    assert again.json["counts"] == {"verified": 0, "bad": 0}  # verified less than a day ago


def test_the_core_screen_entry_is_published_for_every_role(world, plug):
    plug()
    world["container"].publish_screens()
    for who in ("admin", "staff"):
        answer = world["client"].get("/api/plugins/screens", headers=world[who])
        assert answer.status_code == 200
        assert answer.json[0] == {"plugin": "core", "key": "backups", "nav": "backups", "label": "Backups",
                                  "icon": "BACKUP"}
    assert screens.find("backups").core
