"""/api/register/<day>: the daily cash register (today for staff, any day for admins)."""

from __future__ import annotations

from flask import Blueprint

from app.api.routing import container, current_user, day_param, endpoint, services
from app.contract.register import CloseDayIn, DayParam, MethodOut, OpenDayIn, RegisterDayOut

register = Blueprint("register", __name__, url_prefix="/api/register")


@endpoint(register, "GET", "/methods", policy="user",
          summary="The payment methods the register takes (core, then plugins'), labelled in the caller's language.",
          response=list[MethodOut])
def get_payment_methods():
    return [MethodOut.model_validate(m) for m in services().payments.methods(current_user())]


@endpoint(register, "GET", "/<day>", policy="user", path={"day": DayParam},
          summary="A day's register: totals by method and kind, expected cash, close, payments.",
          response=RegisterDayOut)
def get_register_day(day: str):
    return RegisterDayOut.model_validate(services().register.day_summary(current_user(), day_param(day)))


@endpoint(register, "POST", "/<day>/open", policy="user", path={"day": DayParam},
          summary="Open a day with its opening float (or change the float while the day is open).",
          body=OpenDayIn, response=RegisterDayOut)
def open_register_day(day: str, body: OpenDayIn):
    summary = services().register.open_day(current_user(), day_param(day), body.opening_float_minor)
    return RegisterDayOut.model_validate(summary)


@endpoint(register, "POST", "/<day>/close", policy="user", path={"day": DayParam},
          summary="Close a day against the counted cash; a closed day is locked.",
          body=CloseDayIn, response=RegisterDayOut)
def close_register_day(day: str, body: CloseDayIn):
    summary = services().register.close_day(current_user(), day_param(day), body.counted_cash_minor)
    container().day_closed(current_user())  # the running app backs up in the background; no wait here
    return RegisterDayOut.model_validate(summary)
