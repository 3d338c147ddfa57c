"""The Admin screen's audit list says what happened in words ("Settings changed", "Account added"), not the codes
the services record ("settings update", "user create"); a code nobody labelled is shown as it is."""

from __future__ import annotations

from app.client.models import SettingsIn
from app.core import i18n
from app.domain.audit_labels import LABELS, audit_label


def test_the_list_shows_what_happened_in_words(ui, admin_ui, admin_api, staff_account):
    admin_api.update_settings(SettingsIn(lock_after_minutes=15))
    admin_api.set_user_language(staff_account.id, "de")
    admin_ui.navigate("admin")
    texts = ui.texts()
    assert "Settings changed" in texts and "Account added" in texts and "Language chosen" in texts
    assert "Studio created" in texts
    raw = {f"{entity} {action}" for entity, action in LABELS}
    assert [t for t in texts if t in raw] == []


def test_every_label_comes_in_the_readers_language_and_unknown_codes_as_they_are():
    assert audit_label("backup", "backup") == "Backup taken"
    assert audit_label("settings", "update") == "Settings changed"
    assert audit_label("plugin_thing", "sync") == "plugin_thing sync"
    spanish = i18n.catalog("es").gettext
    with i18n.speaking("es"):
        assert all(audit_label(entity, action) == spanish(label) for (entity, action), label in LABELS.items())
