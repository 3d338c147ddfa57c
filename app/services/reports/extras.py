"""What enabled plugins add to a period's exports (the extend_exports hook), checked before any of it is used:
lines need a label and a whole amount, files a plain ASCII name (no folders, no '..', nothing absolute)."""

from __future__ import annotations

import logging
import re
from dataclasses import dataclass
from datetime import date

from app.core.windows_names import reserved_part
from app.domain.records import User
from app.plugins.spec import PluginCalls, ReportLine

log = logging.getLogger(__name__)
SAFE_NAME = re.compile(r"[A-Za-z0-9][A-Za-z0-9._-]{0,99}")  # one file, ASCII, not hidden, no path


@dataclass(frozen=True)
class PluginExtras:
    """One plugin's checked additions: its lines for the reports and its files for plugins/<name>/ in the ZIP."""

    name: str
    lines: tuple[ReportLine, ...]
    files: dict[str, bytes]

    def rows(self) -> tuple[str, list[tuple[str, int]]]:
        """(plugin name, [(label, amount in minor units)]) as documents show them."""
        return self.name, [(line.label, line.amount_minor) for line in self.lines]


def safe_file_name(name: object) -> bool:
    """Whether a plugin's file name can go into the ZIP as it is: one plain ASCII file name, never a path."""
    return (isinstance(name, str) and SAFE_NAME.fullmatch(name) is not None and ".." not in name
            and reserved_part(name) is None)


def plugin_extras(plugins: PluginCalls, actor: User | None, start: date, end: date) -> list[PluginExtras]:
    """Ask every enabled plugin for its lines and files of start..end; leave out (with a warning in the log,
    naming the plugin only) any line or file that is not as the hook says."""
    found = []
    for name, extras in plugins("extend_exports", actor, start=start, end=end):
        lines = tuple(line for line in getattr(extras, "lines", ()) if _good_line(name, line))
        files = {}
        offered = dict(getattr(extras, "files", {}) or {}) if safe_file_name(name) else {}  # its folder's name
        for file, content in offered.items():
            if safe_file_name(file) and isinstance(content, bytes):
                files[file] = content
            else:
                log.warning("Plugin %s offered an export file that was left out: a file needs a plain ASCII name "
                            "(no folders, no '..') and bytes.", name)
        if lines or files:
            found.append(PluginExtras(name, lines, files))
    return found


def _good_line(plugin: str, line: object) -> bool:
    label, amount = getattr(line, "label", None), getattr(line, "amount_minor", None)
    if isinstance(label, str) and label.strip() and isinstance(amount, int) and not isinstance(amount, bool):
        return True
    log.warning("Plugin %s offered a report line that was left out: a line needs a label and whole minor units.",
                plugin)
    return False
