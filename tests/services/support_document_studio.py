"""Helpers for document tests: a money studio with a client full of health and contact data, inks, consent, payments."""

from __future__ import annotations

import io
from dataclasses import dataclass
from datetime import date

from app.core.clock import FixedClock
from app.reports.charts import plt
from app.services.clients.consents import ConsentService
from app.services.clients.service import ClientService
from tests.services.support_clients import add_ink
from tests.services.support_money_studio import MoneyStudio

CLIENT_FIRST, CLIENT_LAST = "Zoë <Ana>", "O'Neil & Daughters"
SECRETS = ("latex-allergy-QX7", "haemophilia-QX7", "warfarin-QX7", "+34 611 222 333", "zoe.qx7@example.org",
           "Calle Secreta 7", "Mum 600 000 111")


def signature_png() -> bytes:
    """A real signature-like PNG drawn with matplotlib."""
    figure, axes = plt.subplots(figsize=(3, 1))
    axes.plot([0, 1, 2, 3, 4], [0, 1, 0, 1.2, 0.2], color="black")
    axes.axis("off")
    out = io.BytesIO()
    figure.savefig(out, format="png", dpi=60)
    plt.close(figure)
    return out.getvalue()


@dataclass(frozen=True)
class DocumentWorld:
    """Ids of what was written: the client, their session and consent."""

    client_id: str
    session_id: str
    consent_id: str


def fill(studio: MoneyStudio) -> DocumentWorld:
    """Add the client (with medical and contact data), a session with two inks, a consent, payments, a closed day."""
    clock = FixedClock(studio.clock.now())
    clients = ClientService(studio.db, clock)
    client = clients.create(studio.admin, first_name=CLIENT_FIRST, last_name=CLIENT_LAST,
                            birth_date=date(1990, 5, 1), phone=SECRETS[3], email=SECRETS[4], address=SECRETS[5],
                            emergency_contact=SECRETS[6], notes="prefers mornings")
    clients.save_medical(studio.admin, client.id, allergies=SECRETS[0], conditions=SECRETS[1], medications=SECRETS[2])
    session_id = studio.session(300_00, client_id=client.id)
    add_ink(studio.opened, session_id, "Eternal", "Lipstick Red", "LOT-4711", date(2027, 1, 31))
    add_ink(studio.opened, session_id, "Dynamic", "Triple Black", "DB-0815", date(2026, 12, 1))
    consent = ConsentService(studio.db, clock).record(studio.staff, session_id, form_version="v3",
                                                      signature_png=signature_png())
    pay = studio.payments.take_payment
    pay(studio.staff, amount_minor=100_00, method="card", kind="deposit", session_id=session_id)
    pay(studio.staff, amount_minor=200_00, method="cash", kind="payment", session_id=session_id)
    pay(studio.staff, amount_minor=15_50, method="cash", kind="tip", session_id=session_id)
    studio.register.open_day(studio.staff, "today", 50_00)
    studio.register.close_day(studio.staff, "today", 260_00)
    return DocumentWorld(client.id, session_id, consent.id)
