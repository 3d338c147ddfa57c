"""/api/payments and /api/sessions/<id>/balance: take payments, list them, see what a session owes."""

from __future__ import annotations

from flask import Blueprint

from app.api.routing import current_user, endpoint, services
from app.contract.register import PaymentIn, PaymentOut, PaymentQuery, SessionBalanceOut

payments = Blueprint("payments", __name__, url_prefix="/api")


@endpoint(payments, "POST", "/payments", policy="user",
          summary="Take a payment on today's register (a correcting entry, with corrects_id, is for admins).",
          body=PaymentIn, response=PaymentOut, status=201)
def take_payment(body: PaymentIn):
    return PaymentOut.model_validate(services().payments.take_payment(current_user(), **body.model_dump()))


@endpoint(payments, "GET", "/payments", policy="user",
          summary="Payments of a session, a client or a day (days other than today are for admins).",
          query=PaymentQuery, response=list[PaymentOut])
def list_payments(query: PaymentQuery):
    found = services().payments.list_payments(current_user(), **dict(query))  # fields as parsed: day is a date
    return [PaymentOut.model_validate(p) for p in found]


@endpoint(payments, "GET", "/sessions/<session_id>/balance", policy="user",
          summary="What a session still owes: quote less deposits and payments, plus refunds (tips aside).",
          response=SessionBalanceOut)
def session_balance(session_id: str):
    return SessionBalanceOut.model_validate(services().payments.session_balance(current_user(), session_id))
