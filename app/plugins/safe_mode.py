"""Safe mode: no plugin is loaded when the app was started with --safe-mode, or by itself after the app failed
to start twice in a row with plugins on.

"Failed to start" is counted with a tiny plaintext file under data/ holding one number (nothing personal):
it goes up just before plugins are loaded at unlock, and back to nothing once the app has started fine,
meaning the first signed-in request after the unlock was answered without a server error (the login went
through, the plugins' imports and startup hooks returned, and the first screen got its data). A start that
crashes, hangs until it is killed, or breaks the API in between leaves the number up.
"""

from __future__ import annotations

import logging
from pathlib import Path

from app.core.atomic import write_atomic
from app.core.i18n import N_

log = logging.getLogger(__name__)
FAILED_STARTS_FOR_SAFE_MODE = 2
FLAG = N_("Safe mode: the app was started with --safe-mode, so no plugin was loaded. Start it without "
          "--safe-mode to load the enabled plugins again.")
AUTOMATIC = N_("Safe mode: the app failed to start twice in a row with plugins on, so none was loaded this time. "
               "Disable the plugin that stops it here; the next start loads the enabled ones again.")


class StartCounter:
    """The count of starts in a row that loaded plugins and never got going."""

    def __init__(self, path: Path):
        self.path = path

    def failed_starts(self) -> int:
        """How many starts in a row failed with plugins on (an unreadable file counts as none)."""
        try:
            return int(self.path.read_text(encoding="ascii").strip() or 0)
        except (OSError, ValueError):
            return 0

    def starting(self) -> None:
        """Plugins are about to be loaded: count this start as failed until `started` says otherwise."""
        self._write(self.failed_starts() + 1)

    def started(self) -> None:
        """The app started fine: forget the failed starts."""
        try:
            self.path.unlink(missing_ok=True)
        except OSError as exc:
            log.warning("The plugin start counter could not be reset (%s).", type(exc).__name__)

    def _write(self, count: int) -> None:
        try:
            write_atomic(self.path, f"{count}\n".encode("ascii"))
        except OSError as exc:  # a read-only stick: the studio still opens, just without this safety net
            log.warning("The plugin start counter could not be written (%s).", type(exc).__name__)


def reason(safe_mode_flag: bool, counter: StartCounter) -> str | None:
    """Why this start loads no plugin (a marked sentence, translate it where it is shown), or None."""
    if safe_mode_flag:
        return FLAG
    if counter.failed_starts() >= FAILED_STARTS_FOR_SAFE_MODE:
        return AUTOMATIC
    return None
