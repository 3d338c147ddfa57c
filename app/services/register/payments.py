"""Taking payments (append-only), listing them, and what a session still owes."""

from __future__ import annotations

from datetime import date
from functools import partial
from typing import overload

from app.core.clock import Clock
from app.core.i18n import N_, _
from app.db.engine import Connection, Database
from app.db.repos.audit import AuditRepository
from app.db.repos.payments import PaymentRepository
from app.db.repos.register import RegisterRepository
from app.db.repos.settings import SettingsRepository
from app.db.repos.users import UserRepository
from app.domain.bounds import STAFF_REFUND_LIMIT_MINOR
from app.domain.errors import ForbiddenError, NotFoundError, ValidationError
from app.domain.money import money
from app.domain.records import StudioSettings, User, local_day
from app.domain.register import (
    KINDS,
    MAX_AMOUNT_MINOR,
    DayClosedError,
    MethodChoice,
    OverpaymentError,
    Payment,
    RefundLimitError,
    SessionBalance,
    SessionTerms,
    balance_of,
)
from app.plugins.spec import PluginCalls, no_plugins
from app.services.authz import require_admin, require_user
from app.services.register.methods import offered_methods, refuse_a_plugins_own

# what each amount must look like, one whole sentence per amount (translated when raised)
AMOUNT_RULES = {
    "amount": N_("The amount must be a whole number of cents (minor units) of at least %(minimum)s, such as "
                 "1250 for 12.50; '%(value)s' is not."),
    "opening float": N_("The opening float must be a whole number of cents (minor units) of at least "
                        "%(minimum)s, such as 1250 for 12.50; '%(value)s' is not."),
    "counted cash": N_("The counted cash must be a whole number of cents (minor units) of at least %(minimum)s, "
                       "such as 1250 for 12.50; '%(value)s' is not."),
}
CHOICE_RULES = {"method": N_("'%(value)s' is not a payment method. Use one of: %(allowed)s."),
                "kind": N_("'%(value)s' is not a payment kind. Use one of: %(allowed)s.")}


def check_amount(value: object, name: str, *, minimum: int) -> int:
    """Return a whole number of minor units, or say what an amount (a key of AMOUNT_RULES) must look like."""
    if isinstance(value, bool) or not isinstance(value, int) or not minimum <= value <= MAX_AMOUNT_MINOR:
        raise ValidationError(_(AMOUNT_RULES[name], minimum=minimum, value=value))
    return value


def net_paid(payments: list[Payment]) -> int:
    """Deposits and payments less the refunds among them; tips and refunds of tips aside."""
    tips = {p.id for p in payments if p.kind == "tip"}
    paid = sum(p.amount_minor for p in payments if p.kind in ("deposit", "payment"))
    return paid - sum(p.amount_minor for p in payments if p.kind == "refund" and p.corrects_id not in tips)


def _check_choice(value: str, allowed: tuple[str, ...], name: str) -> str:
    if value not in allowed:
        raise ValidationError(_(CHOICE_RULES[name], value=value, allowed=", ".join(allowed)))
    return value


class PaymentService:
    """Payments of clients: anyone signed in takes them; corrections of earlier entries are for admins."""

    def __init__(self, db: Database, clock: Clock | None = None, payments: PaymentRepository | None = None,
                 register: RegisterRepository | None = None, users: UserRepository | None = None,
                 settings: SettingsRepository | None = None, audit: AuditRepository | None = None,
                 plugins: PluginCalls = no_plugins):
        self.db, self.clock, self.plugins = db, clock or Clock(), plugins
        self.payments, self.register = payments or PaymentRepository(), register or RegisterRepository()
        self.users, self.settings = users or UserRepository(), settings or SettingsRepository()
        self.audit = audit or AuditRepository()

    def take_payment(self, actor: User | None, *, amount_minor: int, method: str, kind: str,
                     session_id: str | None = None, client_id: str | None = None, artist_id: str | None = None,
                     corrects_id: str | None = None, note: str = "", allow_overpay: bool = False,
                     by_plugin: str | None = None) -> Payment:
        """Record one payment on today's register; a correcting entry (`corrects_id`) needs an admin. A method
        its plugin takes itself (a gift card) is accepted only from that plugin (`by_plugin`, its name)."""
        me = require_user(actor)
        check_amount(amount_minor, "amount", minimum=1)
        methods = offered_methods(self.plugins, me)
        refuse_a_plugins_own(method, methods, by_plugin)
        _check_choice(method, tuple(m.code for m in methods), "method")
        _check_choice(kind, KINDS, "kind")
        if corrects_id is not None:
            require_admin(me, N_("record a correcting entry"))
        with self.db.write() as conn:
            settings, now = self.settings.load(conn), self.clock.now()
            day = local_day(now, settings.timezone)
            self._check_day_open(conn, day)
            original = self._corrected(conn, corrects_id)
            if original is not None:  # a correction is for the same session, client and artist unless told
                session_id = session_id or original.session_id
                client_id, artist_id = client_id or original.client_id, artist_id or original.artist_id
            terms = self._terms(conn, session_id)
            client_id, artist_id = self._parties(conn, terms, client_id, artist_id, kind)
            self._check_limits(conn, settings, terms, original, kind, amount_minor, allow_overpay)
            if kind == "refund":
                self._check_refund(conn, me, settings, terms, original, client_id, amount_minor)
            payment = self.payments.add(
                conn, amount_minor=amount_minor, method=method, kind=kind, client_id=client_id,
                session_id=session_id, artist_id=artist_id, taken_by=me.id, taken_at=now, register_day=day,
                corrects_id=corrects_id, note=note)
            summary = f"{kind} {amount_minor} {method} on {day}"
            summary += f", session {session_id}" if session_id else ""
            summary += f", corrects {corrects_id}" if corrects_id else ""
            self.audit.record(conn, at=now, actor_id=me.id, action="create", entity="payment",
                              entity_id=payment.id, summary=summary)
        self.plugins("payment_recorded", me, payment_id=payment.id)  # after the commit: a plugin never undoes it
        return payment

    def methods(self, actor: User | None) -> list[MethodChoice]:
        """The payment methods the register knows: the core ones, then those of the enabled plugins (screens offer
        those with `offered`, and name the others in the payments they list)."""
        return offered_methods(self.plugins, require_user(actor))

    def list_payments(self, actor: User | None, *, session_id: str | None = None, client_id: str | None = None,
                      day: date | str | None = None) -> list[Payment]:
        """Payments of a session, a client or a register day. The register's rule holds for every listing:
        staff see today's payments only, admins any day's."""
        me = require_user(actor)
        if session_id is None and client_id is None and day is None:
            raise ValidationError(_("Say which payments to list: give session_id, client_id or day."))
        with self.db.read() as conn:
            today = local_day(self.clock.now(), self.settings.load(conn).timezone)
            if day is not None:
                day = today if day == "today" else day
                if not isinstance(day, date):
                    raise ValidationError(_("Give the day as YYYY-MM-DD or 'today'."))
                if day != today:
                    require_admin(me, N_("see the payments of a day other than today"))
            elif not me.is_admin:
                day = today  # a session's or client's earlier payments are other days' registers
            if session_id is not None:
                self._terms(conn, session_id)
            if client_id is not None and not self.payments.client_exists(conn, client_id):
                raise NotFoundError(_("There is no such client. Check the client id."))
            return self.payments.find(conn, session_id=session_id, client_id=client_id, day=day)

    def session_balance(self, actor: User | None, session_id: str) -> SessionBalance:
        """What a session still owes: its quote less deposits and payments, plus refunds (tips aside)."""
        require_user(actor)
        with self.db.read() as conn:
            terms = self._terms(conn, session_id)
            return balance_of(terms, self.payments.find(conn, session_id=session_id))

    def _check_day_open(self, conn: Connection, day: date) -> None:
        stored = self.register.get(conn, day)
        if stored is not None and stored.is_closed:
            raise DayClosedError(_("Today's register (%(day)s) is already closed, so no payment can be added to it. "
                                   "Ask an admin to record a correcting entry on the next day.", day=day.isoformat()))

    def _corrected(self, conn: Connection, corrects_id: str | None) -> Payment | None:
        if corrects_id is None:
            return None
        original = self.payments.get(conn, corrects_id)
        if original is None:
            raise NotFoundError(_("The payment to correct does not exist. Check its id."))
        return original

    @overload
    def _terms(self, conn: Connection, session_id: str) -> SessionTerms: ...
    @overload
    def _terms(self, conn: Connection, session_id: None) -> None: ...
    @overload
    def _terms(self, conn: Connection, session_id: str | None) -> SessionTerms | None: ...

    def _terms(self, conn: Connection, session_id: str | None) -> SessionTerms | None:
        if session_id is None:
            return None
        terms = self.payments.session_terms(conn, session_id)
        if terms is None:
            raise NotFoundError(_("There is no such session. Check the session id."))
        return terms

    def _parties(self, conn: Connection, terms: SessionTerms | None, client_id: str | None, artist_id: str | None,
                 kind: str) -> tuple[str | None, str | None]:
        """Return (client, artist): from the session unless given, and checked to exist."""
        if terms is not None:
            if client_id is not None and client_id != terms.client_id:
                raise ValidationError(_("This session belongs to another client. Leave client_id out, "
                                        "or give the session's own client."))
            client_id, artist_id = terms.client_id, artist_id or terms.artist_id
        elif client_id is not None and not self.payments.client_exists(conn, client_id):
            raise NotFoundError(_("There is no such client. Check the client id."))
        if artist_id is not None:
            artist = self.users.get(conn, artist_id)
            if artist is None or not artist.is_artist:
                raise NotFoundError(_("There is no artist with this id. Check the artist id."))
        if kind == "tip" and artist_id is None:
            raise ValidationError(_("A tip goes to an artist: give artist_id, or session_id for the session's artist."))
        return client_id, artist_id

    def _check_refund(self, conn: Connection, me: User, settings: StudioSettings, terms: SessionTerms | None,
                      original: Payment | None, client_id: str | None, amount: int) -> None:
        """A refund over the staff limit needs an admin; one of no session or payment stays within what the
        client (or, with no client, the walk-ins) paid: deposits and payments, less earlier refunds, tips aside."""
        shown = partial(money, currency=settings.currency, locale=settings.locale)
        if amount > STAFF_REFUND_LIMIT_MINOR and not me.is_admin:
            raise ForbiddenError(_("Only an admin can record a refund over %(limit)s; ask an admin to refund "
                                   "%(amount)s.",
                                   limit=shown(STAFF_REFUND_LIMIT_MINOR), amount=shown(amount)))
        if terms is not None or original is not None:
            return  # bounded by the session's or the corrected payment's own figures
        paid = self.payments.find(conn, client_id=client_id) if client_id else self.payments.walk_ins(conn)
        left = net_paid(paid)
        if amount > left:
            sentence = (N_("This refund of %(amount)s is more than the client has paid, less earlier refunds "
                           "(%(left)s). Refund at most that.") if client_id else
                        N_("This refund of %(amount)s is more than walk-in customers have paid (no client, no "
                           "session), less earlier refunds (%(left)s). Refund at most that."))
            raise RefundLimitError(_(sentence, amount=shown(amount), left=shown(max(left, 0))))

    def _check_limits(self, conn: Connection, settings: StudioSettings, terms: SessionTerms | None,
                      original: Payment | None, kind: str, amount: int, allow_overpay: bool) -> None:
        """Refunds never exceed what was paid; deposits and payments never over-pay unless allowed."""
        shown = partial(money, currency=settings.currency, locale=settings.locale)
        if original is not None and kind == "refund":
            left = original.amount_minor - self.payments.refunded_against(conn, original.id)
            if amount > left:
                raise RefundLimitError(_("This refund of %(amount)s is more than is left of the payment it "
                                         "corrects. Refund at most %(left)s.", amount=shown(amount), left=shown(left)))
        if terms is None or kind == "tip" or (original is not None and original.kind == "tip"):
            return
        balance = balance_of(terms, self.payments.find(conn, session_id=terms.session_id))
        if kind == "refund" and amount > balance.paid_minor:
            raise RefundLimitError(_("This refund of %(amount)s is more than was paid on the session (%(paid)s). "
                                     "Refund at most that.", amount=shown(amount), paid=shown(balance.paid_minor)))
        if kind in ("deposit", "payment") and amount > balance.balance_minor and not allow_overpay:
            due = max(balance.balance_minor, 0)
            sentence = (N_("This deposit of %(amount)s would over-pay the session: %(due)s is still due of a "
                           "%(quote)s quote. Take at most that, or allow over-payment.") if kind == "deposit" else
                        N_("This payment of %(amount)s would over-pay the session: %(due)s is still due of a "
                           "%(quote)s quote. Take at most that, or allow over-payment."))
            raise OverpaymentError(_(sentence, amount=shown(amount), due=shown(due), quote=shown(terms.quote_minor)))

