"""The studio's daily work over HTTP: clients, consents, sessions, inks, payments, the register."""

from __future__ import annotations

from datetime import date, datetime

from app.client.http import ApiSession
from app.client.models import (
    AnonymiseIn,
    ClientCreateIn,
    ClientDetailOut,
    ClientOut,
    ClientSummaryOut,
    ClientUpdateIn,
    CloseDayIn,
    ConsentEntryOut,
    ConsentIn,
    ConsentOut,
    IdCheckIn,
    InkLotIn,
    InkLotOut,
    MedicalIn,
    MedicalOut,
    OpenDayIn,
    PaymentIn,
    PaymentOut,
    RegisterDayOut,
    SessionBalanceOut,
    SessionBookIn,
    SessionEditIn,
    SessionInkIn,
    SessionInkOut,
    SessionMoveIn,
    SessionOut,
    SessionStatusIn,
)


class ClientsApi:
    """Clients, their medical profile, ID checks, consents and GDPR requests."""

    def __init__(self, session: ApiSession):
        self._s = session

    def search(self, text: str) -> list[ClientSummaryOut]:
        return self._s.call("GET", "/api/clients", list[ClientSummaryOut], params={"q": text})

    def create(self, client: ClientCreateIn) -> ClientOut:
        return self._s.call("POST", "/api/clients", ClientOut, json=client)

    def get(self, client_id: str) -> ClientDetailOut:
        return self._s.call("GET", f"/api/clients/{client_id}", ClientDetailOut)

    def update(self, client_id: str, changes: ClientUpdateIn) -> ClientOut:
        return self._s.call("PATCH", f"/api/clients/{client_id}", ClientOut, json=changes)

    def save_medical(self, client_id: str, profile: MedicalIn) -> MedicalOut:
        return self._s.call("PUT", f"/api/clients/{client_id}/medical", MedicalOut, json=profile)

    def record_id_check(self, client_id: str, check: IdCheckIn) -> ClientOut:
        return self._s.call("POST", f"/api/clients/{client_id}/id-check", ClientOut, json=check)

    def export(self, client_id: str) -> dict:
        return self._s.call("GET", f"/api/clients/{client_id}/export", dict)

    def anonymise(self, client_id: str, request: AnonymiseIn) -> ClientOut:
        return self._s.call("POST", f"/api/clients/{client_id}/anonymise", ClientOut, json=request)

    def record_consent(self, session_id: str, consent: ConsentIn) -> ConsentOut:
        return self._s.call("POST", f"/api/sessions/{session_id}/consents", ConsentOut, json=consent)

    def consents_of(self, client_id: str) -> list[ConsentOut]:
        return self._s.call("GET", f"/api/clients/{client_id}/consents", list[ConsentOut])

    def consent_list(self, **filters) -> list[ConsentEntryOut]:
        return self._s.call("GET", "/api/consents", list[ConsentEntryOut], params=filters)


class SessionsApi:
    """Booking, moving and finishing sessions, and the ink lots used in them."""

    def __init__(self, session: ApiSession):
        self._s = session

    def book(self, booking: SessionBookIn) -> SessionOut:
        return self._s.call("POST", "/api/sessions", SessionOut, json=booking)

    def between(self, start: datetime, end: datetime, artist_id: str | None = None) -> list[SessionOut]:
        params = {"from": start.isoformat(), "to": end.isoformat(), "artist_id": artist_id}
        return self._s.call("GET", "/api/sessions", list[SessionOut], params=params)

    def get(self, session_id: str) -> SessionOut:
        return self._s.call("GET", f"/api/sessions/{session_id}", SessionOut)

    def edit(self, session_id: str, changes: SessionEditIn) -> SessionOut:
        return self._s.call("PATCH", f"/api/sessions/{session_id}", SessionOut, json=changes)

    def move(self, session_id: str, move: SessionMoveIn) -> SessionOut:
        return self._s.call("POST", f"/api/sessions/{session_id}/move", SessionOut, json=move)

    def set_status(self, session_id: str, change: SessionStatusIn) -> SessionOut:
        return self._s.call("POST", f"/api/sessions/{session_id}/status", SessionOut, json=change)

    def record_ink(self, session_id: str, ink_lot_id: str) -> SessionInkOut:
        return self._s.call("POST", f"/api/sessions/{session_id}/inks", SessionInkOut,
                            json=SessionInkIn(ink_lot_id=ink_lot_id))

    def inks(self, session_id: str) -> list[SessionInkOut]:
        return self._s.call("GET", f"/api/sessions/{session_id}/inks", list[SessionInkOut])

    def add_ink_lot(self, lot: InkLotIn) -> InkLotOut:
        return self._s.call("POST", "/api/ink-lots", InkLotOut, json=lot)

    def ink_lots(self) -> list[InkLotOut]:
        return self._s.call("GET", "/api/ink-lots", list[InkLotOut])


class MoneyApi:
    """Payments, session balances and the register day."""

    def __init__(self, session: ApiSession):
        self._s = session

    def take(self, payment: PaymentIn) -> PaymentOut:
        return self._s.call("POST", "/api/payments", PaymentOut, json=payment)

    def payments(self, **filters) -> list[PaymentOut]:
        return self._s.call("GET", "/api/payments", list[PaymentOut], params=filters)

    def balance(self, session_id: str) -> SessionBalanceOut:
        return self._s.call("GET", f"/api/sessions/{session_id}/balance", SessionBalanceOut)

    def register_day(self, day: date | str = "today") -> RegisterDayOut:
        return self._s.call("GET", f"/api/register/{day}", RegisterDayOut)

    def open_day(self, day: date | str, opening_float_minor: int) -> RegisterDayOut:
        return self._s.call("POST", f"/api/register/{day}/open", RegisterDayOut,
                            json=OpenDayIn(opening_float_minor=opening_float_minor))

    def close_day(self, day: date | str, counted_cash_minor: int) -> RegisterDayOut:
        return self._s.call("POST", f"/api/register/{day}/close", RegisterDayOut,
                            json=CloseDayIn(counted_cash_minor=counted_cash_minor))
