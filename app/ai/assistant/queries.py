"""The fixed set of read-only questions the model may choose from, with their arguments checked by pydantic.

The model does not call tools freely: it answers with one JSON object that must match `CHOICE_SCHEMA`
(constrained decoding where the model supports it); the app validates it here and runs the query itself."""

from __future__ import annotations

import json
from datetime import date
from typing import Annotated, Any, Literal

import pydantic
from pydantic import BaseModel, ConfigDict, Field, TypeAdapter, model_validator

from app.core.i18n import _
from app.domain.errors import ValidationError
from app.domain.register import METHODS, CoreMethod

MAX_DAYS = 62  # a question covers at most about two months: enough for "this month" or "next week"


class _Query(BaseModel):
    model_config = ConfigDict(extra="forbid")


class _Range(_Query):
    start: date = Field(description="First day, YYYY-MM-DD.")
    end: date = Field(description="Last day (included), YYYY-MM-DD.")

    @model_validator(mode="after")
    def _bounded(self) -> _Range:
        if self.end < self.start or (self.end - self.start).days >= MAX_DAYS:
            raise ValueError(f"the range must run forwards and cover at most {MAX_DAYS} days")
        return self


class BookingsOnDay(_Query):
    """Who is booked on one day."""

    query: Literal["bookings_on_day"]
    day: date = Field(description="The day, YYYY-MM-DD.")


class ArtistFreeHours(_Range):
    """Which artist has a block of free hours in a range of days."""

    query: Literal["artist_free_hours"]
    hours: int = Field(ge=1, le=12, description="How many free hours in one block.")
    artist: str | None = Field(default=None, max_length=80, description="An artist's name, or null for all.")


class TakingsByMethod(_Range):
    """What the studio took, by payment method, in a range of days."""

    query: Literal["takings_by_method"]
    method: CoreMethod | None = Field(default=None, description="Or null for all.")


class InkLotsExpiring(_Range):
    """Which ink lots expire in a range of days."""

    query: Literal["ink_lots_expiring"]


class ClientHistory(_Query):
    """One client's history."""

    query: Literal["client_history"]
    client: str = Field(min_length=1, max_length=80, description="The client's name as the user wrote it.")


Choice = Annotated[BookingsOnDay | ArtistFreeHours | TakingsByMethod | InkLotsExpiring | ClientHistory,
                   Field(discriminator="query")]
QUERY_NAMES = ("bookings_on_day", "artist_free_hours", "takings_by_method", "ink_lots_expiring", "client_history")
# What the routing prompt lists (names and arguments are the JSON's, so they stay in English)
QUERY_MENU = "\n".join((
    '{"query": "bookings_on_day", "day": DATE}',
    '{"query": "artist_free_hours", "start": DATE, "end": DATE, "hours": NUMBER, "artist": NAME or null}',
    '{"query": "takings_by_method", "start": DATE, "end": DATE, "method": '
    + "|".join(f'"{method}"' for method in METHODS) + '|null}',
    '{"query": "ink_lots_expiring", "start": DATE, "end": DATE}',
    '{"query": "client_history", "client": NAME}'))
_CHOICE: TypeAdapter[Any] = TypeAdapter(Choice)
CHOICE_SCHEMA: dict[str, Any] = _CHOICE.json_schema()


def parse_choice(answer: str) -> BookingsOnDay | ArtistFreeHours | TakingsByMethod | InkLotsExpiring | ClientHistory:
    """The model's JSON answer as one checked query, or a sentence saying the question could not be answered."""
    try:
        return _CHOICE.validate_python(json.loads(answer))
    except (ValueError, pydantic.ValidationError):
        raise ValidationError(_(
            "The assistant could not match this question to one it can answer. Ask about the bookings of a day, "
            "an artist's free hours, takings by payment method, ink lots that expire, or a client's history."
        )) from None
