"""Registration by QR code: the codes staff open, what a client's phone sends, and the pending entries staff
accept or reject. Records only; the rules live in app.domain.intake_rules."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date, datetime

KINDS = ("new_client", "check_in", "kiosk")
MAX_CODE_MINUTES = 10  # a one-time code lives at most this long (the setting may only shorten it)
FORM_MINUTES = 30  # a form session, once a code was exchanged for it, lives this long
CONSENT_FORM_VERSION = "qr-1"  # the version of the phone form the consent record names

# The fields of the phone form, as sent and as kept in a pending entry (all text; "yes" for a ticked box).
PERSON_FIELDS = ("first_name", "last_name", "birth_date", "phone", "email", "address", "emergency_contact")
HEALTH_FIELDS = ("allergies", "conditions", "medications", "skin_notes", "pregnancy", "free_text")
CONSENT_FIELDS = ("photo_consent", "marketing_consent", "treatment_consent", "guardian_name", "guardian_relation")
CHECK_IN_FIELDS = ("health_changed",)
FORM_FIELDS = PERSON_FIELDS + HEALTH_FIELDS + CONSENT_FIELDS + CHECK_IN_FIELDS
TICKED = ("yes", "on", "true", "1")


@dataclass(frozen=True)
class IntakeCode:
    """An open (or spent) code: only its hash is stored; the code itself is shown once, in the QR."""

    id: str
    kind: str
    session_id: str | None
    created_by: str
    created_at: datetime
    expires_at: datetime
    used_at: datetime | None
    revoked_at: datetime | None


@dataclass(frozen=True)
class OpenedCode:
    """A code just opened: the code itself (never stored) and its record."""

    code: str
    record: IntakeCode


@dataclass(frozen=True)
class FormTicket:
    """What a phone holds after exchanging a code: which code, for what, until when."""

    code_id: str
    kind: str
    session_id: str | None
    expires_at: datetime
    minor_possible: bool = True  # check-in: whether the session's client is under age on the session's day


@dataclass(frozen=True)
class IntakeAnswers:
    """A checked form: the fields as the phone sent them (trimmed), and the signature image."""

    fields: dict[str, str]
    signature_png: bytes

    def ticked(self, name: str) -> bool:
        """Whether a tick box was ticked."""
        return self.fields.get(name, "").lower() in TICKED


@dataclass(frozen=True)
class Flag:
    """A safety flag staff see on top of a pending entry: its kind and a sentence."""

    kind: str  # allergy, condition, anticoagulant, pregnancy, minor
    text: str


@dataclass(frozen=True)
class PendingSummary:
    """One line of the pending queue: who, when, their flags and the clients they may already be."""

    id: str
    kind: str
    first_name: str
    last_name: str
    birth_date: date | None
    submitted_at: datetime
    flags: tuple[Flag, ...]
    likely_clients: tuple[str, ...]


@dataclass(frozen=True)
class PendingDetail:
    """A pending entry in full, for staff to check against the client's ID."""

    summary: PendingSummary
    fields: dict[str, str]
    form_version: str
    signed_at: datetime
    has_signature: bool
    remote_addr: str
    user_agent: str
    session_id: str | None
    has_guardian_signature: bool = False


@dataclass(frozen=True)
class PendingRow:
    """A pending entry as stored (the form's fields as JSON, decoded)."""

    id: str
    code_id: str | None
    kind: str
    session_id: str | None
    fields: dict[str, str]
    signature_png: bytes | None
    guardian_signature_png: bytes | None
    form_version: str
    signed_at: datetime
    remote_addr: str
    user_agent: str
    created_at: datetime
