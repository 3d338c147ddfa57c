"""Admin's studio settings form: every setting of the studio, saved in one go (a form other settings reuse)."""

from __future__ import annotations

import flet as ft
from pydantic import ValidationError

from app.client.models import SettingsIn
from app.core.i18n import N_, _
from app.ui.components.widgets import error_line, section, show_error
from app.ui.shell import FAILED

# (field, label, whole number: (lowest, highest) else None, help shown under the field); the labels and help are
# marked here and translated when the form is built
FIELDS = (
    ("studio_name", N_("Studio name"), None, ""),
    ("currency", N_("Currency"), None, N_("Three letters, like EUR.")),
    ("timezone", N_("Time zone"), None, N_("Like Europe/Madrid.")),
    ("locale", N_("Locale"), None, N_("Like es_ES or en.")),
    ("retention_years", N_("Keep records (years)"), (1, 50), ""),
    ("minimum_age", N_("Minimum age"), (16, 99), ""),
    ("backup_every_hours", N_("Back up every (hours)"), (1, 24), ""),
    ("buffer_minutes", N_("Buffer between sessions (minutes)"), (0, 120), ""),
    ("lock_after_minutes", N_("Lock after idle (minutes, 0 = never)"), (0, 240), ""),
    ("intake_code_minutes", N_("QR codes last (minutes)"), (1, 10), ""),
    ("consent_text", N_("Treatment consent clients sign by QR"), None,
     N_("Empty: the standard text. Clients read it on their phone before they sign.")),
)
LONG_TEXT = ("consent_text",)  # typed over several lines


def hint(bounds: tuple[int, int] | None, note: str) -> str:
    """The help under a field in the current language: its note, or a whole number's bounds."""
    if bounds:
        return _("%(low)s to %(high)s.", low=bounds[0], high=bounds[1])
    return _(note) if note else ""


class SettingsPanel:
    """The studio's settings; only the changed ones are sent, and the app reloads them after saving."""

    title, button, saved_note = N_("Studio settings"), N_("Save settings"), N_("Settings saved.")
    form: tuple[tuple[str, str, tuple[int, int] | None, str], ...] = FIELDS

    def __init__(self, shell, on_change=lambda: None):
        self.shell, self.on_change = shell, on_change
        self.fields = {name: ft.TextField(label=_(label), width=612 if name in LONG_TEXT else 300,
                                          multiline=name in LONG_TEXT, min_lines=3 if name in LONG_TEXT else None,
                                          helper=hint(bounds, note) or None)
                       for name, label, bounds, note in self.form}
        self.error = error_line()
        self.current = None

    def build(self, settings) -> ft.Control:
        """Return the form filled with `settings`, its save button and its error line."""
        self._fill(settings)
        return section(_(self.title), ft.Row(list(self.fields.values()), wrap=True, spacing=12,
                                          vertical_alignment=ft.CrossAxisAlignment.START),
                       *self.extra(), ft.Button(_(self.button), icon=ft.Icons.SAVE, on_click=lambda _e: self.save()),
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
        for name, label, bounds, _note in self.form:
            text = (self.fields[name].value or "").strip()
            value: int | str
            if bounds:
                try:
                    value = int(text)
                except ValueError:
                    return _("%(label)s must be a whole number (%(low)s to %(high)s).", label=_(label),
                             low=bounds[0], high=bounds[1]), {}
            else:
                value = text.upper() if name == "currency" else text
            if value != getattr(self.current, name):
                changed[name] = value
        return None, changed

    def save(self) -> None:
        """Send the changed settings; on an error the typed values stay."""
        problem, changed = self.changes()
        if problem is None and not changed:
            problem = _("Nothing was changed.")
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
        self.shell.notify(_(self.saved_note))
        self.on_change()

    def problem(self, changed: dict) -> str | None:
        """A sentence naming the first setting outside its limits, checked before anything is sent."""
        try:
            SettingsIn(**changed)
        except ValidationError as exc:
            name = str(exc.errors()[0]["loc"][0])
            label, bounds, note = next((lbl, b, h) for n, lbl, b, h in self.form if n == name)
            return _("%(label)s is not valid. %(help)s", label=_(label),
                     help=hint(bounds, note) or _("Check what was typed."))
        return None
