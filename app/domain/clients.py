"""Client records: the person, their medical profile and alerts, consents, and their history."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date, datetime

from app.domain.errors import ConflictError

# Fields a person types about a client; create and edit accept exactly these.
CLIENT_FIELDS = ("first_name", "last_name", "birth_date", "phone", "email", "address", "emergency_contact",
                 "notes", "marketing_consent", "photo_consent")
MEDICAL_FIELDS = ("allergies", "conditions", "medications", "skin_notes", "pregnancy", "free_text")


class DuplicateClientError(ConflictError):
    """A new client looks like one already on file (same name and birth date, or same phone)."""

    def __init__(self, message: str, duplicate_ids: tuple[str, ...]):
        super().__init__(message)
        self.duplicate_ids = duplicate_ids


@dataclass(frozen=True)
class Client:
    """A client's personal record; `anonymised_at` is set once their personal fields were erased."""

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


@dataclass(frozen=True)
class ClientSummary:
    """One line of a client list; `has_alert` makes the UI show the client in red."""

    id: str
    first_name: str
    last_name: str
    birth_date: date | None
    phone: str | None
    email: str | None
    has_alert: bool = False


@dataclass(frozen=True)
class MedicalProfile:
    """One saved version of a client's medical questionnaire; the highest version is current."""

    id: str
    client_id: str
    version: int
    allergies: str
    conditions: str
    medications: str
    skin_notes: str
    pregnancy: bool
    free_text: str
    recorded_by: str | None
    recorded_at: datetime


@dataclass(frozen=True)
class Alert:
    """Something staff must see before they start work: kind (allergy, condition, anticoagulant, pregnancy)."""

    kind: str
    text: str


@dataclass(frozen=True)
class CurrentMedical:
    """A client's current medical profile and the alerts it raises."""

    profile: MedicalProfile
    alerts: tuple[Alert, ...]


@dataclass(frozen=True)
class Consent:
    """A signed treatment consent for one session (append-only); the image itself is fetched apart."""

    id: str
    session_id: str
    client_id: str
    form_version: str
    signed_at: datetime
    has_signature: bool
    guardian_name: str | None
    guardian_relation: str | None
    recorded_by: str | None


@dataclass(frozen=True)
class ConsentTarget:
    """The facts about a session that decide whether a consent can be recorded for it."""

    session_id: str
    client_id: str
    starts_at: datetime
    status: str


@dataclass(frozen=True)
class ConsentEntry:
    """A consent with what an inspector reads next to it: who, born when, which session, which artist."""

    consent: Consent
    client_name: str
    birth_date: date | None
    session_starts_at: datetime
    artist_id: str
    artist_name: str
    placement: str


@dataclass(frozen=True)
class SessionHistory:
    """One of a client's sessions, as their history lists it."""

    id: str
    starts_at: datetime
    duration_min: int
    artist_id: str
    artist_name: str
    status: str
    placement: str


@dataclass(frozen=True)
class PaymentHistory:
    """One of a client's payments (amount in minor units; kind says the direction)."""

    id: str
    amount_minor: int
    kind: str
    method: str
    taken_at: datetime
    session_id: str | None


@dataclass(frozen=True)
class InkUse:
    """An ink lot that went into one of the client's sessions (traceability)."""

    session_id: str
    session_starts_at: datetime
    brand: str
    colour: str
    lot: str
    expires_on: date


@dataclass(frozen=True)
class ClientDetail:
    """A client with their current medical profile, its alerts, and their whole history."""

    client: Client
    medical: MedicalProfile | None
    alerts: tuple[Alert, ...]
    sessions: tuple[SessionHistory, ...]
    payments: tuple[PaymentHistory, ...]
    consents: tuple[Consent, ...]
    inks: tuple[InkUse, ...]
