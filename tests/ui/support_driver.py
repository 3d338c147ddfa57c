"""A real Flet Session over an in-memory connection: screens render and handlers run with no client or display."""

from __future__ import annotations

import asyncio
import dataclasses
from collections.abc import Iterator

import flet as ft
import msgpack
from flet.controls.base_control import BaseControl
from flet.messaging.connection import Connection
from flet.messaging.protocol import (
    ClientAction,
    ClientMessage,
    RegisterClientResponseBody,
    configure_encode_object_for_msgpack,
)
from flet.messaging.session import Session
from flet.pubsub.pubsub_hub import PubSubHub


class MemoryConnection(Connection):
    """Encodes every message as the socket server would (that is what records control snapshots)."""

    def __init__(self, loop: asyncio.AbstractEventLoop):
        super().__init__()
        self.loop = loop
        self.pubsubhub = PubSubHub(loop=loop)
        self.sent: list[ClientMessage] = []
        self._encode = configure_encode_object_for_msgpack(BaseControl)

    def send_message(self, message: ClientMessage) -> None:
        msgpack.packb([message.action, message.body], default=self._encode)
        self.sent.append(message)

    def crashes(self) -> list[str]:
        """Error messages the session sent (an exception in a handler ends up here, not raised)."""
        return [str(m.body) for m in self.sent if m.action == ClientAction.SESSION_CRASHED]


def children(control: BaseControl, with_dialogs: bool = True) -> Iterator[BaseControl]:
    """The controls directly inside a control (any field holding a control or a list of them)."""
    for field in dataclasses.fields(control):
        if field.name.startswith("_") and (not with_dialogs or field.name not in ("_dialogs", "_overlay")):
            continue
        value = getattr(control, field.name, None)
        for item in value if isinstance(value, list) else [value]:
            if isinstance(item, BaseControl):
                yield item


def walk(control: BaseControl) -> Iterator[BaseControl]:
    """Every control in the tree, depth first, visible or not."""
    seen: set[int] = set()
    stack = [control]
    while stack:
        current = stack.pop()
        if id(current) in seen:
            continue
        seen.add(id(current))
        yield current
        stack.extend(reversed(list(children(current))))


def _shown(control: BaseControl, root: BaseControl) -> Iterator[BaseControl]:
    if getattr(control, "visible", True) is False:
        return
    yield control
    for child in children(control, with_dialogs=False):  # open dialogs are added by UiDriver.shown
        yield from _shown(child, root)


class UiDriver:
    """Drive one page: find controls by label or text, type, click, pick, drop."""

    def __init__(self):
        self.loop = asyncio.new_event_loop()
        self.conn = MemoryConnection(self.loop)
        self.session = self.loop.run_until_complete(self._register())
        self.page: ft.Page = self.session.page

    async def _register(self) -> Session:
        session = Session(self.conn)
        session.apply_page_patch({"route": "/", "width": 1280, "height": 800, "platform": "linux", "web": False})
        self.conn.send_message(ClientMessage(ClientAction.REGISTER_CLIENT, RegisterClientResponseBody(
            session_id=session.id, page_patch=session.get_page_patch(), error="")))
        return session

    def close(self) -> None:
        self.loop.close()

    # --- finding ----------------------------------------------------------------------
    def shown(self) -> list[BaseControl]:
        """Every control a person could see (parents visible, open dialogs included)."""
        found = list(_shown(self.page, self.page))
        for dialog in self.page._dialogs.controls:
            if getattr(dialog, "open", True):
                found.extend(_shown(dialog, dialog))
        return found

    def texts(self) -> list[str]:
        """Every visible text: Text values, button texts, field labels and values."""
        out = []
        for c in self.shown():
            for attr in ("value", "content", "label", "text", "title", "tooltip"):
                value = getattr(c, attr, None)
                if isinstance(value, str) and value:
                    out.append(value)
        return out

    def has_text(self, fragment: str) -> bool:
        return any(fragment in t for t in self.texts())

    def field(self, label: str) -> BaseControl:
        """The visible text field, dropdown or checkbox with this label."""
        return self._one(lambda c: getattr(c, "label", None) == label
                         and isinstance(c, (ft.TextField, ft.Dropdown, ft.Checkbox, ft.Switch)), label)

    def button(self, text: str) -> BaseControl:
        """The visible button (or clickable control) whose text or tooltip is `text`."""
        def is_button(c):
            if not hasattr(c, "on_click"):
                return False
            caption = getattr(c, "content", None)
            caption = caption.value if isinstance(caption, ft.Text) else caption
            return text in (caption, getattr(c, "text", None), getattr(c, "tooltip", None), getattr(c, "data", None))
        return self._one(is_button, text)

    def find(self, kind: type, predicate=lambda c: True) -> list[BaseControl]:
        return [c for c in self.shown() if isinstance(c, kind) and predicate(c)]

    def _one(self, predicate, name: str) -> BaseControl:
        found = [c for c in self.shown() if predicate(c)]
        if not found:
            raise AssertionError(f"Nothing visible called {name!r}. Visible texts: {self.texts()[:60]}")
        if len(found) > 1 and len({id(c) for c in found}) > 1:
            raise AssertionError(f"{len(found)} visible controls are called {name!r}.")
        return found[0]

    # --- acting -----------------------------------------------------------------------
    def type(self, label: str, value: str) -> None:
        """Type into a field as the client would: patch its value, then fire on_change."""
        control = self.field(label)
        self.session.apply_patch(control._i, {"value": value})
        self.fire(control, "change", value)

    def pick(self, label: str, value) -> None:
        """Choose a dropdown option or tick a checkbox/switch."""
        control = self.field(label)
        self.session.apply_patch(control._i, {"value": value})
        self.fire(control, "select" if isinstance(control, ft.Dropdown) else "change", value)

    def click(self, text: str) -> None:
        self.fire(self.button(text), "click", None)

    def fire(self, control: BaseControl, event: str, data) -> None:
        """Dispatch an event to a control and fail the test if its handler raised."""
        before = len(self.conn.crashes())
        self.loop.run_until_complete(self.session.dispatch_event(control._i, event, data))
        crashes = self.conn.crashes()[before:]
        assert not crashes, f"on_{event} handler crashed: {crashes[0][:2000]}"
