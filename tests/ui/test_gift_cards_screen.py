"""The "Gift cards" screen the gift_cards plugin adds (register_screens), over a real API with the plugin's routes:
staff sell a voucher, look it up, and a payment larger than the voucher holds is refused with the API's sentence."""

from __future__ import annotations

import pytest

from app.api.server import ApiServer
from tests.conftest import STAFF, STAFF_PASSWORD
from tests.plugins.conftest import book, rig  # noqa: F401  (the plugin rig fixture)
from tests.ui.support_shell import log_in, make_shell


@pytest.fixture
def open_screen(ui, rig):  # noqa: F811
    """Opens the Gift cards screen the plugin gives from register_screens, in a staff member's shell."""
    server = ApiServer(rig.mounted_api(rig.calls("register_routes", None))).start()
    shell = make_shell(ui, server.url)

    def opened():
        log_in(ui, STAFF, STAFF_PASSWORD)
        [(_name, [screen])] = [pair for pair in rig.calls("register_screens", rig.staff) if pair[0] == "gift_cards"]
        assert (screen.key, screen.label, screen.icon, screen.roles) == ("gift_cards", "Gift cards",
                                                                        "CARD_GIFTCARD", ("admin", "staff"))
        shell.body.content = shell.act(screen.build(shell).build)  # what the shell's navigation does with it
        shell.page.update()
        return shell
    try:
        yield opened
    finally:
        shell.client.close()
        server.stop()


def test_staff_sell_a_voucher_and_look_it_up(ui, rig, open_screen):  # noqa: F811
    open_screen()
    ui.type("Voucher value", "25")
    ui.pick("Paid by", "card")
    ui.type("Buyer's name (optional)", "Zoë Дарья")
    ui.click("Sell voucher")
    [(_key, card)] = rig.store("gift_cards").items("card:")
    assert ui.has_text(f"Voucher {card['code']} sold for €25.00, valid until {card['expires_on']}.")
    assert (card["amount_minor"], card["buyer"]) == (2500, "Zoë Дарья")
    [payment] = rig.container.services.payments.list_payments(rig.admin, day="today")
    assert (payment.amount_minor, payment.method) == (2500, "card")
    ui.type("Voucher code", card["code"].lower())
    ui.click("Look up")
    assert ui.has_text(f"Voucher {card['code']}: €25.00 left of €25.00, valid until {card['expires_on']}.")


def test_paying_more_than_the_voucher_holds_shows_the_refusal(ui, rig, open_screen):  # noqa: F811
    session_id = book(rig, quote_minor=9000, first_name="Дарья", last_name="Смирнова")
    open_screen()
    ui.type("Voucher value", "10")
    ui.click("Sell voucher")
    [(_key, card)] = rig.store("gift_cards").items("card:")
    ui.type("Voucher code", card["code"])
    ui.type("Amount to pay", "30")
    ui.click("Pay with voucher")
    assert ui.has_text("Choose the session the client is paying.")
    [offered] = [option.text for option in ui.field("Today's session").options]
    assert offered.endswith(" Дарья Смирнова (Ink Artist)")
    ui.pick("Today's session", session_id)
    ui.click("Pay with voucher")
    assert ui.has_text("This gift card has only €10.00 left, less than €30.00.")
    assert rig.container.services.payments.list_payments(rig.admin, session_id=session_id) == []
