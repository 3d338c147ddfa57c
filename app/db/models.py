"""The studio's tables (first cut of ARCHITECTURE.md's data model); services own the rules."""

from __future__ import annotations

from datetime import UTC, date, datetime

from sqlalchemy import (
    Boolean,
    CheckConstraint,
    Date,
    ForeignKey,
    Index,
    Integer,
    LargeBinary,
    String,
    Text,
    UniqueConstraint,
)
from sqlalchemy.orm import DeclarativeBase, Mapped, mapped_column

from app.db.types import UUID, UTCDateTime, new_id
from app.domain.booking import STATUSES
from app.domain.register import KINDS, MAX_METHOD_LENGTH, METHODS

ROLES = ("admin", "staff")
SESSION_STATUSES = STATUSES
PAYMENT_METHODS = METHODS
PAYMENT_KINDS = KINDS


def _utcnow() -> datetime:
    return datetime.now(UTC)


def _method_shape() -> CheckConstraint:
    """Any method code (core or a plugin's): lower-case letters, digits and '_', a letter first (METHOD_CODE)."""
    return CheckConstraint(f"length(method) BETWEEN 1 AND {MAX_METHOD_LENGTH} AND method GLOB '[a-z]*' "
                           "AND method NOT GLOB '*[^a-z0-9_]*'", name="method_shape")


def _one_of(column: str, values: tuple[str, ...]) -> CheckConstraint:
    listed = ", ".join(f"'{v}'" for v in values)
    return CheckConstraint(f"{column} IN ({listed})", name=f"{column}_allowed")


class Base(DeclarativeBase):
    """Every table has a UUID text key and UTC created/updated stamps."""

    id: Mapped[str] = mapped_column(UUID, primary_key=True, default=new_id)
    created_at: Mapped[datetime] = mapped_column(UTCDateTime, default=_utcnow)
    updated_at: Mapped[datetime] = mapped_column(UTCDateTime, default=_utcnow, onupdate=_utcnow)


class Setting(Base):
    """One studio setting, its value as JSON."""
    __tablename__ = "settings"
    key: Mapped[str] = mapped_column(String(64), unique=True)
    value: Mapped[str] = mapped_column(Text)  # JSON


class User(Base):
    """An account: a person who logs in, perhaps an artist with a commission."""
    __tablename__ = "users"
    __table_args__ = (_one_of("role", ROLES),
                      CheckConstraint("commission_pct BETWEEN 0 AND 100", name="commission_pct_range"))
    username: Mapped[str] = mapped_column(String(64, collation="NOCASE"), unique=True)
    display_name: Mapped[str] = mapped_column(String(120))
    role: Mapped[str] = mapped_column(String(16))
    is_artist: Mapped[bool] = mapped_column(Boolean, default=False)
    commission_pct: Mapped[int] = mapped_column(Integer, default=0)
    token_version: Mapped[int] = mapped_column(Integer, default=1)
    active: Mapped[bool] = mapped_column(Boolean, default=True)
    language: Mapped[str | None] = mapped_column(String(8), nullable=True)  # None: the studio's language


class Client(Base):
    """A client's record; anonymisation clears the personal fields and keeps the row."""
    __tablename__ = "clients"
    __table_args__ = (Index("ix_clients_name", "last_name", "first_name"),
                      Index("ix_clients_phone", "phone"), Index("ix_clients_email", "email"))
    first_name: Mapped[str] = mapped_column(String(120))
    last_name: Mapped[str] = mapped_column(String(120))
    birth_date: Mapped[date | None] = mapped_column(Date)
    phone: Mapped[str | None] = mapped_column(String(40))
    email: Mapped[str | None] = mapped_column(String(200))
    address: Mapped[str | None] = mapped_column(Text)
    emergency_contact: Mapped[str | None] = mapped_column(Text)
    id_check_type: Mapped[str | None] = mapped_column(String(40))
    id_checked_by: Mapped[str | None] = mapped_column(ForeignKey("users.id"))
    id_checked_at: Mapped[datetime | None] = mapped_column(UTCDateTime)
    notes: Mapped[str | None] = mapped_column(Text)
    marketing_consent: Mapped[bool] = mapped_column(Boolean, default=False)
    photo_consent: Mapped[bool] = mapped_column(Boolean, default=False)
    anonymised_at: Mapped[datetime | None] = mapped_column(UTCDateTime)


class MedicalProfile(Base):
    """One version of a client's medical questionnaire (versions are never changed)."""
    __tablename__ = "medical_profiles"
    __table_args__ = (UniqueConstraint("client_id", "version"),)
    client_id: Mapped[str] = mapped_column(ForeignKey("clients.id"))
    version: Mapped[int] = mapped_column(Integer)
    allergies: Mapped[str] = mapped_column(Text, default="")
    conditions: Mapped[str] = mapped_column(Text, default="")
    medications: Mapped[str] = mapped_column(Text, default="")
    skin_notes: Mapped[str] = mapped_column(Text, default="")
    pregnancy: Mapped[bool] = mapped_column(Boolean, default=False)
    free_text: Mapped[str] = mapped_column(Text, default="")
    recorded_by: Mapped[str | None] = mapped_column(ForeignKey("users.id"))


class Session(Base):
    """An appointment of a client with an artist, with its price and status."""
    __tablename__ = "sessions"
    __table_args__ = (_one_of("status", SESSION_STATUSES),
                      CheckConstraint("duration_min > 0", name="duration_positive"),
                      Index("ix_sessions_artist_start", "artist_id", "starts_at"),
                      Index("ix_sessions_start", "starts_at"), Index("ix_sessions_client", "client_id"))
    client_id: Mapped[str] = mapped_column(ForeignKey("clients.id"))
    artist_id: Mapped[str] = mapped_column(ForeignKey("users.id"))
    starts_at: Mapped[datetime] = mapped_column(UTCDateTime)
    duration_min: Mapped[int] = mapped_column(Integer)
    status: Mapped[str] = mapped_column(String(16), default="booked")
    placement: Mapped[str] = mapped_column(String(120), default="")
    description: Mapped[str] = mapped_column(Text, default="")
    quote_minor: Mapped[int] = mapped_column(Integer, default=0)
    deposit_required_minor: Mapped[int] = mapped_column(Integer, default=0)
    design_refs: Mapped[str] = mapped_column(Text, default="[]")  # JSON list
    version: Mapped[int] = mapped_column(Integer, default=1)


class Consent(Base):
    """A signed consent for a session, with the signature image and any guardian."""
    __tablename__ = "consents"
    session_id: Mapped[str] = mapped_column(ForeignKey("sessions.id"), index=True)
    client_id: Mapped[str] = mapped_column(ForeignKey("clients.id"), index=True)
    form_version: Mapped[str] = mapped_column(String(40))
    signed_at: Mapped[datetime] = mapped_column(UTCDateTime)
    signature_png: Mapped[bytes | None] = mapped_column(LargeBinary)
    guardian_name: Mapped[str | None] = mapped_column(String(200))
    guardian_relation: Mapped[str | None] = mapped_column(String(80))
    recorded_by: Mapped[str | None] = mapped_column(ForeignKey("users.id"))


class InkLot(Base):
    """A batch of one ink, by brand, colour and lot number."""
    __tablename__ = "ink_lots"
    __table_args__ = (UniqueConstraint("brand", "colour", "lot"),)
    brand: Mapped[str] = mapped_column(String(120))
    colour: Mapped[str] = mapped_column(String(120))
    lot: Mapped[str] = mapped_column(String(80))
    expires_on: Mapped[date] = mapped_column(Date)
    opened_on: Mapped[date | None] = mapped_column(Date)


class SessionInk(Base):
    """An ink lot used in a session."""
    __tablename__ = "session_inks"
    __table_args__ = (UniqueConstraint("session_id", "ink_lot_id"),)
    session_id: Mapped[str] = mapped_column(ForeignKey("sessions.id"), index=True)
    ink_lot_id: Mapped[str] = mapped_column(ForeignKey("ink_lots.id"), index=True)


class Payment(Base):
    """Money taken or given back; a correction is a new row that points at the one it corrects."""
    __tablename__ = "payments"
    __table_args__ = (_method_shape(), _one_of("kind", PAYMENT_KINDS),
                      CheckConstraint("amount_minor > 0", name="amount_positive"),
                      Index("ix_payments_taken_at", "taken_at"), Index("ix_payments_day", "register_day"))
    amount_minor: Mapped[int] = mapped_column(Integer)  # always positive; kind says the direction
    method: Mapped[str] = mapped_column(String(MAX_METHOD_LENGTH))
    kind: Mapped[str] = mapped_column(String(16))
    client_id: Mapped[str | None] = mapped_column(ForeignKey("clients.id"), index=True)
    session_id: Mapped[str | None] = mapped_column(ForeignKey("sessions.id"), index=True)
    artist_id: Mapped[str | None] = mapped_column(ForeignKey("users.id"))
    taken_by: Mapped[str] = mapped_column(ForeignKey("users.id"))
    taken_at: Mapped[datetime] = mapped_column(UTCDateTime)
    register_day: Mapped[date] = mapped_column(Date)  # the studio-local day it counts in
    corrects_id: Mapped[str | None] = mapped_column(ForeignKey("payments.id"))
    note: Mapped[str] = mapped_column(Text, default="")


class RegisterDay(Base):
    """A register day: its opening float and, once closed, the cash counted."""
    __tablename__ = "register_days"
    day: Mapped[date] = mapped_column(Date, unique=True)
    opening_float_minor: Mapped[int] = mapped_column(Integer, default=0)
    expected_cash_minor: Mapped[int | None] = mapped_column(Integer)
    counted_cash_minor: Mapped[int | None] = mapped_column(Integer)
    difference_minor: Mapped[int | None] = mapped_column(Integer)
    closed_by: Mapped[str | None] = mapped_column(ForeignKey("users.id"))
    closed_at: Mapped[datetime | None] = mapped_column(UTCDateTime)


class AuditEvent(Base):
    """Who did what to which record, and when; its summary never holds medical content."""
    __tablename__ = "audit_events"
    __table_args__ = (Index("ix_audit_at", "at"),)
    at: Mapped[datetime] = mapped_column(UTCDateTime)
    actor_id: Mapped[str | None] = mapped_column(ForeignKey("users.id"))
    action: Mapped[str] = mapped_column(String(40))
    entity: Mapped[str] = mapped_column(String(40))
    entity_id: Mapped[str | None] = mapped_column(UUID)
    summary: Mapped[str] = mapped_column(Text, default="")  # never medical content


class PluginData(Base):
    """One key of one plugin's own store (app.plugins.store): its value as JSON, kept with the studio's data."""
    __tablename__ = "plugin_data"
    __table_args__ = (UniqueConstraint("plugin", "key"),)
    plugin: Mapped[str] = mapped_column(String(64))
    key: Mapped[str] = mapped_column(String(200))
    value: Mapped[str] = mapped_column(Text)  # JSON


class PluginApproval(Base):
    """An admin's approval of one plugin file, pinned by the SHA-256 of the bytes they approved."""
    __tablename__ = "plugin_approvals"
    name: Mapped[str] = mapped_column(String(40), unique=True)
    sha256: Mapped[str] = mapped_column(String(64))
    approved_by: Mapped[str | None] = mapped_column(ForeignKey("users.id"))
    approved_at: Mapped[datetime] = mapped_column(UTCDateTime)
    enabled: Mapped[bool] = mapped_column(Boolean, default=True)


class IntakeCode(Base):
    """A QR code staff opened for a client's phone: only the SHA-256 of the code is kept."""
    __tablename__ = "intake_codes"
    __table_args__ = (_one_of("kind", ("new_client", "check_in", "kiosk")),
                      Index("ix_intake_codes_expiry", "expires_at"))
    code_hash: Mapped[str] = mapped_column(String(64), unique=True)
    kind: Mapped[str] = mapped_column(String(16))
    session_id: Mapped[str | None] = mapped_column(ForeignKey("sessions.id"))
    created_by: Mapped[str] = mapped_column(ForeignKey("users.id"))
    expires_at: Mapped[datetime] = mapped_column(UTCDateTime)
    used_at: Mapped[datetime | None] = mapped_column(UTCDateTime)
    revoked_at: Mapped[datetime | None] = mapped_column(UTCDateTime)


class PendingRegistration(Base):
    """What a client sent from their phone, waiting for staff to accept (into the records) or reject (deleted)."""
    __tablename__ = "pending_registrations"
    code_id: Mapped[str | None] = mapped_column(ForeignKey("intake_codes.id"))
    kind: Mapped[str] = mapped_column(String(16))
    session_id: Mapped[str | None] = mapped_column(ForeignKey("sessions.id"))
    fields: Mapped[str] = mapped_column(Text)  # JSON object of the form's fields
    signature_png: Mapped[bytes | None] = mapped_column(LargeBinary)
    guardian_signature_png: Mapped[bytes | None] = mapped_column(LargeBinary)
    form_version: Mapped[str] = mapped_column(String(40))
    signed_at: Mapped[datetime] = mapped_column(UTCDateTime)
    remote_addr: Mapped[str] = mapped_column(String(64))
    user_agent: Mapped[str] = mapped_column(String(300))


class IntakeConsent(Base):
    """The consent a client signed on their phone: form version and text, signature, guardian, where it came from."""
    __tablename__ = "intake_consents"
    client_id: Mapped[str] = mapped_column(ForeignKey("clients.id"), index=True)
    session_id: Mapped[str | None] = mapped_column(ForeignKey("sessions.id"))
    form_version: Mapped[str] = mapped_column(String(40))
    consent_text: Mapped[str] = mapped_column(Text)
    signed_at: Mapped[datetime] = mapped_column(UTCDateTime)
    signature_png: Mapped[bytes | None] = mapped_column(LargeBinary)
    guardian_name: Mapped[str | None] = mapped_column(String(200))
    guardian_relation: Mapped[str | None] = mapped_column(String(80))
    guardian_signature_png: Mapped[bytes | None] = mapped_column(LargeBinary)
    photo_consent: Mapped[bool] = mapped_column(Boolean, default=False)
    marketing_consent: Mapped[bool] = mapped_column(Boolean, default=False)
    remote_addr: Mapped[str] = mapped_column(String(64))
    user_agent: Mapped[str] = mapped_column(String(300))
    accepted_by: Mapped[str | None] = mapped_column(ForeignKey("users.id"))
