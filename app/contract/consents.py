"""Consent records: the signed form sent from the signature pad, and the inspector's list."""

from __future__ import annotations

import base64
import binascii
from datetime import date, datetime

from pydantic import Field, field_validator

from app.contract.clients import ConsentOut
from app.contract.common import IsoDate, Out, Query, Strict

DATA_URL_PREFIX = "data:image/png;base64,"


class ConsentIn(Strict):
    """The signed consent form: its version, the signature and a guardian for minors."""
    form_version: str = Field(min_length=1, max_length=40)
    signature_png_base64: str = Field(max_length=720_000, json_schema_extra={"minLength": 1},
                                      description="The signature as a base64 PNG "
                                      "(a data:image/png;base64, URL is accepted); at most 512 KiB decoded.")
    guardian_name: str | None = Field(default=None, max_length=200)
    guardian_relation: str | None = Field(default=None, max_length=80)

    @field_validator("signature_png_base64")
    @classmethod
    def _is_base64(cls, value: str) -> str:
        text = value.removeprefix(DATA_URL_PREFIX)
        try:
            base64.b64decode(text, validate=True)
        except (binascii.Error, ValueError):
            raise ValueError("the signature is not base64 text; send the PNG's bytes encoded in base64") from None
        return text

    def signature_png(self) -> bytes:
        """The signature image's bytes."""
        return base64.b64decode(self.signature_png_base64)


class ConsentQuery(Query):
    """Consents of sessions between two studio-local dates (inclusive), of one artist or all."""
    date_from: IsoDate | None = Field(default=None, alias="from", description="First session date (studio-local).")
    date_to: IsoDate | None = Field(default=None, alias="to", description="Last session date (studio-local), included.")
    artist_id: str | None = Field(default=None, max_length=36)


class ConsentEntryOut(Out):
    """A consent with its client's name and birth date and its session's start and artist."""
    consent: ConsentOut
    client_name: str
    birth_date: date | None
    session_starts_at: datetime
    artist_id: str
    artist_name: str
    placement: str
