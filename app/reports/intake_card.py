"""The printable "scan to register" card for a kiosk code: one A4 page with the studio's name, the QR code,
the address written beneath it, one line saying what to do, and until when the code works."""

from __future__ import annotations

from reportlab.lib.units import mm
from reportlab.platypus import Spacer

from app.reports.pdf_layout import PageHead, picture, render, text


def kiosk_card(head: PageHead, qr_png: bytes, url: str, instruction: str, until: str) -> bytes:
    """The card as PDF bytes; every text goes through the escaped, font-covered paragraphs of pdf_layout."""
    story = [text(head.studio, "Title"), Spacer(1, 6 * mm), picture(qr_png, 110 * mm), Spacer(1, 4 * mm),
             text(url), Spacer(1, 6 * mm), text(instruction, "Heading2"), text(until)]
    return render(head, story)
