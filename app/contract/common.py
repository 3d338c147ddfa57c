"""Models every area shares: the error body and the strict base for requests."""

from __future__ import annotations

import re
from datetime import date, datetime
from typing import Annotated, TypeVar

from pydantic import AfterValidator, AwareDatetime, BaseModel, BeforeValidator, ConfigDict, Field

from app.domain.bounds import FIRST_DAY, FIRST_MOMENT, LAST_DAY, LAST_MOMENT, MAX_MONEY_MINOR, MAX_VERSION, YEAR_PATTERN

_ISO_DATE = re.compile(r"^\d{4}-\d{2}-\d{2}$")
_ISO_DATETIME = re.compile(r"^\d{4}-\d{2}-\d{2}[Tt ]\d{2}:\d{2}")
_INTEGER = re.compile(r"^-?\d+$")
_Bound = TypeVar("_Bound", date, datetime)


def _shaped(pattern: re.Pattern[str], what: str) -> BeforeValidator:
    def check(value: object) -> object:
        if isinstance(value, str) and not pattern.match(value):
            raise ValueError(f"use {what}")
        return value
    return BeforeValidator(check)


def _within(first: _Bound, last: _Bound, what: str) -> AfterValidator:
    def check(value: _Bound) -> _Bound:
        if not first <= value <= last:
            raise ValueError(f"out of range: use {what} between {first.isoformat()} and {last.isoformat()}")
        return value
    return AfterValidator(check)


# What the document says about the bounds: JSON Schema cannot compare dates, so the years are a pattern too.
_DAY_SCHEMA = Field(json_schema_extra={"pattern": rf"^{YEAR_PATTERN}-\d{{2}}-\d{{2}}$",
                                       "formatMinimum": FIRST_DAY.isoformat(), "formatMaximum": LAST_DAY.isoformat()})
_MOMENT_SCHEMA = Field(json_schema_extra={"pattern": rf"^{YEAR_PATTERN}-\d{{2}}-\d{{2}}[Tt ]\d{{2}}:\d{{2}}",
                                          "formatMinimum": FIRST_MOMENT.isoformat(),
                                          "formatMaximum": LAST_MOMENT.isoformat()})

# Body types (JSON): a calendar day, an instant with its offset, money and edit counters, all bounded.
Day = Annotated[date, _within(FIRST_DAY, LAST_DAY, "a date"), _DAY_SCHEMA]
Moment = Annotated[AwareDatetime, _within(FIRST_MOMENT, LAST_MOMENT, "a time"), _MOMENT_SCHEMA]
Money = Annotated[int, Field(ge=0, le=MAX_MONEY_MINOR, description="Whole minor units (cents), e.g. 1250.")]
Version = Annotated[int, Field(ge=1, le=MAX_VERSION)]

# Query-string types: pydantic alone would take "0.5" as a timestamp or "5.0" as 5.
IsoDate = Annotated[date, _shaped(_ISO_DATE, "a date like 2026-03-14"), _within(FIRST_DAY, LAST_DAY, "a date"),
                    _DAY_SCHEMA]
IsoDatetime = Annotated[AwareDatetime, _shaped(_ISO_DATETIME, "a time like 2026-03-14T15:00:00+01:00"),
                        _within(FIRST_MOMENT, LAST_MOMENT, "a time"), _MOMENT_SCHEMA]
WholeNumber = Annotated[int, _shaped(_INTEGER, "a whole number")]


class Strict(BaseModel):
    """Base for request bodies: unknown fields are refused, types are strict (no 1.0 for 1,
    no false for 0), text is trimmed. Bodies are parsed as JSON, so dates come as ISO strings."""

    model_config = ConfigDict(extra="forbid", str_strip_whitespace=True, strict=True)


class Query(BaseModel):
    """Base for query strings: unknown parameters are refused; use IsoDate/IsoDatetime/WholeNumber."""

    model_config = ConfigDict(extra="forbid", str_strip_whitespace=True)


class Out(BaseModel):
    """Base for responses, built from the services' frozen records."""

    model_config = ConfigDict(from_attributes=True)


class FieldProblem(BaseModel):
    """One field of a request that was refused, and why."""
    field: str
    message: str


class ErrorBody(BaseModel):
    """Every error: a machine-readable kind and a sentence for a person."""

    error: str
    message: str
    fields: list[FieldProblem] = []


class Done(BaseModel):
    """A success with nothing else to say."""

    ok: bool = True
