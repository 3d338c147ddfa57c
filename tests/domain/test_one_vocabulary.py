"""The studio's words are defined once, in app/domain: every other layer builds on that one definition."""

from __future__ import annotations

import re
import typing
from pathlib import Path

from app.contract.booking import Status
from app.contract.register import Kind
from app.db import models
from app.domain import booking, money, records, register

APP = Path(__file__).resolve().parents[2] / "app"
DOMAIN = APP / "domain"
MIGRATIONS = APP / "db" / "migrations"  # history: a migration keeps the lists as they were when it was written
# A second spelling of a word list, a formatter or a fallback, wherever it appears outside the domain.
REDEFINITIONS = {
    "payment methods": re.compile(r"""["']cash["'],\s*["']card["'],\s*["']transfer["']"""),
    "payment kinds": re.compile(r"""["']deposit["'],\s*["']payment["'],\s*["']tip["'],\s*["']refund["']"""),
    "session statuses": re.compile(r"""["']done["'],\s*["']no_show["'],\s*["']cancelled["']"""),
    "method labels": re.compile(r"""["']transfer["']:\s*["']Bank transfer["']"""),
    "status labels": re.compile(r"""["']no_show["']:\s*["']No-show["']"""),
    "currency default": re.compile(r"""(?:else|or)\s+["']EUR["']"""),
    "zone fallback": re.compile(r"""(?:else|or)\s+["']UTC["']|if settings is not None else None"""),
    "local day": re.compile(r"^def local_day\(", re.M),
    "money formatter": re.compile(r"format_currency\("),
}


def test_each_word_list_is_spelled_only_in_the_domain():
    """No module outside app/domain spells a vocabulary list, formatter or fallback again."""
    found = []
    for path in sorted(APP.rglob("*.py")):
        if DOMAIN in path.parents or MIGRATIONS in path.parents:
            continue
        text = path.read_text(encoding="utf-8")
        found += [f"{path.relative_to(APP.parent)}: {what}" for what, pattern in REDEFINITIONS.items()
                  if pattern.search(text)]
    assert found == []


def test_the_api_and_the_table_use_the_domain_lists():
    """The wire contract's Literals and the database's CHECK lists are the domain's tuples (a payment method is
    any code of the domain's shape: the core ones plus those plugins add, see tests/plugins)."""
    assert typing.get_args(register.CoreMethod) == register.METHODS == tuple(register.METHOD_LABELS)
    assert all(register.is_method_code(code) for code in register.METHODS)
    assert typing.get_args(Kind) == register.KINDS == tuple(register.KIND_LABELS)
    assert typing.get_args(Status) == booking.STATUSES == tuple(booking.STATUS_LABELS)
    assert (models.PAYMENT_METHODS, models.PAYMENT_KINDS, models.SESSION_STATUSES) == (
        register.METHODS, register.KINDS, booking.STATUSES)
    assert set(booking.FINAL_STATUSES) <= set(booking.STATUSES)


def test_the_defaults_and_the_one_formatter():
    """EUR and UTC are the defaults before settings load; money shows the currency's major amount."""
    assert (records.DEFAULT_CURRENCY, records.FALLBACK_TIMEZONE) == ("EUR", "UTC")
    assert money.money(12550, "EUR") == "€125.50"
    assert money.money(1200, "JPY") == "¥1,200"
