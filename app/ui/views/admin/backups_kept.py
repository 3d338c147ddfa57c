"""Admin's "Backups kept" form: the retention policy's five numbers and the sentence saying what they keep."""

from __future__ import annotations

import flet as ft

from app.domain.backups import check_kept
from app.domain.bounds import KEEP_RANGES
from app.domain.errors import ValidationError
from app.ui.views.admin.settings import SettingsPanel


def _hint(name: str) -> str:
    low, high = KEEP_RANGES[name][:2]
    return f"{low} to {high}."


# (setting, label, is a whole number, help shown under the field); the bounds are the domain's
FIELDS = (
    ("keep_hours", "Every backup of the last (hours)", True, _hint("keep_hours")),
    ("keep_daily", "Newest of each day, for (days)", True, _hint("keep_daily")),
    ("keep_weekly", "Newest of each week, for (weeks)", True, _hint("keep_weekly")),
    ("keep_monthly", "Newest of each month, for (months)", True, _hint("keep_monthly")),
    ("keep_others", "Safety copies of each kind", True, _hint("keep_others")),
)


class BackupsKeptPanel(SettingsPanel):
    """What each prune keeps, stored with the studio settings; the next backup's prune follows a change."""

    title, button, saved_note, form = "Backups kept", "Save backups kept", "Backups kept saved.", FIELDS

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
