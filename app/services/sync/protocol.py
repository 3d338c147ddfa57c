"""What the device's sync speaks with and answers: the relay it is handed (`Relay`, which
app.sync.relay_client.RelayClient is), a page it pulls, and the records and errors `SyncService` returns."""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any, Protocol

from app.core.i18n import _


class Pulled(Protocol):
    """A page of the relay's messages: (seq, id, sealed bytes, sending device); read-only."""

    @property
    def messages(self) -> list[tuple[int, str, bytes, str]]: ...  # noqa: D102 (described above)
    @property
    def more(self) -> bool: ...  # noqa: D102 (whether more messages wait)
    @property
    def server_ms(self) -> int | None: ...  # noqa: D102 (the relay's clock, when it said)


class Relay(Protocol):
    """What the service uses of app.sync.relay_client.RelayClient."""

    def create_studio(self) -> dict[str, Any]: ...  # noqa: D102 (described by RelayClient)
    def open_pairing(self, lookup: bytes, sealed: bytes) -> None: ...  # noqa: D102 (described by RelayClient)
    def join(self, lookup: bytes) -> tuple[dict[str, Any], bytes]: ...  # noqa: D102 (described by RelayClient)
    def push(self, items: list[tuple[str, bytes]]) -> int: ...  # noqa: D102 (described by RelayClient)
    def pull(self, after: int, limit: int = 200) -> Pulled: ...  # noqa: D102 (described by RelayClient)
    def close(self) -> None: ...  # noqa: D102 (described by RelayClient)
    def snapshot_seq(self) -> int | None: ...  # noqa: D102 (described by RelayClient)
    def get_snapshot(self) -> tuple[int, bytes] | None: ...  # noqa: D102 (described by RelayClient)
    def put_snapshot(self, covers_seq: int, body: bytes) -> dict[str, Any]: ...  # noqa: D102 (described by RelayClient)


@dataclass(frozen=True)
class SyncReport:
    """What one sync did: messages pushed, changes applied, messages refused, and the relay position reached."""

    pushed: int
    applied: int
    refused: int
    pulled_seq: int


@dataclass(frozen=True)
class SyncStatus:
    """For the Admin screen: paired or not, the last sync, changes waiting to go, open conflicts, the last problem."""

    paired: bool
    last_sync_at: str | None
    pending: int
    conflicts: int
    last_error: str | None


class SyncNotPairedError(RuntimeError):
    """This studio is not paired with a relay yet."""


def not_paired() -> str:
    """The sentence for a sync asked of a studio that is not paired."""
    return _("This studio is not paired with a sync relay yet. An admin can set it up under Admin, Sync.")
