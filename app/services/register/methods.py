"""The payment methods the register offers: the core ones, then those the enabled plugins add."""

from __future__ import annotations

import logging

from app.core.i18n import _
from app.domain.errors import ValidationError
from app.domain.records import User
from app.domain.register import METHOD_LABELS, METHODS, MethodChoice, is_method_code
from app.plugins.spec import PluginCalls

log = logging.getLogger(__name__)


def offered_methods(plugins: PluginCalls, actor: User | None) -> list[MethodChoice]:
    """Core methods with their labels in the current language, then each plugin's methods in load order (those a
    plugin takes itself with `offered` False).
    A plugin's method whose code is badly shaped or already taken is left out, with a warning in the log."""
    offered = [MethodChoice(code, _(METHOD_LABELS[code])) for code in METHODS]
    taken = set(METHODS)
    for plugin, methods in plugins("payment_methods", actor):
        for method in methods if isinstance(methods, list | tuple) else ():
            code, label = getattr(method, "code", None), getattr(method, "label", None)
            if (not isinstance(code, str) or not is_method_code(code) or code in taken or not isinstance(label, str)
                    or not label.strip()):
                log.warning("Plugin %s offered a payment method that was left out (a code must be new, lower-case "
                            "letters, digits and '_', with a label).", plugin)
                continue
            taken.add(code)
            offered.append(MethodChoice(code, label.strip()[:80], core=False, plugin=plugin,
                                        offered=getattr(method, "taken_by_plugin", False) is not True))
    return offered


def plugin_method_labels(plugins: PluginCalls, actor: User | None) -> dict[str, str]:
    """The enabled plugins' payment methods by code, with their labels, for documents and exports to name them."""
    return {m.code: m.label for m in offered_methods(plugins, actor) if not m.core}


def refuse_a_plugins_own(method: str, methods: list[MethodChoice], by_plugin: str | None) -> None:
    """Refuse a method its plugin takes itself when anyone else asks for it (the register's screen, the API)."""
    for known in methods:
        if known.code == method and not known.offered and known.plugin != by_plugin:
            raise ValidationError(_("%(method)s is taken on its own screen, which checks it first (a gift card's "
                                    "balance, say). Take this payment there.", method=known.label))
