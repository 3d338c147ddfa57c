"""The client's medical questionnaire: each save adds a version, and its alerts feed the red banner."""

from __future__ import annotations

from collections.abc import Callable

import flet as ft

from app.client.models import MedicalIn
from app.core.i18n import N_, _
from app.ui.components.forms import FormError, make_model
from app.ui.components.widgets import error_line, local_text, section, show_error
from app.ui.shell import FAILED

# (field name, label)
MEDICAL_FIELDS = (("allergies", N_("Allergies")), ("conditions", N_("Conditions")),
                  ("medications", N_("Medications")), ("skin_notes", N_("Skin notes")),
                  ("free_text", N_("Other medical notes")))


class MedicalSection:
    """The questionnaire's fields and "Save medical profile"; `on_saved` gets the new alerts."""

    def __init__(self, shell, client_id: str, profile, on_saved: Callable[[list[str]], None]):
        self.shell, self.client_id, self.on_saved = shell, client_id, on_saved
        self.fields = {name: ft.TextField(label=_(label), value=getattr(profile, name, "") if profile else "",
                                          multiline=True, min_lines=1, max_lines=4, width=520)
                       for name, label in MEDICAL_FIELDS}
        self.pregnancy = ft.Checkbox(label=_("Pregnant or breastfeeding"), value=bool(profile and profile.pregnancy))
        self.version = ft.Text(self._version_text(profile), size=12, color=ft.Colors.GREY_700)
        self.error = error_line()

    def build(self) -> ft.Control:
        """The block as shown on the client's page."""
        save = ft.Button(_("Save medical profile"), icon=ft.Icons.HEALTH_AND_SAFETY, on_click=lambda _e: self.save())
        return section(_("Medical profile"), self.version, *self.fields.values(), self.pregnancy, self.error, save)

    def save(self) -> None:
        """Save the whole questionnaire as a new version and refresh the alert banner."""
        values = {name: (field.value or "").strip() for name, field in self.fields.items()}
        try:
            request = make_model(MedicalIn, {**values, "pregnancy": bool(self.pregnancy.value)},
                                 {name: _(label) for name, label in MEDICAL_FIELDS})
        except FormError as exc:
            show_error(self.error, str(exc))
            return
        saved = self.shell.act(self.shell.client.clients.save_medical, self.client_id, request, error=self.error)
        if saved is FAILED:
            return
        show_error(self.error, None)
        self.version.value = self._version_text(saved.profile)
        self.on_saved([alert.text for alert in saved.alerts])
        self.shell.notify(_("Medical profile saved."))

    def _version_text(self, profile) -> str:
        if profile is None:
            return _("No questionnaire on file yet.")
        return _("Version %(version)s, saved %(when)s.", version=profile.version,
                 when=local_text(profile.recorded_at, self.shell.settings))
