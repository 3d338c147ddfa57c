"""Consent capture for a session: the form version, a guardian for minors and the signature drawn on the pad."""

from __future__ import annotations

import base64

import flet as ft

from app.client.models import ConsentIn
from app.core.i18n import N_, _
from app.ui.components.forms import FormError, make_model
from app.ui.components.widgets import error_line, local_text, section, show_error
from app.ui.shell import FAILED
from app.ui.signature import SignaturePad

FORM_VERSION = "v1"  # the studio's current printed consent form
LABELS = {"form_version": N_("Consent form version"), "guardian_name": N_("Guardian name"),
          "guardian_relation": N_("Guardian relation"), "signature_png_base64": N_("Signature")}


class ConsentSection:
    """The session's signed consents and the form to take a new one."""

    def __init__(self, shell, session):
        self.shell, self.session = shell, session
        label = {name: _(text) for name, text in LABELS.items()}
        self.form_version = ft.TextField(label=label["form_version"], value=FORM_VERSION, width=340)
        self.guardian_name = ft.TextField(label=label["guardian_name"], width=300,
                                          hint_text=_("Only for clients under 18"))
        self.guardian_relation = ft.TextField(label=label["guardian_relation"], width=240,
                                              hint_text=_("mother, father, legal guardian"))
        self.pad = SignaturePad()
        self.records = ft.Column([], spacing=4)
        self.error = error_line()

    def build(self) -> ft.Control:
        """The block as shown on the session page."""
        consents = self.shell.client.consents.consents_of(self.session.client_id)
        self._show([c for c in consents if c.session_id == self.session.id])
        save = ft.Button(_("Save consent"), icon=ft.Icons.DRAW, on_click=lambda _e: self.save())
        return section(_("Consent"), self.records,
                       ft.Row([self.form_version, self.guardian_name, self.guardian_relation], wrap=True),
                       self.pad.build(), self.error, save)

    def _show(self, consents: list) -> None:
        if not consents:
            self.records.controls = [ft.Text(_("No consent signed for this session yet."), italic=True,
                                             color=ft.Colors.ORANGE_900)]
            return
        rows: list[ft.Control] = []
        for c in consents:
            signed = local_text(c.signed_at, self.shell.settings)
            text = (_("Form %(version)s signed %(when)s with guardian %(guardian)s (%(relation)s)",
                      version=c.form_version, when=signed, guardian=c.guardian_name, relation=c.guardian_relation)
                    if c.guardian_name else _("Form %(version)s signed %(when)s", version=c.form_version, when=signed))
            rows.append(ft.Row([ft.Icon(ft.Icons.VERIFIED, color=ft.Colors.GREEN_700), ft.Text(text)]))
        self.records.controls = rows

    def save(self) -> None:
        """Send the form and the signature as a PNG; on a refusal everything typed and drawn stays."""
        if self.pad.is_empty:
            show_error(self.error, _("Ask the client to sign inside the box first."))
            return
        values = {"form_version": (self.form_version.value or "").strip(),
                  "signature_png_base64": base64.b64encode(self.pad.png_bytes()).decode("ascii"),
                  "guardian_name": (self.guardian_name.value or "").strip() or None,
                  "guardian_relation": (self.guardian_relation.value or "").strip() or None}
        try:
            request = make_model(ConsentIn, values, {name: _(label) for name, label in LABELS.items()})
        except FormError as exc:
            show_error(self.error, str(exc))
            return
        saved = self.shell.act(self.shell.client.consents.record_consent, self.session.id, request, error=self.error)
        if saved is FAILED:
            return
        show_error(self.error, None)
        self.pad.clear()
        consents = self.shell.act(self.shell.client.consents.consents_of, self.session.client_id)
        self._show([saved] if consents is FAILED else [c for c in consents if c.session_id == self.session.id])
        self.shell.notify(_("Consent saved."))
