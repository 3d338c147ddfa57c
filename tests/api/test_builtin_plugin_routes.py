"""The app's own ink-lot routes come in through a built-in plugin's register_routes, at their usual URLs."""

from __future__ import annotations

from app.api.inks import inks
from app.api.plugin_routes import BUILTINS, builtin_blueprints
from app.plugins.builtin import BUILTIN_NAMES


def test_the_ink_routes_are_registered_through_the_register_routes_hook():
    assert [module.PLUGIN.name for module in BUILTINS] == ["inks"]
    assert "inks" in BUILTIN_NAMES  # so no plugin file may take its name
    assert builtin_blueprints() == [inks]


def test_the_built_in_routes_keep_their_urls_and_answer(api, client, admin_headers):
    rules = {rule.rule: rule.endpoint for rule in api.url_map.iter_rules()}
    assert rules["/api/ink-lots"] in ("inks.list_ink_lots", "inks.add_ink_lot")
    made = client.post("/api/ink-lots", headers=admin_headers, json={
        "brand": "Eternal", "colour": "Lipstick Red", "lot": "LR-1", "expires_on": "2030-01-01"})
    assert made.status_code == 201, made.json
    assert [lot["lot"] for lot in client.get("/api/ink-lots", headers=admin_headers).json] == ["LR-1"]
