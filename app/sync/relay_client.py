"""The device's HTTP client for the relay (the protocol is in app/relay/__init__.py): opaque bytes in and out.

It knows nothing of the studio's data or keys; the sync service hands it sealed messages. Every failure to reach
the relay, or a refusal, becomes a RelayUnavailableError whose text is a sentence for the Admin screen."""

from __future__ import annotations

import base64
from dataclasses import dataclass
from typing import Any

import httpx

from app.core.i18n import _
from app.sync.errors import RelayUnavailableError

__all__ = ["Pulled", "RelayClient", "RelayUnavailableError"]

TIMEOUT = 20.0


@dataclass(frozen=True)
class Pulled:
    """One page of messages: (relay seq, message id, sealed bytes, sending device), and whether more wait."""

    messages: list[tuple[int, str, bytes, str]]
    more: bool
    server_ms: int | None


class RelayClient:
    """Calls to one relay, as one device (its credential), or anonymously for creating a studio and joining."""

    def __init__(self, url: str, credential: str | None = None, transport: httpx.BaseTransport | None = None):
        headers = {"Authorization": f"Bearer {credential}"} if credential else {}
        self.url = url.rstrip("/")
        self._http = httpx.Client(base_url=self.url, timeout=TIMEOUT, headers=headers, transport=transport)

    def close(self) -> None:
        """Close the connections."""
        self._http.close()

    def _call(self, method: str, path: str, missing_ok: bool = False, **kwargs: Any) -> httpx.Response:
        try:
            answer = self._http.request(method, path, **kwargs)
        except httpx.HTTPError:
            raise RelayUnavailableError(_("The sync relay at %(url)s cannot be reached; the studio keeps working "
                                          "here and syncs when it can.", url=self.url)) from None
        if answer.status_code >= 400 and not (missing_ok and answer.status_code == 404):
            try:
                said = str(answer.json().get("error", ""))
            except ValueError:
                said = ""
            raise RelayUnavailableError(said or _("The sync relay refused the request (%(status)s).",
                                                  status=answer.status_code), answer.status_code)
        return answer

    def create_studio(self) -> dict:
        """Register a new studio and this device as its first: {studio_id, device_id, credential}."""
        return self._call("POST", "/v1/studios", json={}).json()

    def open_pairing(self, lookup: bytes, sealed: bytes) -> None:
        """Post a pairing code's lookup token and the keyring sealed under it."""
        self._call("POST", "/v1/pairing", json={"lookup": _b64(lookup), "sealed": _b64(sealed)})

    def join(self, lookup: bytes) -> tuple[dict, bytes]:
        """Join with a pairing code's lookup token: the new device's credentials and the sealed keyring."""
        doc = self._call("POST", "/v1/pairing/join", json={"lookup": _b64(lookup)}).json()
        return doc, base64.b64decode(doc["sealed"])

    def devices(self) -> list[dict]:
        """The studio's devices as the relay knows them: id, created_at, last_seen_at, revoked."""
        return list(self._call("GET", "/v1/devices").json()["devices"])

    def revoke(self, device_id: str) -> None:
        """Refuse a device of the studio from now on."""
        self._call("POST", f"/v1/devices/{device_id}/revoke", json={})

    def push(self, items: list[tuple[str, bytes]]) -> int:
        """Store sealed messages under their ids (a repeat stores nothing twice); return the relay's last seq."""
        doc = self._call("POST", "/v1/messages", json={"messages": [
            {"id": message_id, "body": _b64(body)} for message_id, body in items]}).json()
        return int(doc["last_seq"])

    def pull(self, after: int, limit: int = 200) -> Pulled:
        """The messages after relay seq `after`, oldest first."""
        answer = self._call("GET", "/v1/messages", params={"after": after, "limit": limit})
        doc = answer.json()
        messages = [(int(m["seq"]), str(m["id"]), base64.b64decode(m["body"]), str(m.get("device", "")))
                    for m in doc["messages"]]
        return Pulled(messages, bool(doc.get("more")), _server_ms(answer))

    def snapshot_seq(self) -> int | None:
        """What the studio's newest snapshot on the relay covers (its relay seq), or None if it has none."""
        covers = self._call("GET", "/v1/snapshot/meta").json().get("covers_seq")
        return None if covers is None else int(covers)

    def get_snapshot(self) -> tuple[int, bytes] | None:
        """The studio's newest sealed snapshot as (covers_seq, bytes), or None if the relay holds none."""
        answer = self._call("GET", "/v1/snapshot", missing_ok=True)
        if answer.status_code == 404:
            return None
        doc = answer.json()
        return int(doc["covers_seq"]), base64.b64decode(doc["body"])

    def put_snapshot(self, covers_seq: int, body: bytes) -> dict:
        """Store a sealed snapshot covering the relay's messages through `covers_seq` (the relay then compacts)."""
        return self._call("PUT", "/v1/snapshot", json={"covers_seq": covers_seq, "body": _b64(body)}).json()


def _b64(data: bytes) -> str:
    return base64.b64encode(data).decode()


def _server_ms(answer: httpx.Response) -> int | None:
    from email.utils import parsedate_to_datetime
    try:
        return int(parsedate_to_datetime(answer.headers["date"]).timestamp() * 1000)
    except (KeyError, TypeError, ValueError):
        return None
