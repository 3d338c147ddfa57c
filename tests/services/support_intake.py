"""Helpers for the intake tests: the two intake services on a fixed clock, and a whole, valid phone form."""

from __future__ import annotations

from app.core.clock import FixedClock
from app.services.intake.codes import IntakeCodes
from app.services.intake.pending import PendingRegistrations
from tests.services.support_clients import NOW


def intake(opened, clock: FixedClock | None = None) -> tuple[IntakeCodes, PendingRegistrations, FixedClock]:
    """The code and pending services over the opened studio, sharing one fixed clock."""
    clock = clock or FixedClock(NOW)
    codes = IntakeCodes(opened.db, clock)
    return codes, PendingRegistrations(opened.db, clock, codes), clock


def form(**changes: str) -> dict[str, str]:
    """A complete adult's form as a phone sends it, with some fields changed."""
    return {"first_name": "Lena", "last_name": "Okafor", "birth_date": "1994-07-02", "phone": "+34 611 222 333",
            "email": "lena@example.com", "address": "Calle Luna 4, Madrid", "emergency_contact": "Ade, +34 600 000 001",
            "allergies": "", "conditions": "", "medications": "", "skin_notes": "", "pregnancy": "",
            "free_text": "", "photo_consent": "yes", "marketing_consent": "", "treatment_consent": "yes",
            "guardian_name": "", "guardian_relation": "", **changes}
