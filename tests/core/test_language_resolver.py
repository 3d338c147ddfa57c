"""The language a text comes out in: a block's own (`speaking`, an API request), else what the resolver names (the
screens: the language the window's user chose), else the process's default."""

from __future__ import annotations

import pytest

from app.core import i18n


@pytest.fixture(autouse=True)
def no_resolver_afterwards():
    yield
    i18n.use_resolver(None)
    i18n.set_default("en")


def test_the_resolver_comes_before_the_default_and_after_a_block():
    i18n.set_default("es")
    chosen: list[str | None] = [None]
    i18n.use_resolver(lambda: chosen[0])
    assert i18n.current() == "es"  # the resolver names nothing: the default
    chosen[0] = "de"
    assert i18n.current() == "de" and i18n._("Lock") == i18n.catalog("de").gettext("Lock")
    with i18n.speaking("fr"):
        assert i18n.current() == "fr"  # an API request's language wins
    i18n.use_resolver(None)
    assert i18n.current() == "es"
