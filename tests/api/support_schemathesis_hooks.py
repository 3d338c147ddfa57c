"""schemathesis hooks for the full run (tests/api/test_openapi_full_run.py): dates drawn within the bounds the
document states (formatMinimum/formatMaximum, which JSON Schema generators ignore), and a check that every
request the document calls valid is accepted, or refused only by a named rule about the studio's state or
about two fields together (rules JSON Schema cannot state)."""

from __future__ import annotations

import json
import os
import urllib.request
from datetime import UTC, date, datetime, timedelta, timezone

import schemathesis
from hypothesis import strategies as st

from app.domain.bounds import FIRST_DAY, LAST_DAY

# The studio's refusals of schema-valid requests that JSON Schema cannot state: they depend on stored data or
# today's date, on two fields together, or on a file's content. Each is a sentence the server says.
DOMAIN_RULES = (
    "The end of the range must come after its start",  # from < to (two fields)
    "Ask for at most 93 days",  # a calendar range's span (two fields)
    "before it starts",  # reports: from <= to (two fields)
    "The period starts",  # consents: from <= to (two fields)
    "The bottle cannot be opened",  # ink lots: opened_on <= expires_on (two fields)
    "has not started yet",  # register days after today (today's date)
    "before this studio's records begin",  # register days before the studio's life (stored data)
    "You cannot demote or deactivate yourself",  # the caller's own account (stored data)
    "is not an active artist",  # the chosen user's role (stored data)
    "is in the future",  # a birth date after today (today's date)
    "A tip goes to an artist",  # kind=tip needs artist_id or session_id (two fields)
    "Say where to move the session",  # starts_at or artist_id (two fields)
    "Say which payments to list",  # session_id, client_id or day (one of three fields)
    "does not exist (is the drive plugged in?)",  # export folder on this computer (stored data)
    "the signature",  # a PNG's content: base64 text is not yet an image (content)
    "has no signature",  # blank once the data: prefix and spaces are gone (content)
    "is not a currency code",  # ISO 4217 as babel knows it; the document gives the shape
    "is not a time zone",  # the IANA names this computer knows; the document gives the shape
    "is not a payment method",  # the core methods and the enabled plugins' (stored state); the document: the shape
    "Input should be a valid integer",  # 12.0 for 12: JSON Schema calls it an integer; money is whole cents
    "is not one of this computer's network addresses",  # intake codes: the addresses this computer has (state)
    "A check-in code is for one session",  # intake codes: kind=check_in needs session_id, only it (two fields)
    "There is no file at",  # an assistant model's path on this computer (stored data)
    "is not a GGUF model file",  # a model file's content (content)
    "is not a language code",  # a reply's or translation's language, as babel knows them; the document gives the shape
)

_DAYS = st.dates(FIRST_DAY + timedelta(days=1), LAST_DAY - timedelta(days=1))
schemathesis.openapi.format("date", _DAYS.map(date.isoformat))
_OFFSETS = st.sampled_from([UTC, timezone(timedelta(hours=1)), timezone(timedelta(hours=-8)),
                            timezone(timedelta(hours=5, minutes=30))])
schemathesis.openapi.format("date-time", st.builds(
    lambda day, at, offset: datetime.combine(day, at, tzinfo=UTC).astimezone(offset).isoformat(),
    _DAYS, st.times(), _OFFSETS))


@schemathesis.auth(refresh_interval=60)
class StudioLogin:
    """Log in as the run's admin (STUDIO_FUZZ_URL, _USER, _PASSWORD), and again when a 401 says the login ended:
    giving yourself the admin role again ends your own sessions, as any role change does."""

    def get(self, case, ctx):
        body = json.dumps({"username": os.environ["STUDIO_FUZZ_USER"],
                           "password": os.environ["STUDIO_FUZZ_PASSWORD"]}).encode()
        request = urllib.request.Request(os.environ["STUDIO_FUZZ_URL"] + "/api/auth/login", data=body,
                                         headers={"Content-Type": "application/json"}, method="POST")
        with urllib.request.urlopen(request, timeout=30) as response:
            return json.loads(response.read())["token"]

    def set(self, case, data, ctx):
        case.headers = {**(case.headers or {}), "Authorization": f"Bearer {data}"}


@schemathesis.check
def schema_valid_requests_are_accepted(ctx, response, case):
    """ST202 with the studio's named state rules set aside: a 422 for a request generated as valid fails."""
    meta = case.meta
    if meta is None or not meta.generation.mode.is_positive or response.status_code != 422:
        return None
    try:
        message = response.json().get("message", "")
    except ValueError:
        message = ""
    if any(rule.lower() in message.lower() for rule in DOMAIN_RULES):
        return None
    raise AssertionError(f"The document calls this request valid but the server refused it: {message}")
