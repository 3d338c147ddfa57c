"""PluginHost.call answers in the order the plugins were registered (what screens and method lists show)."""

from __future__ import annotations

from app.plugins.hookspecs import hookimpl
from app.plugins.host import PluginHost
from app.plugins.spec import PaymentMethod, PluginInfo


class Offers:
    """Offers one method named after itself."""

    def __init__(self, code: str):
        self.code = code

    @hookimpl
    def payment_methods(self):
        return [PaymentMethod(self.code, self.code.title())]


def test_results_come_in_registration_order():
    host = PluginHost()
    for name in ("first", "second", "third"):
        host.register(Offers(name), PluginInfo(name, "1.0"))
    assert [name for name, _ in host.call("payment_methods", lambda n: None)] == ["first", "second", "third"]
