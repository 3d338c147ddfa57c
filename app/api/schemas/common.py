"""Models every area shares: the error body and the strict base for requests."""

from __future__ import annotations

from pydantic import BaseModel, ConfigDict


class Strict(BaseModel):
    """Base for request bodies: unknown fields are refused, types are strict (no 1.0 for 1,
    no false for 0), text is trimmed. Bodies are parsed as JSON, so dates come as ISO strings."""

    model_config = ConfigDict(extra="forbid", str_strip_whitespace=True, strict=True)


class Out(BaseModel):
    """Base for responses, built from the services' frozen records."""

    model_config = ConfigDict(from_attributes=True)


class FieldProblem(BaseModel):
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
