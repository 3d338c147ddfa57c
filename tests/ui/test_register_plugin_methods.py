"""The register screen offers the methods enabled plugins add, under their labels, and takes payments with them."""

from __future__ import annotations

import pytest

from app.api.serving import serving
from app.client.models import PaymentIn
from app.plugins.hookspecs import hookimpl
from app.plugins.host import PluginHost
from app.plugins.spec import PaymentMethod, PluginInfo
from tests.plugins.core_hooks.support_calls import calls_through
from tests.ui.test_dashboard_screen import book_today


class GiftCards:
    """Adds the gift-card method."""

    @hookimpl
    def payment_methods(self):
        return [PaymentMethod("gift_card", "Gift card")]


class Vouchers:
    """Adds a method only the plugin takes (after checking a voucher), as the shipped gift-card plugin does."""

    @hookimpl
    def payment_methods(self):
        return [PaymentMethod("voucher", "Voucher", taken_by_plugin=True)]


@pytest.fixture
def api_url(created, stick):
    """The API of a fresh studio with the gift-card plugin (and one whose method it takes itself) loaded, served on
    127.0.0.1."""
    with serving(stick) as served:
        host = PluginHost()
        host.register(GiftCards(), PluginInfo("gift_cards", "1.0"))
        host.register(Vouchers(), PluginInfo("vouchers", "1.0"))
        served.container.plugin_calls = calls_through(host, lambda: served.container.services)
        yield served.url


def test_a_plugin_method_is_offered_and_taken_on_the_register(ui, admin_ui, admin_api):
    admin_api.register.open_day("today", opening_float_minor=0)
    admin_api.register.take(PaymentIn(amount_minor=1_500, method="gift_card", kind="payment", note="voucher"))
    admin_ui.navigate("register")
    assert ui.has_text("Gift card") and ui.has_text("€15.00")  # its line in the totals, by its label
    assert [o.key for o in ui.field("Method").options] == ["cash", "card", "transfer", "other", "gift_card"]
    ui.type("Amount", "20")
    ui.pick("Method", "gift_card")
    ui.click("Add payment")
    day = admin_api.register.register_day("today")
    assert [p.method for p in day.payments] == ["gift_card", "gift_card"]
    assert day.totals_by_method["gift_card"] == 3_500 and day.expected_cash_minor == 0
    assert ui.has_text("Payments (2)") and ui.has_text("€35.00")


def test_a_session_is_paid_with_a_plugin_method_from_its_page(ui, admin_ui, admin_api, staff_account):
    booked = book_today(admin_api, staff_account.id)
    admin_api.register.open_day("today", opening_float_minor=0)
    admin_ui.navigate("session", session_id=booked.id)
    assert [o.key for o in ui.field("Method").options] == ["cash", "card", "transfer", "other", "gift_card"]
    ui.type("Amount", "40")
    ui.pick("Method", "gift_card")
    ui.click("Take payment")
    [payment] = admin_api.register.payments(session_id=booked.id)
    assert (payment.amount_minor, payment.method) == (4_000, "gift_card")
    assert ui.has_text("Gift card")  # the session's list names the method by its label


def test_the_dashboard_lists_todays_takings_by_the_plugin_methods_label(ui, admin_ui, admin_api):
    admin_api.register.open_day("today", opening_float_minor=0)
    admin_api.register.take(PaymentIn(amount_minor=2_500, method="gift_card", kind="payment"))
    admin_ui.navigate("dashboard")
    assert ui.has_text("Gift card") and ui.has_text("€25.00")


def test_a_method_its_plugin_takes_itself_is_named_but_never_offered(ui, admin_ui, admin_api, staff_account):
    booked = book_today(admin_api, staff_account.id)
    admin_api.register.open_day("today", opening_float_minor=0)
    admin_ui.navigate("register")
    assert "voucher" not in [o.key for o in ui.field("Method").options]
    admin_ui.navigate("session", session_id=booked.id)
    assert "voucher" not in [o.key for o in ui.field("Method").options]
    assert [m.code for m in admin_api.register.methods() if not m.offered] == ["voucher"]
