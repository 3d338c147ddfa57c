"""A whole studio day, done by a script over HTTP with the typed client, as staff and admin."""

from __future__ import annotations

import base64
from datetime import date, datetime, timedelta
from zoneinfo import ZoneInfo

import pytest

from app.api.serving import serving
from app.client import StudioClient
from app.contract.booking import InkLotIn, SessionBookIn, SessionMoveIn, SessionStatusIn
from app.contract.clients import AnonymiseIn, ClientCreateIn, MedicalIn
from app.contract.consents import ConsentIn
from app.contract.register import PaymentIn
from app.contract.users import UserCreateIn
from app.domain.errors import ConflictError, ForbiddenError
from tests.conftest import ADMIN, ADMIN_PASSWORD
from tests.services.support_clients import png

MADRID = ZoneInfo("Europe/Madrid")


def tiny_png() -> str:
    """A small grey PNG, base64: a stand-in for a signature drawn on the canvas."""
    return base64.b64encode(png()).decode()


@pytest.fixture
def people(created, stick):
    """A running server, an admin client and a staff client, and an artist."""
    with serving(stick) as served:
        admin, staff = StudioClient(served.url), StudioClient(served.url)
        admin.login(ADMIN, ADMIN_PASSWORD)
        admin.create_user(UserCreateIn(username="desk", display_name="Front Desk", role="staff",
                                       password="desk password"))
        artist = admin.create_user(UserCreateIn(username="kai", display_name="Kai", role="staff",
                                                password="kai password", is_artist=True, commission_pct=50))
        staff.login("desk", "desk password")
        yield admin, staff, artist
        admin.close()
        staff.close()


def test_a_day_at_the_studio(people):
    admin, staff, artist = people
    today = datetime.now(MADRID).date()
    staff.register.open_day("today", opening_float_minor=10_000)

    client = staff.clients.create(ClientCreateIn(first_name="Lucía", last_name="Ferrer", birth_date=date(1994, 2, 3),
                                                 phone="+34 600 111 222", email="lucia@example.org"))
    medical = staff.clients.save_medical(client.id, MedicalIn(allergies="latex"))
    assert medical.alerts, "a latex allergy must raise an alert"
    assert staff.clients.search("luc")[0].has_alert

    start = datetime.combine(today + timedelta(days=1), datetime.min.time(), MADRID).replace(hour=11)
    booked = staff.sessions.book(SessionBookIn(client_id=client.id, artist_id=artist.id, starts_at=start,
                                               duration_min=120, placement="forearm", quote_minor=30_000,
                                               deposit_required_minor=5_000))
    assert booked.client_has_alert
    staff.register.take(PaymentIn(amount_minor=5_000, method="card", kind="deposit", session_id=booked.id))

    moved = staff.sessions.move(booked.id, SessionMoveIn(version=booked.version, starts_at=start + timedelta(hours=3)))
    with pytest.raises(ConflictError, match="reload and try again"):
        staff.sessions.move(booked.id, SessionMoveIn(version=booked.version, starts_at=start))

    staff.consents.record_consent(booked.id, ConsentIn(form_version="2026-01", signature_png_base64=tiny_png()))
    lot = staff.inks.add_ink_lot(InkLotIn(brand="Eternal", colour="Lining Black", lot="EB-2291",
                                              expires_on=today + timedelta(days=300)))
    staff.inks.record_ink(booked.id, lot.id)
    version = moved.version
    for status in ("confirmed", "in_progress", "done"):
        version = staff.sessions.set_status(booked.id, SessionStatusIn(status=status, version=version)).version

    assert staff.register.balance(booked.id).balance_minor == 25_000
    staff.register.take(PaymentIn(amount_minor=25_000, method="cash", kind="payment", session_id=booked.id))
    staff.register.take(PaymentIn(amount_minor=2_000, method="cash", kind="tip", session_id=booked.id))
    assert staff.register.balance(booked.id).balance_minor == 0

    register = staff.register.register_day("today")
    assert register.totals_by_method["cash"] == 27_000 and register.totals_by_method["card"] == 5_000
    assert register.expected_cash_minor == 10_000 + 27_000
    closed = staff.register.close_day("today", counted_cash_minor=37_000)
    assert closed.is_closed and closed.close.difference_minor == 0
    with pytest.raises(ConflictError):
        staff.register.take(PaymentIn(amount_minor=1_000, method="cash", kind="payment", session_id=booked.id))

    detail = staff.clients.get(client.id)
    assert [i.lot for i in detail.inks] == ["EB-2291"] and len(detail.consents) == 1
    with pytest.raises(ForbiddenError):
        staff.list_users()
    with pytest.raises(ForbiddenError):
        staff.clients.anonymise(client.id, AnonymiseIn(override=True))
    trail = {(e.entity, e.action) for e in admin.audit(limit=200)}
    assert trail >= {("client", "create"), ("client", "medical"), ("consent", "create"), ("ink_lot", "create"),
                     ("payment", "create"), ("register_day", "open"), ("register_day", "close"),
                     ("session", "book"), ("session", "move"), ("session", "ink"), ("session", "status")}
    assert not any("Lucía" in e.summary or "latex" in e.summary for e in admin.audit(limit=200))
