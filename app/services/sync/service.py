"""`SyncService`: pair this studio with a relay, then push and pull its changes, end-to-end encrypted.

One `sync_now()` pushes the outbox in sealed messages (ids derived from their content, so a repeat after a crash
stores nothing twice), then pulls every page after the last relay position, opens each message (a tampered or moved
one is refused, named in the status and skipped; a replay changes nothing because applying is idempotent), and
applies each page in ONE write transaction that also advances the pull position: a crash repeats at most the page
it was in. The register never waits for it: each transaction is short, and the relay is only spoken to between them.
The relay client is handed in (`relay_for(url, credential)`), so this layer speaks no HTTP itself.
"""

from __future__ import annotations

import hashlib
from collections.abc import Callable
from pathlib import Path

from app.core.clock import Clock
from app.core.i18n import N_
from app.db import sync_snapshot
from app.db.engine import Database
from app.db.repos import sync_state
from app.domain.records import User
from app.services.authz import require_admin
from app.services.studio import user_keys
from app.services.sync import bootstrap, key_rotation
from app.services.sync.protocol import Relay, SyncNotPairedError, SyncReport, SyncStatus, not_paired
from app.sync.crypto import (
    SyncKeyring,
    SyncRejectedError,
    new_pairing_code,
    open_from_pairing,
    pairing_keys,
    seal_for_pairing,
)
from app.sync.errors import RelayUnavailableError

BATCH = 200  # changes per sealed message


class SyncService:
    """The device's sync over one studio database."""

    def __init__(self, db: Database, relay_for: Callable[[str, str | None], Relay], clock: Clock | None = None,
                 keyslots: Path | None = None, on_applied: Callable[[], None] | None = None):
        self.db, self._relay_for, self.clock = db, relay_for, clock or Clock()
        self.keyslots = keyslots  # this device's key file: its account slots follow the synced key records
        self._on_applied = on_applied  # e.g. the login cache: a deactivation applied here ends that account's logins

    def start(self, actor: User | None, relay_url: str) -> str:
        """Pair this studio, as its first device, with the relay at `relay_url`; return the relay's studio id."""
        require_admin(actor, N_("set up sync"))
        relay = self._relay_for(relay_url, None)
        try:
            made = relay.create_studio()
        finally:
            relay.close()
        keyring = SyncKeyring.new(made["studio_id"])
        with self.db.write() as conn:
            sync_state.pair(conn, self.db.path, relay_url, made["studio_id"], made["device_id"], made["credential"],
                            keyring.to_bytes(), seed=True)
        return str(made["studio_id"])

    def invite(self, actor: User | None) -> str:
        """A pairing code for another device of the studio (show it once; it works once, for 15 minutes)."""
        require_admin(actor, N_("pair a device"))
        state, keyring = self._paired()
        code = new_pairing_code()
        lookup, sealed = seal_for_pairing(keyring, code)
        relay = self._relay_for(state.relay_url or "", state.credential)
        try:
            if relay.snapshot_seq() is None:  # so the device invited can join from nothing (bootstrap.py)
                bootstrap.refresh(self.db, relay, keyring, state.pulled_seq)
            relay.open_pairing(lookup, sealed)
        finally:
            relay.close()
        return code

    def join(self, actor: User | None, relay_url: str, code: str) -> None:
        """Join the studio with a code shown on one of its devices (this database holds a copy of the studio)."""
        require_admin(actor, N_("pair a device"))
        self._pair_with_code(relay_url, code)

    def join_fresh(self, actor: User | None, relay_url: str, code: str) -> SyncReport:
        """Join the studio from a new, empty database (just `init`-ed) with a code shown on one of its devices: load
        the studio's encrypted snapshot, then pull what came after it. Resumable (see app/services/sync/bootstrap.py):
        once the code is accepted, any failure leaves a paired empty studio that the next `sync_now` finishes. The
        joining admin's own account stays (the studio's account of the same username replaces it if there is one:
        log in again afterwards). Refuses, with a sentence, a database that holds studio data."""
        self.pair_fresh(actor, relay_url, code)
        return self.sync_now()

    def pair_fresh(self, actor: User | None, relay_url: str, code: str) -> None:
        """The first half of `join_fresh`: pair this empty studio and leave the snapshot to the next sync (the
        screens start one in the background)."""
        require_admin(actor, N_("pair a device"))
        bootstrap.ensure_fresh(self.db)
        self._pair_with_code(relay_url, code, pending=True)  # the next sync loads the snapshot

    def _pair_with_code(self, relay_url: str, code: str, pending: bool = False) -> None:
        """Spend the pairing code at the relay, open the keyring it hands over and record the pairing (`pending`:
        with the pull position set to wait for the snapshot)."""
        lookup, _box = pairing_keys(code)
        relay = self._relay_for(relay_url, None)
        try:
            joined, sealed = relay.join(lookup)
        finally:
            relay.close()
        keyring = open_from_pairing(code, sealed)
        with self.db.write() as conn:
            sync_state.pair(conn, self.db.path, relay_url, joined["studio_id"], joined["device_id"],
                            joined["credential"], keyring.to_bytes(), seed=False)
            if pending:
                sync_snapshot.set_pull_position(conn, bootstrap.PENDING)

    def snapshot_now(self, actor: User | None) -> bool:
        """Upload a fresh snapshot of this studio to the relay now (an admin's choice; sync makes them by itself)."""
        require_admin(actor, N_("set up sync"))
        state, keyring = self._paired()
        relay = self._relay_for(state.relay_url or "", state.credential)
        try:
            return bootstrap.refresh(self.db, relay, keyring, state.pulled_seq, always=True)
        finally:
            relay.close()

    def rotate_key(self, actor: User | None) -> str:
        """Seal with a new studio key from now on (after revoking a device); hand it to the other devices through
        the relay, sealed under the key they hold (see app/services/sync/key_rotation.py). Returns the key's id."""
        require_admin(actor, N_("rotate the sync key"))
        state, keyring = self._paired()
        with self.db.write() as conn:
            hlc = sync_state.stamp_now(conn, self.db.path)
        rotated, message_id, sealed = key_rotation.key_message(keyring, state.node_id, hlc)
        relay = self._relay_for(state.relay_url or "", state.credential)
        try:
            relay.push([(message_id, sealed)])  # first: a key the others never got would leave them behind
        finally:
            relay.close()
        with self.db.write() as conn:
            sync_state.set_keyring(conn, rotated.to_bytes())
        return rotated.current

    def paired(self) -> bool:
        """Whether this studio syncs (the schedule asks at login, for any account)."""
        with self.db.read() as conn:
            return sync_state.is_paired(conn)

    def status(self, actor: User | None) -> SyncStatus:
        """Paired or not, last sync, pending changes, open conflicts."""
        require_admin(actor, N_("see the sync status"))
        with self.db.write() as conn:
            state = sync_state.state(conn, self.db.path)
            pending, conflicts = sync_state.counts(conn)
        return SyncStatus(state.relay_url is not None, state.last_sync_at, pending, conflicts, state.last_error)

    def sync_now(self) -> SyncReport:
        """Push what this device wrote, pull what the others wrote; resumable at every step."""
        state, keyring = self._paired()
        self._after_apply()  # repairs a crash between an earlier apply and its key-slot update
        relay = self._relay_for(state.relay_url or "", state.credential)
        try:
            if state.pulled_seq == bootstrap.PENDING:  # joined from nothing: the snapshot first
                bootstrap.load(self.db, relay, keyring)
                self._after_apply()  # the studio's accounts, loaded with it, get their key slots here
                state, keyring = self._paired()
            pushed = self._push(relay, keyring, state.node_id, state.pushed_seq)
            applied, refused, seq, problem = self._pull(relay, keyring, state.device_id or "", state.pulled_seq)
            if problem is None:
                bootstrap.refresh(self.db, relay, keyring, seq)
        except Exception as exc:
            with self.db.write() as conn:
                sync_state.finished(conn, self.clock.now().isoformat(), str(exc))
            raise
        finally:
            relay.close()
        with self.db.write() as conn:
            sync_state.finished(conn, self.clock.now().isoformat(), problem)
        return SyncReport(pushed, applied, refused, seq)

    def _after_apply(self, changes: list[sync_state.Change] | None = None) -> None:
        """Give accounts made or changed on other devices their slots here (app.services.studio.user_keys), and
        let the running app forget what it cached of the accounts; after a page (`changes`), only if it touched
        accounts. Without `changes` (each sync's start) always: that repairs a crash before an earlier call."""
        if changes is not None and not any(change.tbl in user_keys.ACCOUNT_TABLES for change in changes):
            return
        if self.keyslots is not None:
            user_keys.reconcile(self.db, self.keyslots)
        if self._on_applied is not None:
            self._on_applied()

    def _paired(self) -> tuple[sync_state.SyncState, SyncKeyring]:
        with self.db.write() as conn:
            state = sync_state.state(conn, self.db.path)
        if state.keyring is None or state.relay_url is None:
            raise SyncNotPairedError(not_paired())
        return state, SyncKeyring.from_bytes(state.keyring)

    def _push(self, relay: Relay, keyring: SyncKeyring, node: str, after: int) -> int:
        sent = 0
        while True:
            with self.db.write() as conn:
                batch = sync_state.outgoing(conn, self.db.path, after, BATCH)
            if not batch:
                return sent
            changes = [change for _seq, change in batch]
            message_id = hashlib.sha256("|".join(f"{seq}/{c.hlc}/{c.tbl}/{c.row_id}" for seq, c in batch)
                                        .encode()).hexdigest()[:32]
            relay.push([(message_id, keyring.seal(message_id, changes[-1].hlc, node, sync_state.encode(changes)))])
            after = batch[-1][0]
            with self.db.write() as conn:
                sync_state.pushed(conn, after)
            sent += 1

    def _pull(self, relay: Relay, keyring: SyncKeyring, device: str, after: int) -> tuple[int, int, int, str | None]:
        applied = refused = 0
        problem = None
        while True:
            try:
                page = relay.pull(after, BATCH)
            except RelayUnavailableError as exc:
                if exc.status != 410:
                    raise
                caught = bootstrap.catch_up(self.db, relay, keyring)  # away longer than the relay keeps messages
                if caught <= after:
                    raise
                after = caught
                self._after_apply()
                continue
            if not page.messages:
                return applied, refused, after, problem
            changes, new_key = [], False
            for _seq, message_id, body, sender in page.messages:
                if sender == device:
                    continue  # this device's own message, applied here when it was written
                try:
                    plaintext = keyring.open(body, relay_id=message_id).plaintext
                except SyncRejectedError as exc:
                    refused, problem = refused + 1, str(exc)
                    continue
                if key_rotation.take_key(keyring, plaintext):
                    new_key = True  # sealed from now on with the key another device rotated to
                else:
                    changes += sync_state.decode(plaintext)
            after = page.messages[-1][0]
            with self.db.write() as conn:
                if new_key:
                    sync_state.set_keyring(conn, keyring.to_bytes())
                applied += sync_state.apply_pulled(conn, self.db.path, changes, after, page.server_ms)
            self._after_apply(changes)
            if not page.more:
                return applied, refused, after, problem
