"""The gift-card routes under /api/plugins/gift_cards/: every route × role meets its declared policy (the way
tests/api/test_authorization_matrix.py walks the core's), and staff sell, look up and redeem through them."""

from __future__ import annotations

import re

import pytest

from app.api.routing import POLICIES
from tests.plugins.conftest import book
from tests.plugins.support_plugins import bearer_for

PREFIX = "/api/plugins/gift_cards"


@pytest.fixture
def api(rig):
    """The API with the blueprints gift_cards gives from register_routes mounted."""
    return rig.mounted_api(rig.calls("register_routes", None))


def _routes(api):
    for rule in api.url_map.iter_rules():
        if rule.rule.startswith(PREFIX):
            for method in sorted(rule.methods - {"HEAD", "OPTIONS"}):
                yield rule, method, getattr(api.view_functions[rule.endpoint], "spec", None)


def _url(rule) -> str:
    return re.sub(r"<(?:[^:>]+:)?([^>]+)>", "AAAA-BBBB-CCCC", rule.rule)


def test_every_gift_card_route_declares_a_policy_and_each_role_meets_it(api):
    client = api.test_client()
    admin, staff = bearer_for(client, "boss"), bearer_for(client, "sam")
    routes = list(_routes(api))
    assert {(m, r.rule[len(PREFIX):]) for r, m, _s in routes} == {
        ("POST", "/cards"), ("GET", "/cards"), ("GET", "/cards/<code>"), ("POST", "/cards/<code>/redeem"),
        ("PUT", "/settings")}
    for rule, method, spec in routes:
        assert spec is not None and spec.policy in POLICIES, f"{method} {rule.rule} declares no policy"
        anonymous = client.open(_url(rule), method=method, json={}).status_code
        as_staff = client.open(_url(rule), method=method, json={}, headers=staff).status_code
        as_admin = client.open(_url(rule), method=method, json={}, headers=admin).status_code
        assert anonymous == 401, f"{method} {rule.rule} gave {anonymous} to an anonymous caller"
        if spec.policy == "admin":
            assert as_staff == 403, f"{method} {rule.rule} gave {as_staff} to staff"
        else:
            assert as_staff not in (401, 403), f"{method} {rule.rule} refused staff ({as_staff})"
        assert as_admin not in (401, 403), f"{method} {rule.rule} refused an admin ({as_admin})"


def test_staff_sell_and_look_up_admins_list_and_set_the_expiry(api):
    client = api.test_client()
    admin, staff = bearer_for(client, "boss"), bearer_for(client, "sam")
    assert client.put(f"{PREFIX}/settings", json={"expiry_months": 6}, headers=admin).status_code == 200
    sold = client.post(f"{PREFIX}/cards", json={"amount_minor": 2500, "method": "cash", "buyer": "Zoë"},
                       headers=staff)
    assert sold.status_code == 201, sold.json
    card = sold.json
    found = client.get(f"{PREFIX}/cards/{card['code'].lower()}", headers=staff)
    assert found.status_code == 200 and found.json["balance_minor"] == 2500
    assert int(card["expires_on"][:4]) * 12 + int(card["expires_on"][5:7]) - (
        int(card["sold_on"][:4]) * 12 + int(card["sold_on"][5:7])) == 6
    assert client.get(f"{PREFIX}/cards", headers=staff).status_code == 403
    assert [c["code"] for c in client.get(f"{PREFIX}/cards", headers=admin).json] == [card["code"]]
    refused = client.post(f"{PREFIX}/cards", json={"amount_minor": 0, "method": "cash"}, headers=staff)
    assert refused.status_code == 422
    unknown = client.get(f"{PREFIX}/cards/ZZZZ-ZZZZ-ZZZZ", headers=staff)
    assert unknown.status_code == 404 and "Check the code on the voucher" in unknown.json["message"]


def test_staff_redeem_a_voucher_for_a_session_through_the_route(api, rig):
    client = api.test_client()
    staff = bearer_for(client, "sam")
    card = client.post(f"{PREFIX}/cards", json={"amount_minor": 2500, "method": "card"}, headers=staff).json
    session_id = book(rig, quote_minor=6000)
    paid = client.post(f"{PREFIX}/cards/{card['code']}/redeem", json={"amount_minor": 2000, "session_id": session_id},
                       headers=staff)
    assert paid.status_code == 200 and paid.json["balance_minor"] == 500
    overdrawn = client.post(f"{PREFIX}/cards/{card['code']}/redeem", json={"amount_minor": 501,
                                                                          "session_id": session_id}, headers=staff)
    assert overdrawn.status_code == 409


def test_the_gift_card_routes_are_in_the_openapi_document(api):
    document = api.test_client().get("/api/openapi.json")
    assert document.status_code == 200
    paths = document.json["paths"]
    assert {"post", "get"} <= set(paths[f"{PREFIX}/cards"]) and "post" in paths[f"{PREFIX}/cards/{{code}}/redeem"]
    [parameter] = paths[f"{PREFIX}/cards/{{code}}"]["get"]["parameters"]
    assert (parameter["name"], parameter["in"]) == ("code", "path")
