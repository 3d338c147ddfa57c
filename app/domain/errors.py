"""Domain errors: every message is a sentence a person can act on."""


# app.core.i18n imports app.core.atomic, which imports this module: so the marker is defined here (tools/i18n
# extracts any call named N_) and the translation is imported when a sentence is raised.
def N_(message: str) -> str:  # noqa: N802 (gettext's name for it)
    """Mark a sentence for the catalogs; it is translated where it is raised."""
    return message


def _translated(message: str) -> str:
    from app.core.i18n import _

    return _(message)


class DomainError(Exception):
    """Base of every error a person may see; `str()` is the sentence to show."""


class ValidationError(DomainError):
    """Input that breaks a rule; maps to HTTP 422."""


class AuthError(DomainError):
    """Wrong username, password or recovery key; maps to HTTP 401."""


class ThrottledError(AuthError):
    """Too many wrong passwords for one account; wait and try again."""

    def __init__(self, message: str, retry_after: float):
        super().__init__(message)
        self.retry_after = retry_after


class BusyError(DomainError):
    """The computer is busy with other work (e.g. checking another password); try again shortly."""

    def __init__(self, message: str, retry_after: float = 1.0):
        super().__init__(message)
        self.retry_after = retry_after


class ForbiddenError(DomainError):
    """The acting user's role does not allow this; maps to HTTP 403."""


class NotFoundError(DomainError):
    """The record does not exist; maps to HTTP 404."""


class ConflictError(DomainError):
    """The record changed or clashes with another; maps to HTTP 409."""


class StudioExistsError(ConflictError):
    """A studio already lives on this stick."""


class NoStudioError(NotFoundError):
    """There is no studio on this stick yet."""


class StickInUseError(ConflictError):
    """Another running copy of the app holds this stick."""


class StorageError(DomainError):
    """The stick's files are damaged, unreadable or full."""


class RestoreRunningError(DomainError):
    """A restore is replacing the live database: writes are refused until it ends; maps to HTTP 503."""


class StickFullError(StorageError):
    """The stick has no free space left; nothing was saved by the refused write. Maps to HTTP 503."""

    SENTENCE = N_("The stick is full: free space on it (move old exports or copied backups off the stick, "
                  "or empty the trash), then try again. Nothing already saved was lost.")

    def __init__(self, message: str | None = None):
        super().__init__(message or _translated(self.SENTENCE))


class StickReadOnlyError(StorageError):
    """The stick cannot be written (write-protect switch, read-only mount). Maps to HTTP 503."""

    SENTENCE = N_("This stick is read-only, so the studio cannot save anything. Slide the stick's lock "
                  "switch off, or copy the whole folder to this computer (or any writable drive) and run the "
                  "launcher from the copy.")  # the launchers say the same before the app starts

    def __init__(self, message: str | None = None):
        super().__init__(message or _translated(self.SENTENCE))
