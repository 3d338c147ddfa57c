"""Admin's "Assistant" settings: who may use it, who may include health, the aftercare text, nightly briefings,
and the studio's opening hours per weekday (the assistant counts free hours within them)."""

from __future__ import annotations

from typing import Any

import flet as ft

from app.client.models import SettingsIn
from app.core.i18n import N_, _
from app.domain.bounds import AFTERCARE_MAX
from app.domain.errors import ValidationError
from app.domain.opening_hours import check_opening_hours, weekday_name
from app.ui.components.widgets import error_line, section, show_error
from app.ui.shell import FAILED

# (setting, label) of the on/off switches; marked here, translated when the panel is built
SWITCHES = (("assistant_for_staff", N_("Staff may use the assistant")),
            ("assistant_health_for_staff", N_("Staff may include health alerts in client summaries")),
            ("nightly_briefing", N_("Make each artist's briefing for tomorrow every night")))


class AssistantSettingsPanel:
    """The assistant's switches and the studio's aftercare text; admins always may use it and include health."""

    def __init__(self, shell, on_change=lambda: None):
        self.shell, self.on_change = shell, on_change
        self.switches = {name: ft.Checkbox(label=_(label), value=False) for name, label in SWITCHES}
        self.aftercare = ft.TextField(label=_("Aftercare text (the assistant drafts from it)"), multiline=True,
                                      min_lines=3, max_lines=10, width=640, max_length=AFTERCARE_MAX)
        self.hours = [ft.TextField(label=weekday_name(day), width=150, hint_text="10:00-20:00") for day in range(7)]
        self.model_path = ft.TextField(label=_("Model file (.gguf) on this computer"), width=520)
        self.models = ft.Column(spacing=4)
        self.error = error_line()
        self.current: Any = None  # the SettingsOut the panel was filled with

    def build(self, settings) -> ft.Control:
        """Return the panel filled with `settings`."""
        self._fill(settings)
        self._fill_models()
        return section(_("Assistant"), self.models,
                       ft.Row([self.model_path, ft.OutlinedButton(_("Import model"), icon=ft.Icons.UPLOAD_FILE,
                                                                  on_click=lambda _e: self.import_model())]),
                       *self.switches.values(), self.aftercare,
                       ft.Text(_("Opening hours (free hours are counted within them; leave a day empty when the "
                                 "studio is closed)")),
                       ft.Row(list(self.hours), wrap=True, spacing=8),
                       ft.Button(_("Save assistant settings"), icon=ft.Icons.SAVE, on_click=lambda _e: self.save()),
                       self.error)

    def import_model(self) -> None:
        """Copy the model file onto the stick and pin it, behind a progress dialog (a big file takes minutes)."""
        path = (self.model_path.value or "").strip()
        if not path:
            show_error(self.error, _("Type the full path of the model's .gguf file first."))
            self.shell.page.update()
            return
        show_error(self.error, None)
        self.shell.run_long(_("Importing the model"), lambda: self.shell.client.assistant.import_model(path),
                            self._imported)

    def _imported(self, model) -> None:
        self.model_path.value = ""
        self._fill_models()
        self.shell.notify(_("%(name)s is imported. The Assistant screen shows from the next login.", name=model.name))

    def _fill_models(self) -> None:
        found = self.shell.act(self.shell.client.assistant.models)
        if found is FAILED:
            return
        self.models.controls = [ft.Text(_(
            "%(name)s (%(architecture)s, %(size)s MB, licence %(licence)s, context %(context)s tokens, about "
            "%(memory)s MB of memory when loaded)", name=m.name, architecture=m.architecture,
            size=round(m.size_bytes / 2**20, 1), licence=m.licence or "-", context=m.context_used,
            memory=round(m.memory_bytes / 2**20))) for m in found] or [
            ft.Text(_("No model is imported: the assistant stays hidden until an admin imports one."))]

    def _fill(self, settings) -> None:
        self.current = settings
        for name, box in self.switches.items():
            box.value = bool(getattr(settings, name))
        self.aftercare.value = settings.aftercare_text
        for field, text in zip(self.hours, settings.opening_hours, strict=True):
            field.value = text

    def save(self) -> None:
        """Send what changed; the app reads the settings again (the Assistant screen follows at the next login)."""
        changed: dict = {name: bool(box.value) for name, box in self.switches.items()
                         if bool(box.value) != getattr(self.current, name)}
        text = (self.aftercare.value or "").strip()
        if text != self.current.aftercare_text:
            changed["aftercare_text"] = text
        try:  # checked here too: a sentence naming the day, before anything is sent
            hours = list(check_opening_hours([field.value or "" for field in self.hours]))
        except ValidationError as exc:
            show_error(self.error, str(exc))
            self.shell.page.update()
            return
        if hours != list(self.current.opening_hours):
            changed["opening_hours"] = hours
        if not changed:
            show_error(self.error, _("Nothing was changed."))
            self.shell.page.update()
            return
        saved = self.shell.act(self.shell.client.update_settings, SettingsIn(**changed), error=self.error)
        if saved is FAILED:
            return
        show_error(self.error, None)
        self._fill(saved)
        self.shell.reload_settings()
        self.shell.notify(_("Assistant settings saved."))
        self.on_change()
