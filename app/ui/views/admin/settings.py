"""Admin's studio settings form: every setting of the studio, saved in one go (a form other settings reuse)."""

from __future__ import annotations

import flet as ft
from pydantic import ValidationError

from app.client.models import SettingsIn
from app.ui.components.widgets import error_line, section, show_error
from app.ui.shell import FAILED

# (field, label, is a whole number, help shown under the form)
FIELDS = (
    ("studio_name", "Studio name", False, ""),
    ("currency", "Currency", False, "Three letters, like EUR."),
    ("timezone", "Time zone", False, "Like Europe/Madrid."),
    ("locale", "Locale", False, "Like es_ES or en."),
    ("retention_years", "Keep records (years)", True, "1 to 50."),
    ("minimum_age", "Minimum age", True, "16 to 99."),
    ("backup_every_hours", "Back up every (hours)", True, "1 to 24."),
    ("buffer_minutes", "Buffer between sessions (minutes)", True, "0 to 120."),
    ("lock_after_minutes", "Lock after idle (minutes, 0 = never)", True, "0 to 240."),
)


class SettingsPanel:
    """The studio's settings; only the changed ones are sent, and the app reloads them after saving."""

    title, button, saved_note = "Studio settings", "Save settings", "Settings saved."
    form: tuple[tuple[str, str, bool, str], ...] = FIELDS

    def __init__(self, shell, on_change=lambda: None):
        self.shell, self.on_change = shell, on_change
        self.fields = {name: ft.TextField(label=label, width=300, helper=hint or None)
                       for name, label, _, hint in self.form}
        self.error = error_line()
        self.current = None

    def build(self, settings) -> ft.Control:
        """Return the form filled with `settings`, its save button and its error line."""
        self._fill(settings)
        return section(self.title, ft.Row(list(self.fields.values()), wrap=True, spacing=12,
                                          vertical_alignment=ft.CrossAxisAlignment.START),
                       *self.extra(), ft.Button(self.button, icon=ft.Icons.SAVE, on_click=lambda _e: self.save()),
                       self.error)

    def extra(self) -> list[ft.Control]:
        """Controls shown under the fields (none here)."""
        return []

    def _fill(self, settings) -> None:
        self.current = settings
        for name, field in self.fields.items():
            field.value = str(getattr(settings, name))

    def changes(self) -> tuple[str | None, dict]:
        """The settings that differ from the stored ones, or a sentence about the first one that is not valid."""
        changed: dict = {}
        for name, label, whole, hint in self.form:
            text = (self.fields[name].value or "").strip()
            value: int | str
            if whole:
                try:
                    value = int(text)
                except ValueError:
                    return f"{label} must be a whole number ({hint.rstrip('.')}).", {}
            else:
                value = text.upper() if name == "currency" else text
            if value != getattr(self.current, name):
                changed[name] = value
        return None, changed

    def save(self) -> None:
        """Send the changed settings; on an error the typed values stay."""
        problem, changed = self.changes()
        if problem is None and not changed:
            problem = "Nothing was changed."
        if problem is None:
            problem = self.problem(changed)
        if problem:
            show_error(self.error, problem)
            return
        saved = self.shell.act(self.shell.client.update_settings, SettingsIn(**changed), error=self.error)
        if saved is FAILED:
            return
        show_error(self.error, None)
        self._fill(saved)
        self.shell.reload_settings()
        self.shell.notify(self.saved_note)
        self.on_change()

    def problem(self, changed: dict) -> str | None:
        """A sentence naming the first setting outside its limits, checked before anything is sent."""
        try:
            SettingsIn(**changed)
        except ValidationError as exc:
            name = str(exc.errors()[0]["loc"][0])
            label, hint = next((lbl, h) for n, lbl, _, h in self.form if n == name)
            return f"{label} is not valid. {hint or 'Check what was typed.'}".strip()
        return None
