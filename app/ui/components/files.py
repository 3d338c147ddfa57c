"""Saving a document the API made: a save dialog on the desktop, a download in a browser."""

from __future__ import annotations

from pathlib import Path

import flet as ft

from app.core.windows_names import refuse_reserved
from app.domain.errors import ValidationError
from app.ui.shell import FAILED


async def save_document(shell, fetch, day, file_name: str) -> None:
    """Fetch a document of a day from the API and save it where the person chooses (a download in a browser)."""
    data = shell.act(fetch, day)
    if data is FAILED:
        return
    try:
        path = await ft.FilePicker().save_file(dialog_title=f"Save {file_name}", file_name=file_name, src_bytes=data)
    except (RuntimeError, TimeoutError) as exc:
        shell.notify(f"The save dialog could not open ({exc}). On Linux it needs zenity.", error=True)
        return
    if shell.page.web:
        shell.notify(f"{file_name} was downloaded by the browser.")
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
        shell.notify(f"{file_name} could not be saved to {path}: {exc.strerror}. Choose another folder.", error=True)
        return
    shell.notify(f"Saved {file_name} to {path}.")
