"""A manual export: one backup, its key slots and its manifest line as a ZIP in any folder or drive."""

from __future__ import annotations

import errno
import json
import zipfile
from pathlib import Path
from typing import Any

from app.core.atomic import publish_atomic, temp_name
from app.core.filesystem import refuse_if_too_big
from app.core.i18n import N_, _
from app.core.windows_names import refuse_reserved
from app.domain.errors import StorageError, ValidationError
from app.services.backups.manifest import MANIFEST, keyslots_beside, sealed


def export_folder(text: str | Path) -> Path:
    """The folder an export goes to: a full path to an existing folder, else a sentence saying what to give."""
    folder = Path(text)  # no ~ expansion: the server's home is not the person's, and a full path is asked for
    if not str(text).strip() or not folder.is_absolute():
        raise ValidationError(_("'%(path)s' is not a full folder path. Give one like /media/usb or D:\\backups.",
                                path=text))
    refuse_reserved(folder, N_("folder name"))
    if not folder.is_dir():
        raise ValidationError(_("The folder %(folder)s does not exist (is the drive plugged in?). "
                                "Choose an existing folder.", folder=folder))
    return folder


def write_zip(backup: Path, entry: dict[str, Any], folder: Path, name: str | None = None) -> Path:
    """Write the database file `backup` (the point `name`, rebuilt when it is kept as chunks), its key slots
    and its manifest line as FOLDER/<name>.zip: a temp name, then a rename. Unzipped, the three files sit
    side by side as a point of one file, and `restore PATH/<name>.db` takes them as they are."""
    name = name or backup.name
    dest = folder / f"{Path(name).stem}.zip"
    slots = keyslots_beside(backup.with_name(name))
    line = sealed({k: v for k, v in entry.items() if k not in ("store", "check")})  # one file in the ZIP
    refuse_if_too_big(dest, backup.stat().st_size + (slots.stat().st_size if slots.exists() else 0),
                      N_("The backup export"))  # the drive it goes to may be FAT32
    tmp = temp_name(dest)
    try:
        with zipfile.ZipFile(tmp, "w", compression=zipfile.ZIP_STORED) as archive:  # encrypted: nothing to squeeze
            archive.write(backup, name)
            if slots.exists():
                archive.write(slots, slots.name)
            archive.writestr(MANIFEST, json.dumps(line, sort_keys=True) + "\n")
        publish_atomic(tmp, dest)
    except PermissionError:
        raise StorageError(_("The folder %(folder)s cannot be written to (read-only or no permission). "
                             "Choose another folder.", folder=folder)) from None
    except OSError as exc:
        if exc.errno == errno.ENOSPC:
            raise StorageError(_("The drive holding %(folder)s is full. Free some space or choose another "
                                 "drive.", folder=folder)) from None
        raise StorageError(_("The backup could not be written to %(folder)s (%(reason)s). "
                             "Choose another folder.", folder=folder, reason=exc.strerror or exc)) from None
    finally:
        tmp.unlink(missing_ok=True)
    return dest
