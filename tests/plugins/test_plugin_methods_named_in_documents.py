"""A payment taken in a plugin's method is named by the plugin's label in the documents and exports (the Z report
and period report PDFs, the payments and register CSVs, by_method.csv of the accountant's ZIP), never by its code."""

from __future__ import annotations

import re
import subprocess
from datetime import date, datetime
from zoneinfo import ZoneInfo

from tests.plugins.conftest import book
from tests.plugins.support_gift_cards import redeem, sell


def _today() -> date:
    return datetime.now(ZoneInfo("Europe/Madrid")).date()


def _pdf_text(pdf: bytes, tmp_path) -> str:
    path = tmp_path / "document.pdf"
    path.write_bytes(pdf)
    return subprocess.run(["pdftotext", "-layout", str(path), "-"], capture_output=True, text=True, check=True,
                          timeout=60).stdout


def test_a_gift_card_payment_reads_gift_card_in_every_document(rig, tmp_path):
    services, today = rig.container.services, _today()
    redeem(rig, rig.staff, sell(rig, rig.staff, 5000).code, 1200, book(rig, quote_minor=9000))

    z_report = _pdf_text(services.documents.z_report(rig.admin, today).content, tmp_path)
    period = _pdf_text(services.documents.period_report(rig.admin, today, today).content, tmp_path)
    register = services.reports.register_csv(rig.staff, "today").content.decode("utf-8-sig")
    payments = services.reports.payments_csv(rig.admin, today, today).content.decode("utf-8-sig")
    by_method = services.accounting.contents(rig.admin, today, today)["by_method.csv"].decode("utf-8-sig")

    for document in (z_report, period, register, payments, by_method):
        assert "Gift card" in document
        assert not re.search(r"\bgift_card\b", document)  # the code (the plugin's own name, gift_cards, may show)
