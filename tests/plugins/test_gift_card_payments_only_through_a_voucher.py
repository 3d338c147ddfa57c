"""A gift-card payment always lowers a voucher: the register's own payment route and form do not take the method
the plugin takes itself (`taken_by_plugin`), with a sentence that sends staff to the Gift cards screen; the plugin's
redeem still records it, and the register lists it by its label."""

from __future__ import annotations

import pytest

from app.domain.errors import ValidationError
from tests.plugins.conftest import book
from tests.plugins.support_gift_cards import redeem, sell
from tests.plugins.support_plugins import bearer_for


def test_the_register_refuses_a_gift_card_payment_without_a_voucher_and_the_plugin_still_takes_one(rig):
    payments = rig.container.services.payments
    session = book(rig, quote_minor=8000)
    with pytest.raises(ValidationError, match="Gift card is taken on its own screen"):
        payments.take_payment(rig.staff, amount_minor=1000, method="gift_card", kind="payment", session_id=session)
    with pytest.raises(ValidationError, match="Gift card is taken on its own screen"):  # another plugin's name
        payments.take_payment(rig.staff, amount_minor=1000, method="gift_card", kind="payment", session_id=session,
                              by_plugin="aftercare")
    assert payments.list_payments(rig.admin, session_id=session) == []

    redeem(rig, rig.staff, sell(rig, rig.staff, 5000).code, 1000, session)
    [paid] = payments.list_payments(rig.admin, session_id=session)
    assert (paid.method, paid.amount_minor) == ("gift_card", 1000)
    methods = {m.code: m for m in payments.methods(rig.staff)}
    assert methods["gift_card"].label == "Gift card" and not methods["gift_card"].offered
    assert all(methods[code].offered for code in ("cash", "card", "transfer", "other"))


def test_the_payments_route_answers_422_with_the_sentence_and_takes_no_by_plugin_field(rig):
    client = rig.mounted_api(rig.calls("register_routes", None)).test_client()
    staff = bearer_for(client, "sam")
    session = book(rig, quote_minor=8000)
    body = {"amount_minor": 1000, "method": "gift_card", "kind": "payment", "session_id": session}
    refused = client.post("/api/payments", json=body, headers=staff)
    assert refused.status_code == 422
    assert "Gift card is taken on its own screen" in refused.json["message"]
    assert client.post("/api/payments", json={**body, "by_plugin": "gift_cards"}, headers=staff).status_code == 422
    assert rig.container.services.payments.list_payments(rig.admin, session_id=session) == []
    offered = client.get("/api/register/methods", headers=staff).json
    assert {"code": "gift_card", "label": "Gift card", "offered": False} in offered
