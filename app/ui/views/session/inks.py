"""The inks used in a session (its ink passport): pick a lot and add it, or record a new lot first."""

from __future__ import annotations

from datetime import date

import flet as ft

from app.client.models import InkLotIn
from app.core.i18n import N_, _
from app.ui.components.forms import FormError, make_model
from app.ui.components.widgets import error_line, section, show_error
from app.ui.shell import FAILED

LOT_LABELS = {"brand": N_("Brand"), "colour": N_("Colour"), "lot": N_("Lot number"),
              "expires_on": N_("Expires on (YYYY-MM-DD)")}


def lot_text(lot) -> str:
    """An ink lot as people name it: 'Eternal Black · lot A12 · expires 2027-01-31'."""
    values = {"brand": lot.brand, "colour": lot.colour, "lot": lot.lot, "day": lot.expires_on.isoformat()}
    if getattr(lot, "expired", False):
        return _("%(brand)s %(colour)s · lot %(lot)s · expires %(day)s (expired)", **values)
    return _("%(brand)s %(colour)s · lot %(lot)s · expires %(day)s", **values)


class InksSection:
    """The session's inks, the lot picker with "Add ink", and a small form for a new lot."""

    def __init__(self, shell, session):
        self.shell, self.session = shell, session
        self.used = ft.Column([], spacing=4)
        self.picker = ft.Dropdown(label=_("Ink lot"), width=460, options=[])
        self.error = error_line()
        self.new_fields = {name: ft.TextField(label=_(label), width=200) for name, label in LOT_LABELS.items()}
        self.new_error = error_line()

    def build(self) -> ft.Control:
        """The block as shown on the session page."""
        self._show_used(self.shell.client.inks.inks(self.session.id))
        self._fill_picker(self.shell.client.inks.ink_lots())
        add = ft.Button(_("Add ink"), icon=ft.Icons.ADD, on_click=lambda _e: self.add())
        new_lot = ft.ExpansionTile(
            title=ft.Text(_("Record a new ink lot")),
            controls=[ft.Row(list(self.new_fields.values()), wrap=True), self.new_error,
                      ft.Button(_("Save ink lot"), icon=ft.Icons.SAVE, on_click=lambda _e: self.save_lot())])
        return section(_("Inks used"), self.used, ft.Row([self.picker, add]), self.error, new_lot)

    def _show_used(self, inks: list) -> None:
        self.used.controls = [ft.Row([ft.Icon(ft.Icons.WATER_DROP, color=ft.Colors.BLUE_GREY_400),
                                      ft.Text(lot_text(i))]) for i in inks] or [
            ft.Text(_("No inks recorded for this session yet."), italic=True, color=ft.Colors.GREY_700)]

    def _fill_picker(self, lots: list) -> None:
        self.picker.options = [ft.DropdownOption(key=lot.id, text=lot_text(lot))
                               for lot in sorted(lots, key=lambda lot: (lot.expired, lot.brand, lot.colour))]

    def add(self) -> None:
        """Record the picked lot as used; an expired lot is refused with the API's sentence."""
        if not self.picker.value:
            show_error(self.error, _("Pick an ink lot first."))
            return
        recorded = self.shell.act(self.shell.client.inks.record_ink, self.session.id, self.picker.value,
                                  error=self.error)
        if recorded is FAILED:
            return
        show_error(self.error, None)
        self.picker.value = None
        inks = self.shell.act(self.shell.client.inks.inks, self.session.id)
        if inks is not FAILED:
            self._show_used(inks)
        self.shell.notify(_("%(brand)s %(colour)s lot %(lot)s recorded.", brand=recorded.brand, colour=recorded.colour,
                            lot=recorded.lot))

    def save_lot(self) -> None:
        """Record a new ink lot and pick it, ready for "Add ink"."""
        values = {name: (field.value or "").strip() for name, field in self.new_fields.items()}
        try:
            expires = date.fromisoformat(values["expires_on"])
        except ValueError:
            show_error(self.new_error, _("Type the expiry date like 2027-01-31 (it is printed on the bottle)."))
            return
        try:
            request = make_model(InkLotIn, {**values, "expires_on": expires},
                                 {name: _(label) for name, label in LOT_LABELS.items()})
        except FormError as exc:
            show_error(self.new_error, str(exc))
            return
        lot = self.shell.act(self.shell.client.inks.add_ink_lot, request, error=self.new_error)
        if lot is FAILED:
            return
        show_error(self.new_error, None)
        for field in self.new_fields.values():
            field.value = ""
        lots = self.shell.act(self.shell.client.inks.ink_lots)
        if lots is not FAILED:
            self._fill_picker(lots)
            self.picker.value = lot.id
        self.shell.notify(_("Ink lot %(lot)s recorded.", lot=lot.lot))
