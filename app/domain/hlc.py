"""The hybrid logical clock every synced change is stamped with: wall-clock milliseconds, a counter, a node id.

A stamp is the text `MMMMMMMMMMMMM-CCCCC-NODE` (13 digits of Unix milliseconds, 5 digits of counter, the node
id), so stamps sort as text in the order the clock defines: first by time, then counter, then node id (the tie
breaker that makes last-writer-wins the same decision on every device). `tick()` stamps a local change and never
fails (a write on the register is never refused for a clock); `receive()` merges a stamp from another device and
refuses one further ahead of this computer's clock than the drift limit, with a sentence that names which
computer's clock is wrong (judged against the relay's clock when one is known).
"""

from __future__ import annotations

from dataclasses import dataclass

from app.core.i18n import _

DRIFT_LIMIT_MS = 5 * 60 * 1000  # five minutes: further apart than that, one of the clocks is wrong
MAX_COUNTER = 99_999


class ClockDriftError(ValueError):
    """A stamp from another device is too far ahead of this computer's clock; `str()` says whose clock is wrong."""


@dataclass(frozen=True, order=True)
class Stamp:
    """One clock value: milliseconds, counter, node id (ordered in that order)."""

    ms: int
    counter: int
    node: str

    def text(self) -> str:
        """The stamp as sortable text."""
        return f"{self.ms:013d}-{self.counter:05d}-{self.node}"

    @staticmethod
    def parse(text: str) -> Stamp:
        """Read a stamp written by `text()`; raise ValueError for anything else."""
        ms, counter, node = text.split("-", 2)
        if len(ms) != 13 or len(counter) != 5 or not (ms.isdigit() and counter.isdigit()) or not node:
            raise ValueError(f"not a clock stamp: {text[:40]!r}")
        return Stamp(int(ms), int(counter), node)


def tick(last: Stamp | None, now_ms: int, node: str) -> Stamp:
    """The stamp for a local change after `last` (this node's latest stamp, sent or received)."""
    if last is None or now_ms > last.ms:
        return Stamp(now_ms, 0, node)
    if last.counter >= MAX_COUNTER:  # 100 000 changes in one millisecond, or a clock far behind: borrow a ms
        return Stamp(last.ms + 1, 0, node)
    return Stamp(last.ms, last.counter + 1, node)


def receive(last: Stamp | None, remote: Stamp, now_ms: int, node: str,
            reference_ms: int | None = None, limit_ms: int = DRIFT_LIMIT_MS) -> Stamp:
    """Merge `remote` into this node's clock and return the new latest stamp; raise ClockDriftError when
    `remote` is more than `limit_ms` ahead of `now_ms`. `reference_ms` is a third clock (the relay's) that
    tells whose clock is wrong."""
    ahead = remote.ms - now_ms
    if ahead > limit_ms:
        raise ClockDriftError(drift_sentence(remote, now_ms, reference_ms, limit_ms))
    top = max(last, remote) if last is not None else remote
    if now_ms > top.ms:
        return Stamp(now_ms, 0, node)
    return Stamp(top.ms, min(top.counter + 1, MAX_COUNTER), node)


def drift_sentence(remote: Stamp, now_ms: int, reference_ms: int | None, limit_ms: int = DRIFT_LIMIT_MS) -> str:
    """Say which computer's clock is wrong when `remote` is far ahead of this computer's `now_ms`."""
    minutes = max(1, round((remote.ms - now_ms) / 60_000))
    if reference_ms is not None and abs(now_ms - reference_ms) > limit_ms:
        return _("This computer's clock is %(minutes)s minutes behind the other devices of the studio (and the "
                 "relay's clock agrees with them). Set this computer's date and time, then sync again.",
                 minutes=minutes)
    if reference_ms is not None:
        return _("The device %(node)s wrote changes stamped %(minutes)s minutes in the future: its clock is wrong "
                 "(this computer and the relay agree). Set that device's date and time; its changes wait until "
                 "then.", node=remote.node[:8], minutes=minutes)
    return _("The device %(node)s wrote changes stamped %(minutes)s minutes ahead of this computer's clock: one "
             "of the two clocks is wrong. Check the date and time on both, then sync again.",
             node=remote.node[:8], minutes=minutes)
