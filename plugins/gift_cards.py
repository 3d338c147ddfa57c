"""Gift cards: sell a voucher at the register, look up its balance, and let a client pay a session with it.

An example plugin shipped disabled: an admin enables it on the Admin screen. Its vouchers live in the plugin's own
store (`card:<CODE>` keys); the money goes through the register like any other payment: a sale is an ordinary
payment in the method the buyer used, a redemption a payment of the session in the method "gift_card"."""

from __future__ import annotations

import calendar
import csv
import io
import secrets
from datetime import date, datetime, timedelta
from decimal import Decimal, InvalidOperation
from zoneinfo import ZoneInfo

from flask import Blueprint
from pydantic import BaseModel, ConfigDict, Field

from app.plugins.api import (
    N_,
    ConflictError,
    ExportExtras,
    ForbiddenError,
    JobSpec,
    NotFoundError,
    PaymentMethod,
    PluginInfo,
    ReportLine,
    ScreenSpec,
    ValidationError,
    _,
    current_user,
    endpoint,
    hookimpl,
    money,
    services,
)

PLUGIN = PluginInfo(name="gift_cards", version="1.0.0", author="The studio stick's example plugins",
                    min_app_version="0", title="Gift cards")
METHOD = "gift_card"
DEFAULT_MONTHS = 12  # how long a voucher is valid unless an admin sets `expiry_months`
ALPHABET = "ABCDEFGHJKMNPQRSTUVWXYZ23456789"  # no 0/O, 1/I/L: read out over the counter without mistakes
MAX_MINOR = 10_000_000


class SaleIn(BaseModel):
    """A voucher sold: its value, how the buyer paid and, if they like, their name."""

    model_config = ConfigDict(extra="forbid")
    amount_minor: int = Field(gt=0, le=MAX_MINOR)
    method: str = Field(min_length=1, max_length=32)
    buyer: str = Field("", max_length=120)


class RedeemIn(BaseModel):
    """Paying a session with a voucher."""

    model_config = ConfigDict(extra="forbid")
    amount_minor: int = Field(gt=0, le=MAX_MINOR)
    session_id: str = Field(min_length=1, max_length=64)


class ExpiryIn(BaseModel):
    """How many months a voucher sold from now on stays valid."""

    model_config = ConfigDict(extra="forbid")
    expiry_months: int = Field(ge=1, le=120)


class CardOut(BaseModel):
    """A voucher as the screens show it."""

    code: str
    amount_minor: int
    balance_minor: int
    buyer: str
    sold_on: str
    expires_on: str
    expired: bool
    sale_payment_id: str
    redemption_payment_ids: list[str]


def new_code() -> str:
    """A random voucher code such as 'K7QM-3XRP-9TWA' (60 bits)."""
    raw = "".join(secrets.choice(ALPHABET) for _i in range(12))
    return f"{raw[:4]}-{raw[4:8]}-{raw[8:]}"


def normal_code(text: str) -> str:
    """The code as stored, whatever case, spaces or dashes it was typed with."""
    raw = "".join(ch for ch in text.upper() if ch.isalnum())
    return f"{raw[:4]}-{raw[4:8]}-{raw[8:]}" if len(raw) == 12 else raw


def months_later(day: date, months: int) -> date:
    """The same day `months` later (the month's last day when it has fewer days)."""
    year, month = divmod(day.month - 1 + months, 12)
    year, month = day.year + year, month + 1
    return date(year, month, min(day.day, calendar.monthrange(year, month)[1]))


def _today(svc, actor) -> date:
    return datetime.now(ZoneInfo(svc.settings.get(actor).timezone)).date()


def _shown(svc, actor, minor: int) -> str:
    settings = svc.settings.get(actor)
    return money(minor, settings.currency, settings.locale)


def _out(card: dict, today: date) -> CardOut:
    return CardOut(code=card["code"], amount_minor=card["amount_minor"], balance_minor=card["balance_minor"],
                   buyer=card["buyer"], sold_on=card["sold_on"], expires_on=card["expires_on"],
                   expired=date.fromisoformat(card["expires_on"]) < today,
                   sale_payment_id=card["sale_payment_id"],
                   redemption_payment_ids=[r["payment_id"] for r in card["redemptions"] if r["payment_id"]])


def _active(card: dict | None) -> dict:
    if card is None or card["status"] != "active":
        raise NotFoundError(_("There is no gift card with this code. Check the code on the voucher."))
    return card


def sell(svc, store, actor, sale: SaleIn) -> CardOut:
    """Take the buyer's money at the register, then make the voucher valid from the payment's day."""
    if sale.method == METHOD:
        raise ValidationError(_("A gift card cannot be paid with another gift card. Choose cash, card or transfer."))
    code = new_code()
    store.update(f"card:{code}", lambda old: _reserved(old, code))  # the code is ours before money is taken
    try:
        payment = svc.payments.take_payment(actor, amount_minor=sale.amount_minor, method=sale.method,
                                            kind="payment", note=_("Gift card %(code)s sold", code=code))
    except Exception:
        store.delete(f"card:{code}")
        raise
    months = store.get("setting:expiry_months", DEFAULT_MONTHS)
    card = {"code": code, "status": "active", "amount_minor": sale.amount_minor, "balance_minor": sale.amount_minor,
            "buyer": sale.buyer.strip(), "sold_on": payment.register_day.isoformat(), "sold_by": actor.id,
            "expires_on": months_later(payment.register_day, months).isoformat(), "sale_payment_id": payment.id,
            "redemptions": []}
    store.put(f"card:{code}", card)
    return _out(card, payment.register_day)


def _reserved(old: dict | None, code: str) -> dict:
    if old is not None:
        raise ConflictError(_("A new gift card code clashed with an existing one. Sell the voucher again."))
    return {"code": code, "status": "pending"}


def redeem(svc, store, actor, code: str, wanted: RedeemIn) -> CardOut:
    """Pay a session with a voucher: take the amount off its balance first (atomically, so two redemptions never
    both spend the last euro), record the register payment, and give the amount back if the payment is refused."""
    key, today = f"card:{normal_code(code)}", _today(svc, actor)
    shown = _shown(svc, actor, wanted.amount_minor)

    def take(card: dict | None) -> dict:
        card = _active(card)
        if date.fromisoformat(card["expires_on"]) < today:
            raise ConflictError(_("This gift card expired on %(day)s and can no longer be used.",
                                  day=card["expires_on"]))
        if card["balance_minor"] < wanted.amount_minor:
            raise ConflictError(_("This gift card has only %(left)s left, less than %(amount)s. Take at most that "
                                  "from the card and the rest another way.",
                                  left=_shown(svc, actor, card["balance_minor"]), amount=shown))
        return {**card, "balance_minor": card["balance_minor"] - wanted.amount_minor}

    store.update(key, take)
    try:
        payment = svc.payments.take_payment(actor, amount_minor=wanted.amount_minor, method=METHOD, kind="payment",
                                            session_id=wanted.session_id, note=_("Gift card %(code)s", code=key[5:]),
                                            by_plugin=PLUGIN.name)
    except Exception:
        store.update(key, lambda card: {**card, "balance_minor": card["balance_minor"] + wanted.amount_minor})
        raise
    entry = {"day": payment.register_day.isoformat(), "amount_minor": wanted.amount_minor,
             "session_id": wanted.session_id, "payment_id": payment.id}
    card = store.update(key, lambda card: {**card, "redemptions": [*card["redemptions"], entry]})
    return _out(card, today)


def balance(svc, store, actor, code: str) -> CardOut:
    """A voucher's value, balance and expiry."""
    return _out(_active(store.get(f"card:{normal_code(code)}")), _today(svc, actor))


def all_cards(svc, store, actor) -> list[CardOut]:
    """Every voucher sold, newest first (admins: buyers' names are on them)."""
    if actor is None or not actor.is_admin:
        raise ForbiddenError(_("Only an admin can list every gift card. Look one up by its code instead."))
    today = _today(svc, actor)
    cards = [card for _key, card in store.items("card:") if card["status"] == "active"]
    return [_out(card, today) for card in sorted(cards, key=lambda c: c["sold_on"], reverse=True)]


def movements(store, start: date, end: date) -> list[tuple[str, str, str, int, str, str]]:
    """The period's sales and redemptions: (day, kind, code, amount, payment id, session id), by day."""
    rows = []
    for _key, card in store.items("card:"):
        if card["status"] != "active":
            continue
        if start.isoformat() <= card["sold_on"] <= end.isoformat():
            rows.append((card["sold_on"], "sale", card["code"], card["amount_minor"], card["sale_payment_id"], ""))
        rows += [(r["day"], "redemption", card["code"], r["amount_minor"], r["payment_id"], r["session_id"])
                 for r in card["redemptions"] if start.isoformat() <= r["day"] <= end.isoformat()]
    return sorted(rows)


def routes(store) -> Blueprint:
    """The plugin's API, mounted by the app under /api/plugins/gift_cards/."""
    bp = Blueprint("gift_cards", __name__)

    @endpoint(bp, "POST", "/cards", policy="user", summary="Sell a gift card", body=SaleIn, response=CardOut,
              status=201)
    def sell_card(body: SaleIn) -> CardOut:
        return sell(services(), store, current_user(), body)

    @endpoint(bp, "GET", "/cards", policy="admin", summary="List every gift card", response=list[CardOut])
    def list_cards() -> list[CardOut]:
        return all_cards(services(), store, current_user())

    @endpoint(bp, "GET", "/cards/<code>", policy="user", summary="A gift card's balance", response=CardOut,
              path={"code": str})
    def card_balance(code: str) -> CardOut:
        return balance(services(), store, current_user(), code)

    @endpoint(bp, "POST", "/cards/<code>/redeem", policy="user", summary="Pay a session with a gift card",
              body=RedeemIn, response=CardOut, path={"code": str})
    def redeem_card(code: str, body: RedeemIn) -> CardOut:
        return redeem(services(), store, current_user(), code, body)

    @endpoint(bp, "PUT", "/settings", policy="admin", summary="How long new gift cards stay valid", body=ExpiryIn,
              response=ExpiryIn)
    def set_expiry(body: ExpiryIn) -> ExpiryIn:
        services().settings.get(current_user())  # the studio must be unlocked (401 otherwise)
        store.put("setting:expiry_months", body.expiry_months)
        return body

    return bp


@hookimpl
def register_routes(context):
    """The sell, balance, redeem and list routes."""
    return [routes(context.store)]


def note_expired(context) -> dict:
    """The daily job: note each voucher that expired since the last run with money left on it (counted once), so
    the unused value can be booked as the studio's income; return counts and amounts only, never codes or names."""
    today = _today(context.services, context.actor)
    noted, unused = 0, 0
    for key, card in context.store.items("card:"):
        if (card["status"] != "active" or card.get("expiry_noted") or card["balance_minor"] <= 0
                or date.fromisoformat(card["expires_on"]) >= today):
            continue
        context.store.update(key, lambda old: {**old, "expiry_noted": today.isoformat()})
        noted, unused = noted + 1, unused + card["balance_minor"]
    return {"expired": noted, "unused_minor": unused}


@hookimpl
def register_jobs(context):
    """Once a day: note the vouchers that expired with money left on them."""
    return [JobSpec("note-expired", note_expired, every=timedelta(days=1))]


@hookimpl
def payment_methods(context):
    """Paying with a gift card at the register."""
    return [PaymentMethod(code=METHOD, label=_("Gift card"), taken_by_plugin=True)]  # redeemed on its screen


@hookimpl
def extend_exports(context, start, end):
    """The day's (or period's) sales and redemptions for the Z report, and gift_cards.csv for the accountant."""
    rows = movements(context.store, start, end)
    sold = sum(row[3] for row in rows if row[1] == "sale")
    redeemed = sum(row[3] for row in rows if row[1] == "redemption")
    out = io.StringIO()
    writer = csv.writer(out, lineterminator="\n")
    writer.writerow(("day", "kind", "code", "amount_minor", "payment_id", "session_id"))
    writer.writerows(rows)
    return ExportExtras(lines=(ReportLine(_("Gift cards sold"), sold), ReportLine(_("Gift cards redeemed"), redeemed)),
                        files={"gift_cards.csv": out.getvalue().encode("utf-8")})


@hookimpl
def register_screens(context):
    """The "Gift cards" screen, for admins and staff."""
    return [ScreenSpec(key="gift_cards", label=_("Gift cards"), icon="CARD_GIFTCARD", roles=("admin", "staff"),
                       build=GiftCardsView)]


class GiftCardsView:
    """Sell a voucher; look one up by its code and pay one of today's sessions with it (through the API)."""

    PREFIX = "/api/plugins/gift_cards"

    def __init__(self, shell):
        import flet as ft  # the screens only: the server side of the plugin never loads Flet

        self.shell, self.ft = shell, ft
        self.amount = ft.TextField(label=_("Voucher value"), width=180)
        self.method = ft.Dropdown(label=_("Paid by"), width=200, value="cash", options=[
            ft.DropdownOption(key=code, text=label) for code, label in
            (("cash", _("Cash")), ("card", _("Card")), ("transfer", _("Bank transfer")))])
        self.buyer = ft.TextField(label=_("Buyer's name (optional)"), width=280)
        self.sold = ft.Text(selectable=True)
        self.code = ft.TextField(label=_("Voucher code"), width=220)
        self.found = ft.Text()
        self.pay = ft.TextField(label=_("Amount to pay"), width=180)
        self.session = ft.Dropdown(label=_("Today's session"), width=360, options=[])

    def build(self):
        """The screen: a sale form and a look-up / redeem form."""
        ft = self.ft
        self.session.options = [ft.DropdownOption(key=s.id, text=self._session_text(s)) for s in self._today()]
        return ft.Column(spacing=16, scroll=ft.ScrollMode.AUTO, expand=True, controls=[
            ft.Text(_("Gift cards"), theme_style=ft.TextThemeStyle.HEADLINE_SMALL),
            ft.Text(_("Sell a voucher"), theme_style=ft.TextThemeStyle.TITLE_MEDIUM),
            ft.Row([self.amount, self.method, self.buyer], wrap=True),
            ft.Button(_("Sell voucher"), icon=ft.Icons.CARD_GIFTCARD, on_click=lambda _e: self.sell()),
            self.sold,
            ft.Text(_("Look up or redeem a voucher"), theme_style=ft.TextThemeStyle.TITLE_MEDIUM),
            ft.Row([self.code, ft.Button(_("Look up"), icon=ft.Icons.SEARCH, on_click=lambda _e: self.look_up())]),
            self.found,
            ft.Row([self.pay, self.session], wrap=True),
            ft.Button(_("Pay with voucher"), icon=ft.Icons.PAYMENTS, on_click=lambda _e: self.redeem()),
        ])

    def sell(self) -> None:
        """Sell a voucher of the typed value; show its code to write on the card."""
        minor = self._minor(self.amount.value)
        if minor is None:
            return
        sale = {"amount_minor": minor, "method": self.method.value, "buyer": self.buyer.value or ""}
        card = self.shell.act(self.shell.client.session.call, "POST", f"{self.PREFIX}/cards", dict, json=sale)
        if isinstance(card, dict):
            self.sold.value = _("Voucher %(code)s sold for %(amount)s, valid until %(day)s.", code=card["code"],
                                amount=self._money(card["amount_minor"]), day=card["expires_on"])
            self.amount.value = self.buyer.value = ""
            self.shell.notify(self.sold.value)
            self.shell.page.update()

    def look_up(self) -> None:
        """Show the typed voucher's balance and expiry."""
        card = self.shell.act(self.shell.client.session.call, "GET", f"{self.PREFIX}/cards/{self._code()}", dict)
        if isinstance(card, dict):
            self._show(card)

    def redeem(self) -> None:
        """Pay the chosen session with the typed amount from the voucher."""
        minor = self._minor(self.pay.value)
        if minor is None:
            return
        if not self.session.value:
            self.shell.notify(_("Choose the session the client is paying."), error=True)
            return
        card = self.shell.act(self.shell.client.session.call, "POST", f"{self.PREFIX}/cards/{self._code()}/redeem",
                              dict, json={"amount_minor": minor, "session_id": self.session.value})
        if isinstance(card, dict):
            self.pay.value = ""
            self._show(card)
            self.shell.notify(_("%(amount)s paid with voucher %(code)s.", amount=self._money(minor), code=card["code"]))

    def _show(self, card: dict) -> None:
        sentence = (N_("Voucher %(code)s expired on %(day)s.") if card["expired"] else
                    N_("Voucher %(code)s: %(left)s left of %(amount)s, valid until %(day)s."))
        self.found.value = _(sentence, code=card["code"], left=self._money(card["balance_minor"]),
                             amount=self._money(card["amount_minor"]), day=card["expires_on"])
        self.shell.page.update()

    def _code(self) -> str:
        return "".join(ch for ch in (self.code.value or "") if ch.isalnum()) or "-"

    def _minor(self, text: str | None) -> int | None:
        from babel.numbers import get_currency_precision
        cleaned = (text or "").strip().replace(" ", "").replace(",", ".")
        try:
            major = Decimal(cleaned)
        except InvalidOperation:
            major = Decimal(0)
        minor = major.scaleb(get_currency_precision(self.shell.currency))
        if major <= 0 or minor != minor.to_integral_value():
            self.shell.notify(_("Type the amount as a number such as 25 or 25.50."), error=True)
            return None
        return int(minor)

    def _money(self, minor: int) -> str:
        return money(minor, self.shell.currency, self.shell.settings.locale if self.shell.settings else "en")

    def _today(self) -> list:
        day = self.shell.today()
        start = datetime.combine(day, datetime.min.time(), tzinfo=self.shell.zone)
        found = self.shell.act(self.shell.client.sessions.between, start, start + timedelta(days=1))
        return [] if not isinstance(found, list) else [s for s in found if s.status not in ("cancelled", "no_show")]

    def _session_text(self, session) -> str:
        when = session.starts_at.astimezone(self.shell.zone).strftime("%H:%M")
        return f"{when} {session.client_name} ({session.artist_name})"
