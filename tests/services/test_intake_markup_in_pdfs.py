"""A registration whose every free text field holds HTML, script, an entity, reportlab paragraph markup and a
spreadsheet formula, accepted as a new client: the consent record and the ink passport of that client's
session print every one of those strings as written (pdftotext reads them back literally)."""

from __future__ import annotations

import subprocess
from datetime import date

from app.core.clock import FixedClock
from app.services.clients.consents import ConsentService
from app.services.reports.documents import DocumentService
from tests.services.support_clients import add_ink, png
from tests.services.support_document_studio import signature_png
from tests.services.support_intake import form, intake

MARKUP = "<b>bold</b> <script>alert(1)</script> &amp; <font color=red>x</font>"
FORMULA = '=HYPERLINK("x")'
TEXT_FIELDS = ("first_name", "last_name", "address", "emergency_contact", "allergies", "conditions",
               "medications", "skin_notes", "free_text")


def _read(tmp_path, content: bytes) -> str:
    path = tmp_path / "doc.pdf"
    path.write_bytes(content)
    text = subprocess.run(["pdftotext", str(path), "-"], capture_output=True, text=True, check=True).stdout
    return " ".join(text.split())


def test_markup_a_phone_typed_prints_as_written_in_the_consent_record_and_ink_passport(studio, tmp_path):
    clock = FixedClock(studio.clock.now())
    codes, pending, _ = intake(studio.opened, clock)
    ticket = codes.exchange(codes.open(studio.staff, "new_client", None).code)
    fields = {name: MARKUP for name in TEXT_FIELDS} | {"last_name": f"{MARKUP} {FORMULA}"}
    pending_id = pending.submit(ticket, form(**fields), png(), remote_addr="127.0.0.9", user_agent="Phone")
    client = pending.accept_new(studio.staff, pending_id)
    assert (client.first_name, client.last_name) == (MARKUP, f"{MARKUP} {FORMULA}")
    session_id = studio.session(100_00, client_id=client.id)
    add_ink(studio.opened, session_id, MARKUP, FORMULA, "LOT-1", date(2027, 1, 31))
    consent = ConsentService(studio.db, clock).record(studio.staff, session_id, form_version="v3",
                                                      signature_png=signature_png())
    docs = DocumentService(studio.db, clock)
    for content in (docs.consent_record(studio.staff, consent.id).content,
                    docs.ink_passport(studio.staff, session_id).content):
        text = _read(tmp_path, content)
        assert f"{MARKUP} {MARKUP} {FORMULA}" in text, text
        assert "&amp;amp;" not in text and "&lt;" not in text
