"""Names Windows reserves for devices (CON, NUL, COM1, ...): refused wherever a typed name becomes a file.

On Windows, `CON`, `nul.txt` or `D:\\backups\\aux\\` name a device, not a file or folder, in any folder:
writing "there" loses the data without an error. The stick moves between computers, so such names
are refused on every OS, with a sentence.
"""

from __future__ import annotations

import re
from pathlib import PurePath

from app.core.i18n import N_, _
from app.domain.errors import ValidationError

DEVICES = frozenset({"CON", "PRN", "AUX", "NUL", "CONIN$", "CONOUT$", "CLOCK$",
                     *(f"{kind}{n}" for kind in ("COM", "LPT") for n in (*"123456789", "¹", "²", "³"))})
_SEPARATORS = re.compile(r"[\\/]+")


def reserved_part(path: str | PurePath) -> str | None:
    """The first part of `path` (a folder or the file name) that Windows takes for a device, else None.
    A part is a device name when what comes before its first dot is one, ignoring case and trailing spaces."""
    for part in _SEPARATORS.split(str(path)):
        if part.split(".", 1)[0].rstrip(" ").upper() in DEVICES:
            return part
    return None


def refuse_reserved(path: str | PurePath, what: str = N_("name")) -> None:
    """Raise a ValidationError saying what to do when `path` holds a name reserved on Windows; `what` is the
    kind of name ("folder name"), marked with `N_()` where it is written and translated here."""
    found = reserved_part(path)
    if found is not None:
        raise ValidationError(_("'%(name)s' cannot be used as a %(what)s: Windows keeps that name for a device, "
                                "so nothing could be saved under it. Choose another name.", name=found, what=_(what)))
