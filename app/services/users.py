"""Studio staff accounts: create, list, change role, deactivate, passwords (key slots included)."""

from __future__ import annotations

import threading
from collections.abc import Iterator
from contextlib import AbstractContextManager, contextmanager

from app.core import i18n
from app.core.clock import Clock
from app.core.i18n import N_, _
from app.core.keyslots import KeySlots, Prepared, user_slot_id
from app.core.paths import StickPaths
from app.core.throttle import LoginThrottle
from app.db.engine import Connection, Database
from app.db.repos.audit import AuditRepository
from app.db.repos.users import UserRepository
from app.domain import validation
from app.domain.errors import AuthError, ConflictError, NotFoundError, ValidationError
from app.domain.records import User
from app.services.authz import require_admin, require_user
from app.services.studio.rekey import Rekeyed, RekeyReport, rekey_studio
from app.services.studio.slot_writes import write_with_slot
from app.services.studio.user_keys import clear_record, store_record


class UserService:
    """Accounts of the people who work at the studio; admins manage them, anyone changes their own password."""

    def __init__(self, db: Database, paths: StickPaths, clock: Clock | None = None,
                 users: UserRepository | None = None, audit: AuditRepository | None = None):
        self.db, self.paths, self.clock = db, paths, clock or Clock()
        self.users, self.audit = users or UserRepository(), audit or AuditRepository()
        # Every request checks its token holder; the stick lock makes this process the only writer,
        # and every write to users below clears the cache, so a revoked token is refused at once.
        self._holders: dict[str, User] = {}
        self._holders_lock = threading.Lock()

    @contextmanager
    def _write(self) -> Iterator[Connection]:
        """A write transaction on users; the token-holder cache is cleared once it ends."""
        try:
            with self.db.write() as conn:
                yield conn
        finally:
            with self._holders_lock:
                self._holders.clear()

    def forget_holders(self) -> None:
        """Forget the cached token holders: accounts changed by other means (a sync applied another device's
        deactivation or password change), so the next request of each login reads its account again."""
        with self._holders_lock:
            self._holders.clear()

    def check_token_holder(self, user_id: str, token_version: int) -> User:
        """Return the user a login token names if the account is active and the token current."""
        with self._holders_lock:
            user = self._holders.get(user_id)
        if user is None:
            with self.db.read() as conn:
                user = self.users.get(conn, user_id)
            if user is not None:
                with self._holders_lock:
                    self._holders[user_id] = user
        if user is None or not user.active or user.token_version != token_version:
            raise AuthError(_("This login has ended (logged out, password or role changed). Log in again."))
        return user

    def log_out(self, actor: User | None) -> None:
        """End every login of the acting user."""
        me = require_user(actor)
        with self._write() as conn:
            self.users.bump_token_version(conn, me.id)

    def list_users(self, actor: User | None) -> list[User]:
        """Every account, active first (admin only)."""
        require_admin(actor, N_("see the list of users"))
        with self.db.read() as conn:
            return self.users.list_all(conn)

    def artists(self, actor: User | None) -> list[User]:
        """The active artists, by name: anyone logged in may see who can be booked."""
        require_user(actor)
        with self.db.read() as conn:
            found = [u for u in self.users.list_all(conn) if u.active and u.is_artist]
        return sorted(found, key=lambda u: u.display_name.casefold())

    def get(self, actor: User | None, user_id: str) -> User:
        """One account: your own, or any for an admin."""
        me = require_user(actor)
        if me.id != user_id:
            require_admin(me, N_("see other users"))
        with self.db.read() as conn:
            found = self.users.get(conn, user_id)
        if found is None:
            raise NotFoundError(_("There is no such user."))
        return found

    def create(self, actor: User | None, *, username: str, display_name: str, role: str, password: str,
               is_artist: bool = False, commission_pct: int = 0) -> User:
        """Add an account with its first password (admin only)."""
        admin = require_admin(actor, N_("add users"))
        validation.check_username(username)
        validation.check_password(password)
        with self.db.read() as conn:
            if self.users.by_username(conn, username) is not None:
                raise ConflictError(_("The username '%(username)s' is taken. Choose another.", username=username))
        prepared = self._prepare_slot(username, password)  # the slow part, before any lock or row
        with self._write_with_slot(prepared) as conn:  # a failed slot save rolls the new row back
            if self.users.by_username(conn, username) is not None:
                raise ConflictError(_("The username '%(username)s' is taken. Choose another.", username=username))
            user = self.users.add(conn, username=username, display_name=display_name, role=role,
                                  is_artist=is_artist, commission_pct=commission_pct)
            self._audit(conn, admin, "create", user,
                        _("User %(username)s added as %(role)s", username=username, role=role))
        return user

    def update(self, actor: User | None, user_id: str, *, display_name: str | None = None,
               role: str | None = None, is_artist: bool | None = None, commission_pct: int | None = None,
               active: bool | None = None) -> User:
        """Change an account's details, role or active flag (admin only; never demote or deactivate yourself).
        A deactivation re-keys the studio (see `deactivate`)."""
        return self._update(actor, user_id, display_name=display_name, role=role, is_artist=is_artist,
                            commission_pct=commission_pct, active=active)[0]

    def deactivate(self, actor: User | None, user_id: str) -> Rekeyed:
        """Deactivate an account and shut it out: the studio gets a new key sealed to every other slot,
        and the account's slot leaves every key file on the stick and the mirror (admin only). Asking
        again for an account already deactivated renews the key again."""
        user, report = self._update(actor, user_id, active=False)
        assert report is not None  # a deactivation always renews the key
        return Rekeyed(user, report)

    def password_leaked(self, actor: User | None, user_id: str, new_password: str) -> Rekeyed:
        """An account's password leaked: give it `new_password`, renew the studio's key, and remove the
        slot of the leaked password from every key file on the stick and the mirror (admin only)."""
        admin = require_admin(actor, N_("renew the studio's key"))
        validation.check_password(new_password)
        with self.db.read() as conn:
            target = self._existing(conn, user_id)
        if not target.active:
            raise ConflictError(_("'%(username)s' is deactivated. Reactivate the account first.",
                                  username=target.username))
        slot_id = user_slot_id(target.username)
        prepared = KeySlots.load(self.paths.keyslots).prepare(slot_id, new_password)
        report = rekey_studio(self.db, self.paths, drop={slot_id}, replace=prepared, users=self._active_slots)
        with self._write() as conn:
            self.users.bump_token_version(conn, user_id)
            store_record(conn, KeySlots.load(self.paths.keyslots), slot_id)  # the new password on every device
            self._audit(conn, admin, "rekey", target,
                        _("Key renewed: password of %(username)s leaked (%(seconds)s s)",
                          username=target.username, seconds=f"{report.seconds:.1f}"))
            updated = self._existing(conn, user_id)
        return Rekeyed(updated, report)

    def _update(self, actor: User | None, user_id: str, *, display_name: str | None = None,
                role: str | None = None, is_artist: bool | None = None, commission_pct: int | None = None,
                active: bool | None = None) -> tuple[User, RekeyReport | None]:
        admin = require_admin(actor, N_("change users"))
        if user_id == admin.id and (role not in (None, "admin") or active is False):
            raise ValidationError(_("You cannot demote or deactivate yourself; ask another admin."))
        with self._write() as conn:
            target = self._existing(conn, user_id)
            changes = {k: v for k, v in {"display_name": display_name, "role": role, "is_artist": is_artist,
                                         "commission_pct": commission_pct, "active": active}.items() if v is not None}
            self.users.update(conn, user_id, **changes)
            if (role is not None and role != target.role) or active is False:
                self.users.bump_token_version(conn, user_id)  # a changed role or a deactivation ends sessions
            if active is False:
                clear_record(conn, target.username)  # its slot leaves every other device at their next sync
            self._audit(conn, admin, "update", target, _("User %(username)s changed: %(fields)s",
                                                         username=target.username, fields=", ".join(sorted(changes))))
            updated = self._existing(conn, user_id)
        if active is not False:
            return updated, None
        report = rekey_studio(self.db, self.paths, drop={user_slot_id(target.username)}, users=self._active_slots)
        with self._write() as conn:
            self._audit(conn, admin, "rekey", target, _("Key renewed: %(username)s shut out (%(seconds)s s)",
                                                        username=target.username, seconds=f"{report.seconds:.1f}"))
        return updated, report

    def set_language(self, actor: User | None, user_id: str, language: str | None) -> User:
        """The language of an account's own screens (None: the studio's): yours, or anyone's for an admin."""
        me = require_user(actor)
        if me.id != user_id:
            require_admin(me, N_("set another user's language"))
        validation.check_language(language)
        with self._write() as conn:  # clears the token holders' cache, so `me` answers the new language
            target = self._existing(conn, user_id)
            self.users.update(conn, user_id, language=language)
            summary = (_("Language of %(username)s set to %(language)s", username=target.username,
                         language=i18n.NAMES[language]) if language else
                       _("Language of %(username)s set back to the studio's", username=target.username))
            self._audit(conn, me, "language", target, summary)
            return self._existing(conn, user_id)

    def reset_password(self, actor: User | None, user_id: str, new_password: str) -> None:
        """Give an account a new password (admin only); its sessions end."""
        admin = require_admin(actor, N_("reset other users' passwords"))
        validation.check_password(new_password)
        with self.db.read() as conn:
            prepared = self._prepare_slot(self._existing(conn, user_id).username, new_password)
        with self._write_with_slot(prepared) as conn:
            target = self._existing(conn, user_id)
            if not target.active:
                raise ConflictError(_("'%(username)s' is deactivated. Reactivate the account first.",
                                  username=target.username))
            self.users.bump_token_version(conn, user_id)
            self._audit(conn, admin, "password", target, _("Password reset for %(username)s", username=target.username))

    def change_own_password(self, actor: User | None, current: str, new_password: str) -> None:
        """Change your own password after proving the current one; your other sessions end."""
        me = require_user(actor)
        validation.check_password(new_password)
        throttle = LoginThrottle(self.paths.throttle, self.clock)  # a stolen token must not guess passwords
        throttle.check(me.username)
        if KeySlots.load(self.paths.keyslots).unwrap(user_slot_id(me.username), current) is None:
            throttle.failed(me.username)
            raise AuthError(_("The current password is not right."))
        throttle.succeeded(me.username)
        prepared = self._prepare_slot(me.username, new_password)
        with self._write_with_slot(prepared) as conn:
            self.users.bump_token_version(conn, me.id)
            self._audit(conn, me, "password", me, _("Password changed by %(username)s", username=me.username))

    def _existing(self, conn: Connection, user_id: str) -> User:
        target = self.users.get(conn, user_id)
        if target is None:
            raise NotFoundError(_("There is no such user."))
        return target

    def _audit(self, conn: Connection, actor: User, action: str, target: User, summary: str) -> None:
        self.audit.record(conn, at=self.clock.now(), actor_id=actor.id, action=action, entity="user",
                          entity_id=target.id, summary=summary)

    def _active_slots(self) -> set[str]:
        """The slot ids of the active accounts: a re-key seals the new key to these (and the recovery code) only."""
        with self.db.read() as conn:
            return {user_slot_id(u.username) for u in self.users.list_all(conn) if u.active}

    def _prepare_slot(self, username: str, password: str) -> Prepared:
        """Wrap a new slot's private key under `password` (bounded Argon2, no lock held; raises BusyError)."""
        return KeySlots.load(self.paths.keyslots).prepare(user_slot_id(username), password)

    def _write_with_slot(self, prepared: Prepared) -> AbstractContextManager[Connection]:
        """A users write transaction that also stores `prepared`, as one change (app.services.studio.slot_writes)."""
        return write_with_slot(self.db, self.paths.keyslots, prepared, write=self._write)
