"""Plugin files written by tests into a temp stick's plugins/ (P1's loader, approval, routes and safe-mode tests)."""

from __future__ import annotations

import hashlib
import textwrap
from pathlib import Path

from app.container import Container
from tests.conftest import ADMIN, ADMIN_PASSWORD


def plugin_source(name: str, body: str = "", *, version: str = "1.0", min_app: str = "0.1",
                  title: str = "") -> str:
    """The text of a plugin file named `name` with `body` (dedented) after its declaration."""
    head = ("from app.plugins.api import PluginInfo, hookimpl\n\n"
            f"PLUGIN = PluginInfo(name={name!r}, version={version!r}, author='Test Studio', "
            f"min_app_version={min_app!r}, title={title or name.title()!r})\n")
    return head + textwrap.dedent(body)


def write_plugin(folder: Path, name: str, body: str = "", *, file: str | None = None, **declared) -> str:
    """Write plugins/<file or name>.py and return its SHA-256."""
    folder.mkdir(parents=True, exist_ok=True)
    data = plugin_source(name, body, **declared).encode()
    (folder / f"{file or name}.py").write_bytes(data)
    return hashlib.sha256(data).hexdigest()


def reopen(container: Container, stick, **kwargs) -> Container:
    """Close `container` and open the stick again in a new one, logged in as the admin (a restart)."""
    container.close()
    again = Container(stick, **kwargs)
    again.login(ADMIN, ADMIN_PASSWORD)
    return again


ROUTES = """
    from pydantic import BaseModel

    from flask import Blueprint

    from app.plugins.api import current_user, endpoint, services

    cards = Blueprint("cards", __name__)


    class CardOut(BaseModel):
        owner: str


    @endpoint(cards, "GET", "/hello", policy="public", summary="Anyone may ask.", response=CardOut)
    def hello():
        return CardOut(owner="anyone")


    @endpoint(cards, "GET", "/cards/<card_id>", policy="user", summary="Who asks.", response=CardOut,
              path={"card_id": str})
    def card(card_id):
        return CardOut(owner=current_user().username + ":" + card_id)


    @endpoint(cards, "POST", "/settle", policy="admin", summary="Admins only.", response=CardOut)
    def settle():
        return CardOut(owner=services().settings.get(current_user()).studio_name)


    @hookimpl
    def register_routes(context):
        return [cards]
"""


def enable_plugin(container: Container, admin, stick, name: str, body: str) -> str:
    """Write a plugin file, enable it as `admin` and load it at once, as the Admin screen does; return its hash."""
    sha = write_plugin(stick.plugins, name, body)
    container.services.plugins.enable(admin, name, sha)
    container.plugins.enable(name, sha)
    return sha
