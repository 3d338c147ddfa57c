"""register_screens: a plugin's screen appears in the navigation for the roles it names only, after the core
entries (Admin stays last), and opens the plugin's view, which talks to the API through the shell's client.
The Backups entry itself comes from the built-in core plugin through the same hook."""

from __future__ import annotations

import flet as ft
import pytest

from app.api.serving import serving
from app.plugins.hookspecs import hookimpl
from app.plugins.host import PluginHost
from app.plugins.spec import PluginInfo, ScreenSpec
from tests.plugins.core_hooks.support_calls import calls_through


class VoucherDesk:
    """The plugin's view: asks the API which methods the register takes, through the shell's client."""

    def __init__(self, shell):
        self.shell = shell

    def build(self) -> ft.Control:
        methods = self.shell.client.register.methods()
        return ft.Text(f"Voucher desk: {len(methods)} ways to pay")


class GiftCards:
    """An admin-only screen, one for everyone, and a broken one."""

    @hookimpl
    def register_screens(self):
        return [ScreenSpec("desk", "Gift cards", "CARD_GIFTCARD", roles=("admin",), build=VoucherDesk),
                ScreenSpec("balance", "Voucher balance", "NO_SUCH_ICON", build=VoucherDesk),
                ScreenSpec("Bad Key", "Broken", "STAR", build=VoucherDesk)]


@pytest.fixture
def api_url(created, stick):
    """The API of a fresh studio with the gift-card plugin loaded before anyone logs in."""
    with serving(stick) as served:
        host = PluginHost()
        host.register(GiftCards(), PluginInfo("gift_cards", "1.0"))
        served.container.plugin_calls = calls_through(host, lambda: served.container.services)
        yield served.url


def test_an_admin_sees_the_plugin_screens_after_the_core_ones_and_opens_one(ui, admin_ui):
    labels = [d.label for d in admin_ui.rail.destinations]
    assert labels == ["Dashboard", "Calendar", "Clients", "Register", "Backups", "Gift cards", "Voucher balance",
                      "Admin"]
    assert admin_ui.rail.destinations[6].icon == ft.Icons.EXTENSION  # an unknown icon name: a plain one
    admin_ui.rail.selected_index = 5  # a click on "Gift cards" in the rail
    admin_ui.rail.on_change(type("Change", (), {"control": admin_ui.rail})())
    assert admin_ui.current == "plugin:gift_cards:desk" and admin_ui.rail.selected_index == 5
    assert ui.has_text("Voucher desk: 4 ways to pay")
    admin_ui.navigate("backups")  # the core screen, listed by the built-in plugin
    assert admin_ui.current == "backups" and admin_ui.rail.selected_index == 4


def test_staff_see_only_the_screens_their_role_is_named_for(ui, staff_ui):
    labels = [d.label for d in staff_ui.rail.destinations]
    assert labels == ["Dashboard", "Calendar", "Clients", "Register", "Backups", "Voucher balance"]
    staff_ui.navigate("plugin:gift_cards:balance")
    assert ui.has_text("Voucher desk: 4 ways to pay")
