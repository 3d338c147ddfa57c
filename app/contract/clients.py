"""Clients, their medical profile and alerts, ID checks and anonymisation: request and response models."""

from __future__ import annotations

from datetime import date, datetime

from pydantic import Field
from pydantic.json_schema import JsonDict

from app.contract.common import Day, Out, Query, Strict

# Document-only shapes: the service checks the same and says what is wrong in a sentence.
_NAME: JsonDict = {"minLength": 1, "pattern": r"\S"}
_PHONE: JsonDict = {"pattern": r"^(\+?[ ().\-/]*([0-9][ ().\-/]*){6,20})?$"}
_EMAIL: JsonDict = {"pattern": r"^([^@\s]+@[^@\s]+\.[^@\s.]+)?$"}


class ClientFieldsIn(Strict):
    """What a person types about a client; every field may be cleared with null except the names."""

    first_name: str | None = Field(default=None, max_length=120, json_schema_extra=_NAME)
    last_name: str | None = Field(default=None, max_length=120, json_schema_extra=_NAME)
    birth_date: Day | None = None
    phone: str | None = Field(default=None, max_length=40, json_schema_extra=_PHONE)
    email: str | None = Field(default=None, max_length=200, json_schema_extra=_EMAIL)
    address: str | None = Field(default=None, max_length=500)
    emergency_contact: str | None = Field(default=None, max_length=300)
    notes: str | None = Field(default=None, max_length=5000)
    marketing_consent: bool | None = None
    photo_consent: bool | None = None


class ClientCreateIn(ClientFieldsIn):
    """A new client: the names are required, everything else may follow later."""
    first_name: str = Field(max_length=120, json_schema_extra=_NAME)
    last_name: str = Field(max_length=120, json_schema_extra=_NAME)
    marketing_consent: bool = False
    photo_consent: bool = False
    allow_duplicate: bool = Field(default=False, description="Add the client even if they look like one on file.")


class ClientUpdateIn(ClientFieldsIn):
    """Only the fields sent change; the names can be changed, never cleared (null is refused)."""

    # An absent name stays None (defaults are not validated) while a sent null is refused: pydantic has no
    # type for "optional but not nullable", so the annotation says what a sent value must be.
    first_name: str = Field(default=None, max_length=120, json_schema_extra=_NAME)  # type: ignore[assignment]
    last_name: str = Field(default=None, max_length=120, json_schema_extra=_NAME)  # type: ignore[assignment]


class ClientQuery(Query):
    """What was typed in the client search."""
    q: str = Field(default="", max_length=200, description="Typed text: word prefixes of name, phone or email.")


class ClientOut(Out):
    """A client's record, without the medical profile."""
    id: str
    first_name: str
    last_name: str
    birth_date: date | None
    phone: str | None
    email: str | None
    address: str | None
    emergency_contact: str | None
    id_check_type: str | None
    id_checked_by: str | None
    id_checked_at: datetime | None
    notes: str | None
    marketing_consent: bool
    photo_consent: bool
    anonymised_at: datetime | None
    created_at: datetime
    updated_at: datetime


class ClientSummaryOut(Out):
    """A client in a search result, flagged when a medical alert is on file."""
    id: str
    first_name: str
    last_name: str
    birth_date: date | None
    phone: str | None
    email: str | None
    has_alert: bool


class MedicalIn(Strict):
    """The whole questionnaire; saving it adds a new version."""

    allergies: str = Field(default="", max_length=2000)
    conditions: str = Field(default="", max_length=2000)
    medications: str = Field(default="", max_length=2000)
    skin_notes: str = Field(default="", max_length=2000)
    pregnancy: bool = False
    free_text: str = Field(default="", max_length=5000)


class MedicalProfileOut(Out):
    """One version of a client's medical questionnaire."""
    id: str
    version: int
    allergies: str
    conditions: str
    medications: str
    skin_notes: str
    pregnancy: bool
    free_text: str
    recorded_by: str | None
    recorded_at: datetime


class AlertOut(Out):
    """A medical alert derived from the questionnaire, for the artist to see first."""
    kind: str
    text: str


class MedicalOut(Out):
    """The medical questionnaire just saved, with the alerts it raises."""
    profile: MedicalProfileOut
    alerts: list[AlertOut]


class IdCheckIn(Strict):
    """The type of ID document that was checked (never a scan)."""
    document_type: str = Field(min_length=1, max_length=40, description="For example passport, DNI, driving licence.")


class AnonymiseIn(Strict):
    """Whether to anonymise even inside the retention period."""
    override: bool = Field(default=False, description="Anonymise even inside the retention period.")


class SessionHistoryOut(Out):
    """One of a client's sessions, in their history."""
    id: str
    starts_at: datetime
    duration_min: int
    artist_id: str
    artist_name: str
    status: str
    placement: str


class PaymentHistoryOut(Out):
    """One of a client's payments, in their history."""
    id: str
    amount_minor: int
    kind: str
    method: str
    taken_at: datetime
    session_id: str | None


class InkUseOut(Out):
    """An ink lot used on a client, with the session it was used in."""
    session_id: str
    session_starts_at: datetime
    brand: str
    colour: str
    lot: str
    expires_on: date


class ConsentOut(Out):
    """A signed consent (its signature image comes only in the PDF and the export)."""
    id: str
    session_id: str
    client_id: str
    form_version: str
    signed_at: datetime
    has_signature: bool
    guardian_name: str | None
    guardian_relation: str | None
    recorded_by: str | None


class ClientDetailOut(Out):
    """A client with their medical profile, alerts, sessions, payments, consents and inks."""
    client: ClientOut
    medical: MedicalProfileOut | None
    alerts: list[AlertOut]
    sessions: list[SessionHistoryOut]
    payments: list[PaymentHistoryOut]
    consents: list[ConsentOut]
    inks: list[InkUseOut]
