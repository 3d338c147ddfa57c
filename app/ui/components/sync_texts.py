"""The sync's quiet sentences, shared by the Admin screen's Sync panel and the Backups screen: "Last synced 3 hours
ago", changes waiting to go, conflicts to look at (in the screens' language)."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta

from babel.dates import format_timedelta

from app.core.i18n import _, ngettext
from app.ui.components.widgets import display_locale


def last_synced(status, now: datetime | None = None) -> str:
    """'Last synced 3 hours ago.', or 'Not synced yet.'."""
    if not status.last_sync_at:
        return _("Not synced yet.")
    try:
        moment = datetime.fromisoformat(status.last_sync_at)
    except ValueError:
        return _("Not synced yet.")
    if moment.tzinfo is None:
        moment = moment.replace(tzinfo=UTC)
    ago = min(moment - (now or datetime.now(UTC)), timedelta(0))  # never "in 2 seconds" on a clock skew
    return _("Last synced %(ago)s.", ago=format_timedelta(ago, add_direction=True, locale=display_locale()))


def pending_text(status) -> str:
    """'2 changes waiting to be sent.' or 'Nothing waiting to be sent.'."""
    if not status.pending:
        return _("Nothing waiting to be sent.")
    return ngettext("%(n)s change waiting to be sent.", "%(n)s changes waiting to be sent.", status.pending)


def conflicts_text(status) -> str:
    """'1 sync conflict to look at.' or 'No sync conflicts.'."""
    if not status.conflicts:
        return _("No sync conflicts.")
    return ngettext("%(n)s sync conflict to look at.", "%(n)s sync conflicts to look at.", status.conflicts)


def quiet_line(status, now: datetime | None = None) -> str:
    """The one line the Backups screen shows when the studio syncs."""
    return " ".join((last_synced(status, now), pending_text(status), conflicts_text(status)))
