"""Admin's "Backups kept" form: the retention policy's five numbers and the sentence saying what they keep."""

from __future__ import annotations

import flet as ft

from app.core.i18n import N_
from app.domain.backups import check_kept
from app.domain.bounds import KEEP_RANGES
from app.domain.errors import ValidationError
from app.ui.views.admin.settings import SettingsPanel

# (setting, label, its bounds (the domain's), no other help) as the settings form reads them
FIELDS = (
    ("keep_hours", N_("Every backup of the last (hours)"), KEEP_RANGES["keep_hours"][:2], ""),
    ("keep_daily", N_("Newest of each day, for (days)"), KEEP_RANGES["keep_daily"][:2], ""),
    ("keep_weekly", N_("Newest of each week, for (weeks)"), KEEP_RANGES["keep_weekly"][:2], ""),
    ("keep_monthly", N_("Newest of each month, for (months)"), KEEP_RANGES["keep_monthly"][:2], ""),
    ("keep_others", N_("Safety copies of each kind"), KEEP_RANGES["keep_others"][:2], ""),
)


class BackupsKeptPanel(SettingsPanel):
    """What each prune keeps, stored with the studio settings; the next backup's prune follows a change."""

    title, button, saved_note, form = N_("Backups kept"), N_("Save backups kept"), N_("Backups kept saved."), FIELDS

    def __init__(self, shell, on_change=lambda: None):
        super().__init__(shell, on_change)
        self.sentence = ft.Text("", italic=True)

    def extra(self) -> list[ft.Control]:
        """The controls under the fields: the sentence saying what the policy keeps."""
        return [self.sentence]

    def _fill(self, settings) -> None:
        super()._fill(settings)
        self.sentence.value = settings.backups_kept

    def problem(self, changed: dict) -> str | None:
        """The sentence the studio would answer with, for the first number outside its bounds."""
        try:
            for name, value in changed.items():
                check_kept(name, value)
        except ValidationError as exc:
            return str(exc)
        return None
