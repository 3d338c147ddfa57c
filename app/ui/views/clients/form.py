"""The fields a person types about a client, shared by "New client" and "Edit" (typed text is kept on errors)."""

from __future__ import annotations

from datetime import date

import flet as ft

from app.core.i18n import N_, _
from app.ui.components.forms import FormError

# (field name, label, multiline)
TEXT_FIELDS = (
    ("first_name", N_("First name"), False), ("last_name", N_("Last name"), False),
    ("birth_date", N_("Birth date (YYYY-MM-DD)"), False), ("phone", N_("Phone"), False), ("email", N_("Email"), False),
    ("address", N_("Address"), True), ("emergency_contact", N_("Emergency contact"), False),
    ("notes", N_("Notes"), True),
)
TICKS = (("marketing_consent", N_("Agrees to marketing messages")),
         ("photo_consent", N_("Agrees to photos of the work")))



class ClientForm:
    """Text fields and ticks for a client's details; `values()` turns them into API fields or a sentence."""

    def __init__(self, client=None):
        self.fields: dict[str, ft.TextField] = {}
        for name, label, multiline in TEXT_FIELDS:
            value = getattr(client, name, None) if client is not None else None
            self.fields[name] = ft.TextField(label=_(label), value="" if value is None else str(value), width=360,
                                             multiline=multiline, min_lines=1, max_lines=3 if multiline else 1)
        self.ticks = {name: ft.Checkbox(label=_(label), value=bool(getattr(client, name, False)))
                      for name, label in TICKS}

    def controls(self) -> list[ft.Control]:
        """The fields in two columns, then the ticks."""
        texts: list[ft.Control] = list(self.fields.values())
        return [ft.Row([ft.Column(texts[:4], spacing=8), ft.Column(texts[4:], spacing=8)],
                       vertical_alignment=ft.CrossAxisAlignment.START, spacing=16),
                ft.Row(list(self.ticks.values()))]

    def text(self, name: str) -> str:
        """What is typed in one field, trimmed."""
        return (self.fields[name].value or "").strip()

    def values(self) -> dict:
        """Every field as the API takes it (blank text is None); raise FormError with a sentence if unusable."""
        if not self.text("first_name") or not self.text("last_name"):
            raise FormError(_("Type the client's first and last name."))
        values: dict = {name: self.text(name) or None for name in self.fields}
        if values["birth_date"] is not None:
            try:
                values["birth_date"] = date.fromisoformat(values["birth_date"])
            except ValueError:
                raise FormError(_("'%(typed)s' is not a date. Type the birth date like 1990-04-23.",
                                  typed=values["birth_date"])) from None
        values.update({name: bool(tick.value) for name, tick in self.ticks.items()})
        return values


def field_labels() -> dict[str, str]:
    """Each field's label in the current language, for sentences that name a field."""
    return {name: _(label) for name, label, _multiline in TEXT_FIELDS}
