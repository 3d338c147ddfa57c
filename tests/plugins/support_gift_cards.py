"""What the gift-card tests share: the plugin's functions over a rig, and the mark for tests that need the register
to take the "gift_card" method the plugin adds through `payment_methods` (the core's wiring of that hook, P2)."""

from __future__ import annotations

import inspect

import pytest

from app.domain.errors import ValidationError
from app.services.register.payments import PaymentService

# The register takes plugin methods once PaymentService is built with the PluginCalls (merged from P2's branch);
# until then it refuses "gift_card" with a ValidationError, and the tests that redeem must fail in exactly that way.
REGISTER_TAKES_PLUGIN_METHODS = "plugins" in inspect.signature(PaymentService.__init__).parameters
needs_plugin_methods = pytest.mark.xfail(not REGISTER_TAKES_PLUGIN_METHODS, raises=ValidationError, strict=True,
                                         reason="the register refuses plugin payment methods until P2's wiring")


def gift(rig):
    """The loaded gift_cards module."""
    return rig.modules["gift_cards"]


def sell(rig, actor, amount_minor: int, method: str = "cash", buyer: str = ""):
    """Sell a voucher as `actor` through the plugin's own function (the routes call the same)."""
    module = gift(rig)
    return module.sell(rig.container.services, rig.store("gift_cards"), actor,
                       module.SaleIn(amount_minor=amount_minor, method=method, buyer=buyer))


def redeem(rig, actor, code: str, amount_minor: int, session_id: str):
    """Pay a session with a voucher as `actor`."""
    module = gift(rig)
    return module.redeem(rig.container.services, rig.store("gift_cards"), actor, code,
                         module.RedeemIn(amount_minor=amount_minor, session_id=session_id))
