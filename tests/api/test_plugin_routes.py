"""A loaded plugin's routes answer under /api/plugins/<name>/ with the core's policies, host check and errors;
an unknown, disabled or switched-off plugin gets a 404 with a sentence."""

from __future__ import annotations

from app.api import create_app
from app.container import Container
from tests.conftest import ADMIN, ADMIN_PASSWORD, STUDIO_NAME
from tests.plugins.support_files import ROUTES, enable_plugin, write_plugin
from tools.stick_process import bearer


def _served(stick):
    container = Container(stick)
    admin = container.login(ADMIN, ADMIN_PASSWORD)
    return container, admin, create_app(container).test_client()


def test_plugin_routes_answer_under_their_prefix_with_policies(created, stick):
    container, admin, client = _served(stick)
    try:
        enable_plugin(container, admin, stick, "cards", ROUTES)
        headers = bearer(client, ADMIN, ADMIN_PASSWORD)
        assert client.get("/api/plugins/cards/hello").json == {"owner": "anyone"}
        assert client.get("/api/plugins/cards/cards/c1").status_code == 401
        assert client.get("/api/plugins/cards/cards/c1", headers=headers).json == {"owner": f"{ADMIN}:c1"}
        assert client.post("/api/plugins/cards/settle", headers=headers).json == {"owner": STUDIO_NAME}
        assert client.get("/api/plugins/cards/nothing-here").status_code == 404
        evil = client.get("/api/plugins/cards/hello", headers={"Host": "evil.example"})
        assert evil.status_code == 400 and "127.0.0.1" in evil.json["message"]
        container.services.plugins.disable(admin, "cards")
        container.plugins.disable("cards")
        gone = client.get("/api/plugins/cards/hello")
        assert gone.status_code == 404 and "No plugin called 'cards' is enabled" in gone.json["message"]
    finally:
        container.close()


def test_a_plugin_with_an_undeclared_route_serves_none_and_is_switched_off(created, stick):
    container, admin, client = _served(stick)
    try:
        enable_plugin(container, admin, stick, "sneaky", """
            from flask import Blueprint

            bp = Blueprint("sneaky", __name__)

            @bp.get("/open")
            def wide_open():
                return {"secret": "no policy"}

            @hookimpl
            def register_routes(context):
                return [bp]
        """)
        answer = client.get("/api/plugins/sneaky/open")
        assert answer.status_code == 404
        [failure] = container.plugins.failures()
        assert failure.name == "sneaky" and "not declared with endpoint" in failure.error
    finally:
        container.close()


def test_the_admin_api_lists_enables_by_hash_and_disables(created, stick):
    container = Container(stick)
    client = create_app(container).test_client()
    try:
        headers = bearer(client, ADMIN, ADMIN_PASSWORD)
        sha = write_plugin(stick.plugins, "cards", ROUTES)
        listed = client.get("/api/admin/plugins", headers=headers).json
        [row] = listed["plugins"]
        assert listed["safe_mode"] is False
        assert (row["name"], row["state"], row["sha256"], row["hooks"]) == ("cards", "found", sha, ["register_routes"])
        stale = client.post("/api/admin/plugins/cards/enable", headers=headers, json={"sha256": "0" * 64})
        assert stale.status_code == 409 and "changed since the list was shown" in stale.json["message"]
        enabled = client.post("/api/admin/plugins/cards/enable", headers=headers, json={"sha256": sha}).json
        assert enabled["plugins"][0]["state"] == "enabled" and enabled["plugins"][0]["approved_by"] == ADMIN
        assert client.get("/api/plugins/cards/hello").status_code == 200
        disabled = client.post("/api/admin/plugins/cards/disable", headers=headers).json
        assert disabled["plugins"][0]["state"] == "found"
        assert client.get("/api/plugins/cards/hello").status_code == 404
    finally:
        container.close()


def test_the_first_signed_in_answer_after_unlock_marks_the_start_as_fine(created, stick):
    container, admin, client = _served(stick)
    enable_plugin(container, admin, stick, "cards", ROUTES)
    container.close()
    container = Container(stick)
    client = create_app(container).test_client()
    try:
        headers = bearer(client, ADMIN, ADMIN_PASSWORD)  # the unlock: plugins loaded, this start counted
        assert container.plugins.names() == ["cards"] and stick.plugin_starts.read_text() == "1\n"
        assert client.get("/api/settings", headers=headers).status_code == 200
        assert not stick.plugin_starts.exists()
    finally:
        container.close()


def test_a_loaded_plugins_routes_are_in_the_openapi_document_while_it_is_enabled(created, stick):
    container, admin, client = _served(stick)
    try:
        assert not [p for p in client.get("/api/openapi.json").json["paths"] if p.startswith("/api/plugins/cards")]
        enable_plugin(container, admin, stick, "cards", ROUTES)
        paths = client.get("/api/openapi.json").json["paths"]
        card = paths["/api/plugins/cards/cards/{card_id}"]["get"]
        assert card["x-policy"] == "user" and card["operationId"] == "plugin_cards_cards_card"
        assert [(p["name"], p["in"]) for p in card["parameters"]] == [("card_id", "path")]
        assert "post" in paths["/api/plugins/cards/settle"] and "get" in paths["/api/ink-lots"]
        container.services.plugins.disable(admin, "cards")
        container.plugins.disable("cards")
        assert "/api/plugins/cards/settle" not in client.get("/api/openapi.json").json["paths"]
    finally:
        container.close()
