"""What the Backups screen calls things, in the screens' language: states, kinds, jobs, tables, sizes, moments.

The tables of labels are marked with `N_()` and translated where they are shown; a value the app does not know
(a Prefect state or a table added later) is shown as it is.
"""

from __future__ import annotations

from babel.numbers import format_decimal

from app.core.i18n import N_, _, ngettext
from app.domain.dates import moment_text
from app.ui.components.widgets import display_locale

STATES = {"verified": N_("verified"), "unknown": N_("unknown"), "bad": N_("bad"), "missing": N_("missing")}
KINDS = {"backup": N_("backup"), "before-restore": N_("before a restore"),
         "before-migration": N_("before an update"), "damaged": N_("damaged")}
RUN_STATES = {"Completed": N_("Completed"), "Failed": N_("Failed"), "Crashed": N_("Crashed"),
              "Cancelled": N_("Cancelled")}
JOBS = {"backup-local": N_("Backup"), "mirror-backups": N_("Mirror copy"), "prune-backups": N_("Prune"),
        "verify-newest": N_("Verify"), "sync-studio": N_("Sync")}
TABLES = {"clients": N_("clients"), "sessions": N_("sessions"), "payments": N_("payments"),
          "consents": N_("consents"), "users": N_("users"), "audit_log": N_("audit log")}
UNITS = (N_("%(amount)s KB"), N_("%(amount)s MB"), N_("%(amount)s GB"))


def label(table: dict[str, str], value: str) -> str:
    """`value` as the screens call it (a value without a label is shown as it is)."""
    return _(table[value]) if value in table else value


def size_text(size: int | None) -> str:
    """Bytes for people: 1536 -> '1.5 KB' (the number in the screens' format)."""
    if size is None:
        return "—"
    if size < 1024:
        return ngettext("%(n)s byte", "%(n)s bytes", size)
    amount, unit = size / 1024, UNITS[0]
    for unit in UNITS:
        if amount < 1024 or unit == UNITS[-1]:
            break
        amount /= 1024
    return _(unit, amount=format_decimal(amount, "0.0", locale=display_locale()))


def seconds_text(seconds: float) -> str:
    """A duration for people: '3.2 s'."""
    return _("%(seconds)s s", seconds=format_decimal(seconds, "0.0", locale=display_locale()))


def when_text(shell, moment) -> str:
    """A moment on the studio's wall clock in the screens' language, like '14 de marzo de 2026, 16:00'."""
    return "—" if moment is None else moment_text(moment.astimezone(shell.zone), display_locale())
