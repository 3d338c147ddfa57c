"""Creating a studio on a stick, unlocking it, and managing the key slots of its users."""

from __future__ import annotations

import logging
import uuid
from collections.abc import Callable
from dataclasses import dataclass, field
from typing import TypeVar

from app.core import crypto, i18n
from app.core.clock import Clock
from app.core.i18n import _
from app.core.keyslots import RECOVERY_SLOT, KeySlots, user_slot_id
from app.core.paths import StickPaths
from app.core.throttle import LoginThrottle
from app.db import migrate
from app.db.engine import Database
from app.db.integrity import check_file
from app.db.repos.audit import AuditRepository
from app.db.repos.settings import SettingsRepository
from app.db.repos.users import UserRepository
from app.domain import validation
from app.domain.errors import AuthError, DomainError, ForbiddenError, NotFoundError, StudioExistsError, ValidationError
from app.domain.records import StudioSettings, User
from app.services.backups.store import write_backup
from app.services.studio.rekey import finish_interrupted_rekey
from app.services.studio.slot_writes import write_with_slot
from app.services.studio.user_keys import store_record

RECOVERY_ACCOUNT = "(recovery code)"
log = logging.getLogger(__name__)
_T = TypeVar("_T")


@dataclass(frozen=True)
class Unwrapped:
    """A password that opened its slot: the database key, and the slots it came from (for the upgrade)."""

    key: bytes = field(repr=False)
    slots: KeySlots = field(repr=False)


@dataclass
class OpenStudio:
    """An unlocked studio: the open database and who unlocked it (None for the recovery code)."""

    db: Database
    user: User | None
    settings: StudioSettings

    def close(self) -> None:
        """Close the studio's database."""
        self.db.close()


@dataclass
class UserStudio(OpenStudio):
    """A studio unlocked by a user's password (or just created by its first admin): `user` is who."""

    user: User


class StudioService:
    """Set up, unlock and re-key the studio on one stick."""

    def __init__(self, paths: StickPaths, clock: Clock | None = None, kdf: crypto.KdfParams | None = None):
        self.paths = paths
        self.clock = clock or Clock()
        self.kdf = kdf or crypto.KdfParams()
        self.throttle = LoginThrottle(paths.throttle, self.clock)
        self.users = UserRepository()
        self.settings = SettingsRepository()
        self.audit = AuditRepository()

    def exists(self) -> bool:
        """Return whether a studio (or the remains of one) is on this stick."""
        return self.paths.keyslots.exists() or self.paths.db.exists()

    def create(self, settings: StudioSettings, admin_username: str, admin_password: str,
               admin_display_name: str | None = None) -> tuple[UserStudio, str]:
        """Create the studio with its first admin; return it open, with the recovery code to show once."""
        settings = StudioSettings(**{**settings.__dict__,
                                     "studio_name": validation.check_studio_name(settings.studio_name),
                                     "currency": validation.check_currency(settings.currency),
                                     "timezone": validation.check_timezone(settings.timezone)})
        validation.check_username(admin_username)
        validation.check_password(admin_password)
        if self.exists():
            raise StudioExistsError(_("A studio already exists at %(folder)s. Nothing was changed; "
                                      "use another folder or unlock that studio.", folder=self.paths.root))
        self.paths.ensure()
        db_key, code = crypto.new_db_key(), crypto.new_recovery_code()
        try:
            db = Database(self.paths.db, db_key)
            migrate.upgrade(db)
            with db.write() as conn:
                self.settings.save(conn, settings)
                admin = self.users.add(conn, username=admin_username, role="admin",
                                       display_name=admin_display_name or admin_username)
                self.audit.record(conn, at=self.clock.now(), actor_id=admin.id, action="create",
                                  entity="studio", entity_id=None, summary=_("Studio created"))
            slots = KeySlots.create(self.paths.keyslots, db_id=str(uuid.uuid4()), params=self.kdf)
            slots.put(user_slot_id(admin_username), admin_password, db_key)
            slots.put(RECOVERY_SLOT, code, db_key)
            slots.save()
            with db.write() as conn:  # the admin's key record, for the studio's other devices
                store_record(conn, slots, user_slot_id(admin_username))
        except BaseException:
            self.discard_unfinished()
            raise
        return UserStudio(db=db, user=admin, settings=settings), code

    def discard_unfinished(self) -> None:
        """Delete a studio this process has just begun creating and could not finish; never
        call it on a studio in use (it removes the database and the key slots)."""
        for path in (self.paths.keyslots, self.paths.db, self.paths.db.with_name("studio.db-journal")):
            path.unlink(missing_ok=True)

    def _slots(self) -> KeySlots:
        """The live key slots, after finishing any re-key a crash cut short."""
        if finish_interrupted_rekey(self.paths):
            log.warning("A re-key that was cut short was finished at unlock")
        return KeySlots.load(self.paths.keyslots)

    @staticmethod
    def _upgrade(slots: KeySlots) -> None:
        """Turn the slots just opened into today's format (a failure here never costs the login)."""
        try:
            if slots.upgrade_opened():
                log.info("A key slot was upgraded to the sealed format")
        except (OSError, DomainError) as exc:
            log.warning("A key slot could not be upgraded (%s); it still opens as before", type(exc).__name__)

    def unlock(self, username: str, password: str) -> OpenStudio:
        """Open the studio with a user's password (throttled per account)."""
        return self.open_as(self.key_for(username, password), username)

    def key_for(self, username: str, password: str) -> Unwrapped:
        """Return the database key `username`'s password unwraps, with the slots it came from (throttled;
        the slow Argon2 part, so callers must not hold a lock others wait on), or raise AuthError / BusyError."""
        slots = self._slots()
        return Unwrapped(self._throttled(username, lambda: slots.unwrap_user(username, password)), slots)

    def open_as(self, unwrapped: Unwrapped, username: str) -> UserStudio:
        """Open the database with a key `key_for` returned, as `username` (who must be active)."""
        studio = self._open(unwrapped.key)
        try:
            user = self.user_for_key(studio, unwrapped, username)
        except BaseException:
            studio.close()
            raise
        return UserStudio(db=studio.db, user=user, settings=studio.settings)

    def authenticate(self, studio: OpenStudio, username: str, password: str) -> User:
        """Check a user's password against the already open studio (throttled); return the user."""
        return self.user_for_key(studio, self.key_for(username, password), username)

    def user_for_key(self, studio: OpenStudio, unwrapped: Unwrapped, username: str) -> User:
        """Return the active user `username` of the open studio, given what their password unwrapped;
        then a format 1 slot it opened is upgraded (quick: the derived key is reused)."""
        if unwrapped.key.hex() != studio.db.key_hex():
            raise AuthError(_("Wrong username or password. Check both and try again."))
        with studio.db.read() as conn:
            user = self.users.by_username(conn, username)
            settings = self.settings.load(conn)
        if user is None or not user.active:
            raise AuthError(_("The account '%(username)s' is deactivated. Ask an admin to reactivate it.",
                              username=username))
        self._upgrade(unwrapped.slots)
        i18n.remember(self.paths.language, settings.locale)  # the login screen's language next time
        return user

    def unlock_with_recovery(self, code: str) -> OpenStudio:
        """Open the studio with the recovery code (throttled like an account)."""
        slots = self._slots()
        studio = self._open(self._throttled(RECOVERY_ACCOUNT, lambda: slots.unwrap_recovery(code)))
        self._upgrade(slots)
        return studio

    def _throttled(self, account: str, attempt: Callable[[], _T]) -> _T:
        self.throttle.check(account)
        try:
            result = attempt()
        except AuthError:
            self.throttle.failed(account)
            log.warning("Unlock refused (wrong secret)")
            raise
        self.throttle.succeeded(account)
        return result

    def _open(self, db_key: bytes) -> OpenStudio:
        db = Database(self.paths.db, db_key)
        try:
            migrate.upgrade(db, before_change=lambda old, new: self.backup_before_migration(db, old, new))
            with db.read() as conn:
                settings = self.settings.load(conn)
        except BaseException:
            db.close()
            raise
        return OpenStudio(db=db, user=None, settings=settings)

    def backup_before_migration(self, db: Database, old: str, new: str) -> None:
        """Keep a restore point (with its key slots and manifest line) before migrating the database."""
        record = write_backup(db, self.paths, self.clock, kind="before-migration", label=f"{old}-to-{new}")
        log.info("Pre-migration backup taken: %s -> %s, %d bytes", old, new, record.size)

    def change_password(self, studio: OpenStudio, current: str, new: str) -> None:
        """Re-wrap the unlocking user's slot under a new password; their old tokens stop working."""
        if studio.user is None:
            raise ForbiddenError(_("Unlock with a user's password to change that user's password."))
        validation.check_password(new)
        slots, username = KeySlots.load(self.paths.keyslots), studio.user.username
        db_key = self._throttled(username, lambda: slots.unwrap_user(username, current))
        if db_key.hex() != studio.db.key_hex():
            raise ValidationError(_("That password belongs to another studio's key."))
        self._set_password(studio, slots, studio.user, new, actor=studio.user)

    def reset_password(self, studio: OpenStudio, username: str, new: str) -> None:
        """Give `username` a new password; allowed to an admin or to whoever holds the recovery code."""
        if studio.user is not None and not studio.user.is_admin:
            raise ForbiddenError(_("Only an admin can reset another user's password."))
        validation.check_password(new)
        with studio.db.read() as conn:
            target = self.users.by_username(conn, username)
        if target is None:
            raise NotFoundError(_("There is no user called '%(username)s'.", username=username))
        self._set_password(studio, KeySlots.load(self.paths.keyslots), target, new, actor=studio.user)

    def _set_password(self, studio: OpenStudio, slots: KeySlots, target: User, new: str,
                      actor: User | None) -> None:
        prepared = slots.prepare(user_slot_id(target.username), new)  # slow; before any lock
        with write_with_slot(studio.db, self.paths.keyslots, prepared) as conn:  # a failed save rolls back
            self.users.bump_token_version(conn, target.id)
            self.audit.record(conn, at=self.clock.now(), actor_id=actor.id if actor else None,
                              action="password", entity="user", entity_id=target.id,
                              summary=_("Password set for %(username)s", username=target.username))

    def check(self, username: str, password: str) -> list[str]:
        """Unlock a user's slot and run SQLite's and SQLCipher's checks; return the problems found.
        The database is opened read-only in spirit: no migration runs."""
        slots = self._slots()
        db_key = self._throttled(username, lambda: slots.unwrap_user(username, password))
        return check_file(self.paths.db, db_key)
