"""Saving a document the API made: a save dialog on the desktop, a download in a browser."""

from __future__ import annotations

from pathlib import Path

import flet as ft

from app.core.i18n import _
from app.core.windows_names import refuse_reserved
from app.domain.errors import ValidationError
from app.ui.shell import FAILED


async def save_document(shell, fetch, day, file_name: str) -> None:
    """Fetch a document of a day from the API and save it where the person chooses (a download in a browser)."""
    data = shell.act(fetch, day)
    if data is FAILED:
        return
    try:
        path = await ft.FilePicker().save_file(dialog_title=_("Save %(file)s", file=file_name), file_name=file_name,
                                               src_bytes=data)
    except (RuntimeError, TimeoutError) as exc:
        shell.notify(_("The save dialog could not open (%(problem)s). On Linux it needs zenity.", problem=exc),
                     error=True)
        return
    if shell.page.web:
        shell.notify(_("%(file)s was downloaded by the browser.", file=file_name))
        return
    if not path:
        return  # the person cancelled the dialog
    try:
        refuse_reserved(path, "file name")
    except ValidationError as refused:
        shell.notify(str(refused), error=True)
        return
    try:
        Path(path).write_bytes(data)
    except OSError as exc:
        shell.notify(_("%(file)s could not be saved to %(path)s: %(problem)s. Choose another folder.", file=file_name,
                       path=path, problem=exc.strerror), error=True)
        return
    shell.notify(_("Saved %(file)s to %(path)s.", file=file_name, path=path))
