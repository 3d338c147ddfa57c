"""The Admin screen's Plugins section: the warning, each file's hash and hooks, enable (by the hash shown) and
disable, and "changed: approve again" once the file on the stick is modified."""

from __future__ import annotations

import shutil
from pathlib import Path

import httpx

from tests.plugins.support_files import ROUTES, write_plugin

REPO = Path(__file__).resolve().parents[2]


def test_an_admin_sees_the_warning_enables_a_plugin_and_its_routes_answer(ui, admin_ui, admin_api, api_url, stick):
    sha = write_plugin(stick.plugins, "cards", ROUTES, title="Gift cards")
    admin_ui.navigate("admin")
    assert ui.has_text("A plugin runs with the app's full rights: enable only files you trust.")
    assert ui.has_text("Gift cards 1.0") and ui.has_text(f"SHA-256: {sha}")
    assert ui.has_text("State: Found, not enabled") and ui.has_text("Hooks: register_routes")
    assert httpx.get(f"{api_url}/api/plugins/cards/hello").status_code == 404
    ui.click("Enable cards")
    assert ui.has_text("State: Enabled")
    assert httpx.get(f"{api_url}/api/plugins/cards/hello").json() == {"owner": "anyone"}
    assert ui.has_text("Plugin cards 1.0 enabled (SHA-256") and "Plugin enabled" in ui.texts()  # the audit list
    ui.click("Disable cards")
    assert ui.has_text("State: Found, not enabled")
    assert httpx.get(f"{api_url}/api/plugins/cards/hello").status_code == 404
    assert [p.state for p in admin_api.plugins.plugins().plugins] == ["found"]


def test_a_file_changed_on_the_stick_says_approve_again(ui, admin_ui, admin_api, stick):
    sha = write_plugin(stick.plugins, "cards", ROUTES)
    admin_api.plugins.enable("cards", sha)
    write_plugin(stick.plugins, "cards", ROUTES + "    SWAPPED = True\n")
    admin_ui.navigate("admin")
    assert ui.has_text("State: Changed: approve again")
    assert ui.has_text("The file changed since it was enabled, so it is not loaded")
    ui.click("Enable cards")
    assert ui.has_text("State: Enabled")


def test_a_file_swapped_between_seeing_and_clicking_is_refused(ui, admin_ui, admin_api, stick):
    write_plugin(stick.plugins, "cards", ROUTES)
    admin_ui.navigate("admin")
    write_plugin(stick.plugins, "cards", ROUTES + "    SWAPPED = True\n")
    ui.click("Enable cards")
    assert ui.has_text("changed since the list was shown, so it was not enabled")
    assert [p.state for p in admin_api.plugins.plugins().plugins] == ["found"]


def test_a_broken_file_is_listed_with_what_to_fix_and_no_enable_button(ui, admin_ui, stick):
    stick.plugins.mkdir(exist_ok=True)
    (stick.plugins / "notes.py").write_text("print('hello')\n")
    admin_ui.navigate("admin")
    assert ui.has_text("State: Cannot be enabled") and ui.has_text("notes.py does not declare itself")
    assert not [t for t in ui.texts() if t == "Enable notes"]


def test_the_admin_screen_says_when_safe_mode_is_on_and_why(ui, created, stick):
    from app.api.serving import serving
    from tests.conftest import ADMIN, ADMIN_PASSWORD
    from tests.ui.support_shell import log_in, make_shell

    write_plugin(stick.plugins, "cards", ROUTES)
    with serving(stick, safe_mode=True) as served:
        shell = make_shell(ui, served.url)
        try:
            log_in(ui, ADMIN, ADMIN_PASSWORD)
            shell.navigate("admin")
            assert ui.has_text("Safe mode: the app was started with --safe-mode, so no plugin was loaded.")
        finally:
            shell.client.close()


def test_enabling_a_plugin_with_a_screen_puts_it_in_the_navigation_at_once(ui, admin_ui, stick):
    stick.plugins.mkdir(exist_ok=True)
    shutil.copy(REPO / "plugins" / "gift_cards.py", stick.plugins / "gift_cards.py")
    admin_ui.navigate("admin")
    assert "Gift cards" not in [d.label for d in admin_ui.rail.destinations]
    ui.click("Enable gift_cards")
    assert ui.has_text("State: Enabled")
    assert "Gift cards" in [d.label for d in admin_ui.rail.destinations]
    assert admin_ui.current == "admin" and "Plugin enabled" in ui.texts()  # the same screen, its audit list fresh
    ui.click("Disable gift_cards")
    assert ui.has_text("State: Found, not enabled")
    assert "Gift cards" not in [d.label for d in admin_ui.rail.destinations]
