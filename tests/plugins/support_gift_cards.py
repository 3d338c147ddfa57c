"""What the gift-card tests share: the plugin's functions over a rig."""

from __future__ import annotations


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
