"""The plugin host calls each plugin's hook on its own: one that raises is switched off, the others go on."""

from __future__ import annotations

import pytest

from app.plugins.hookspecs import hookimpl
from app.plugins.host import PluginHost
from app.plugins.spec import PaymentMethod, PluginContext, PluginInfo


class Vouchers:
    """A plugin that adds one payment method named after the context it got."""

    @hookimpl
    def payment_methods(self, context):
        return [PaymentMethod(code=f"{context.name}_card", label="Card")]


class Broken:
    """A plugin whose hook raises."""

    @hookimpl
    def payment_methods(self):
        raise RuntimeError("boom")


def _context(name: str) -> PluginContext:
    return PluginContext(name=name, actor=None, services=None, store=None)


def test_a_raising_plugin_is_switched_off_and_the_others_answer():
    host = PluginHost()
    host.register(Broken(), PluginInfo("broken", "1.0"))
    host.register(Vouchers(), PluginInfo("vouchers", "1.0"))
    assert host.call("payment_methods", _context) == [("vouchers", [PaymentMethod("vouchers_card", "Card")])]
    [failure] = host.failures()
    assert (failure.name, failure.where, failure.error) == ("broken", "payment_methods", "RuntimeError: boom")
    assert host.names() == ["vouchers"]
    assert host.call("payment_methods", _context) == [("vouchers", [PaymentMethod("vouchers_card", "Card")])]


def test_two_plugins_may_not_share_a_name():
    host = PluginHost()
    host.register(Vouchers(), PluginInfo("vouchers", "1.0"))
    with pytest.raises(ValueError, match="already loaded"):
        host.register(Broken(), PluginInfo("vouchers", "2.0"))
