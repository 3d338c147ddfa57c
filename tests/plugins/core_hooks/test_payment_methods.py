"""payment_methods: the register takes the core methods plus those enabled plugins add (labelled in the
caller's language), refuses any other with a sentence listing the ones it knows, and adds plugin methods
to the day's totals without counting them as cash."""

from __future__ import annotations

from app.core import i18n
from app.plugins.hookspecs import hookimpl
from app.plugins.spec import PaymentMethod


class GiftCards:
    """Adds one method, labelled in the language the context's caller speaks."""

    @hookimpl
    def payment_methods(self, context):
        return [PaymentMethod("gift_card", "Tarjeta regalo" if i18n.current() == "es" else "Gift card")]


class Careless:
    """Offers a core code, a badly shaped code and one without a label: all left out; one good method kept."""

    @hookimpl
    def payment_methods(self):
        return [PaymentMethod("cash", "Cash again"), PaymentMethod("Bad Code", "Bad"), PaymentMethod("coupon", " "),
                PaymentMethod("crypto", "Crypto")]


def _pay(world, method, amount=30_00, **extra):
    return world["client"].post("/api/payments", headers=world["staff"],
                                json={"amount_minor": amount, "method": method, "kind": "payment", **extra})


def test_the_methods_route_lists_core_then_plugin_methods_in_the_callers_language(world, plug):
    plug(("gift_cards", GiftCards()), ("careless", Careless()))
    answer = world["client"].get("/api/register/methods", headers={**world["staff"], "Accept-Language": "es"})
    assert answer.status_code == 200, answer.json
    assert [(m["code"], m["label"]) for m in answer.json] == [
        ("cash", "Efectivo"), ("card", "Tarjeta"), ("transfer", "Transferencia"), ("other", "Otro"),
        ("gift_card", "Tarjeta regalo"), ("crypto", "Crypto")]
    assert world["client"].get("/api/register/methods").status_code == 401


def test_a_payment_with_a_plugin_method_counts_in_the_totals_but_not_in_the_cash(world, plug):
    plug(("gift_cards", GiftCards()))
    c, staff = world["client"], world["staff"]
    assert c.post("/api/register/today/open", headers=staff, json={"opening_float_minor": 50_00}).status_code == 200
    paid = _pay(world, "gift_card", 30_00)
    assert paid.status_code == 201, paid.json
    assert paid.json["method"] == "gift_card"
    assert _pay(world, "cash", 20_00).status_code == 201
    day = c.get("/api/register/today", headers=staff).json
    assert day["totals_by_method"] == {"cash": 20_00, "card": 0, "transfer": 0, "other": 0, "gift_card": 30_00}
    assert (day["net_total_minor"], day["expected_cash_minor"]) == (50_00, 70_00)
    closed = c.post("/api/register/today/close", headers=staff, json={"counted_cash_minor": 70_00})
    assert closed.json["close"]["difference_minor"] == 0


def test_an_unknown_method_is_refused_with_the_known_ones_listed(world, plug):
    plug(("gift_cards", GiftCards()))
    refused = _pay(world, "bitcoin")
    assert refused.status_code == 422
    assert refused.json["message"] == ("'bitcoin' is not a payment method. Use one of: cash, card, transfer, other, "
                                     "gift_card.")
    assert _pay(world, "Gift Card").status_code == 422  # not even the shape of a code
    assert world["client"].get("/api/payments?day=today", headers=world["staff"]).json == []


def test_without_the_plugin_its_method_is_refused(world, plug):
    plug()
    refused = _pay(world, "gift_card")
    assert refused.status_code == 422
    assert "Use one of: cash, card, transfer, other." in refused.json["message"]
