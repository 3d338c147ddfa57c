"""Every route declares a policy, and anonymous, staff and admin callers meet it: the core's routes and those of
a loaded plugin (a small plugin file written into the stick's plugins/ and enabled, so its routes are walked too)."""

from __future__ import annotations

import hashlib
import re
import shutil

import pytest

from app.api import create_app
from app.api.routing import POLICIES
from app.container import Container
from tests.conftest import ADMIN, ADMIN_PASSWORD, REPO
from tests.plugins.support_files import ROUTES, enable_plugin

EXAMPLES = ("gift_cards", "aftercare")


def sha256_of(path) -> str:
    return hashlib.sha256(path.read_bytes()).hexdigest()


@pytest.fixture
def api(created, stick):
    """The API over the fresh studio with the test plugin 'cards' and the shipped examples enabled and loaded
    through the real loader (the examples copied into the stick's plugins/, as an admin would)."""
    container = Container(stick)
    admin = container.login(ADMIN, ADMIN_PASSWORD)
    enable_plugin(container, admin, stick, "cards", ROUTES)
    for example in EXAMPLES:
        shutil.copyfile(REPO / "plugins" / f"{example}.py", stick.plugins / f"{example}.py")
        sha = container.services.plugins.enable(admin, example, sha256_of(stick.plugins / f"{example}.py")).sha256
        container.plugins.enable(example, sha)
    assert container.plugins.names() == ["cards", *EXAMPLES], container.plugins.failures()
    yield create_app(container)
    container.close()


def _routes(api):
    for app in (api, *api.wsgi_app.apps().values()):  # the core app, then each loaded plugin's
        for rule in app.url_map.iter_rules():
            if rule.endpoint == "static":
                continue
            view = app.view_functions[rule.endpoint]
            for method in sorted(rule.methods - {"HEAD", "OPTIONS"}):
                yield rule, method, getattr(view, "spec", None)


def test_the_walk_includes_the_plugin_routes(api):
    walked = {(method, rule.rule) for rule, method, _spec in _routes(api)}
    assert {("GET", "/api/plugins/cards/hello"), ("GET", "/api/plugins/cards/cards/<card_id>"),
            ("POST", "/api/plugins/cards/settle"), ("GET", "/api/ink-lots"), ("GET", "/api/plugins/gift_cards/cards"),
            ("POST", "/api/plugins/gift_cards/cards/<code>/redeem")} <= walked
    assert any(rule.startswith("/api/plugins/aftercare/") for _method, rule in walked)


def _url(rule) -> str:
    return re.sub(r"<(?:[^:>]+:)?([^>]+)>", "00000000-0000-4000-8000-000000000000", rule.rule)


def test_every_route_declares_a_policy(api):
    undeclared = [f"{method} {rule.rule}" for rule, method, spec in _routes(api) if spec is None]
    assert not undeclared, f"routes without a declared policy: {undeclared}"
    assert all(spec.policy in POLICIES for _, _, spec in _routes(api))


def test_anonymous_callers_reach_only_public_routes(api, client):
    for rule, method, spec in _routes(api):
        status = client.open(_url(rule), method=method, json={}).status_code
        if spec.policy == "public":
            assert status not in (401, 403), f"{method} {rule.rule} refused an anonymous caller"
        else:
            assert status == 401, f"{method} {rule.rule} gave {status} to an anonymous caller"


def test_staff_are_refused_admin_routes_and_admitted_to_user_routes(api, client, staff_headers):
    for rule, method, spec in _routes(api):
        if rule.rule in ("/api/auth/logout",):
            continue  # would end the staff login used by the rest of this walk
        status = client.open(_url(rule), method=method, json={}, headers=staff_headers).status_code
        if spec.policy == "admin":
            assert status == 403, f"{method} {rule.rule} gave {status} to staff"
        else:
            assert status != 401, f"{method} {rule.rule} did not accept a staff login"


def test_admins_are_never_refused(api, client, admin_headers):
    for rule, method, _spec in _routes(api):
        if rule.rule in ("/api/auth/logout",):
            continue
        status = client.open(_url(rule), method=method, json={}, headers=admin_headers).status_code
        assert status not in (401, 403), f"{method} {rule.rule} refused an admin ({status})"


@pytest.mark.parametrize("policy", ["user", "admin"])
def test_logout_ends_the_login_for_every_protected_route(api, client, admin_headers, policy):
    assert client.post("/api/auth/logout", headers=admin_headers).status_code == 200
    for rule, method, spec in _routes(api):
        if spec.policy == policy:
            assert client.open(_url(rule), method=method, json={}, headers=admin_headers).status_code == 401


# The sync (issue 20): staff read the quiet status and the conflicts and may ask for a sync; setting up, pairing,
# the devices and resolving are for admins. The walks above check that every caller meets these.
SYNC_POLICIES = {
    ("GET", "/api/sync"): "user",
    ("POST", "/api/sync/start"): "admin",
    ("POST", "/api/sync/invite"): "admin",
    ("POST", "/api/sync/join"): "admin",
    ("POST", "/api/sync/now"): "user",
    ("GET", "/api/sync/devices"): "admin",
    ("POST", "/api/sync/devices/<device_id>/revoke"): "admin",
    ("GET", "/api/sync/conflicts"): "user",
    ("POST", "/api/sync/conflicts/<conflict_id>/resolve"): "admin",
}


def test_the_sync_routes_declare_their_policies(api):
    declared = {(method, rule.rule): spec.policy for rule, method, spec in _routes(api)
                if rule.rule.startswith("/api/sync")}
    assert declared == SYNC_POLICIES
