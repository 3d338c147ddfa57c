"""The rules of the phone form: which fields it needs, what each may hold (sentences on every mistake, all at
once, so the client fixes them in one go) and which answers become safety flags for staff."""

from __future__ import annotations

from collections.abc import Callable, Mapping
from datetime import date

from app.core.i18n import _
from app.domain.client_rules import age_on, clean_client_fields
from app.domain.errors import ValidationError
from app.domain.intake import FORM_FIELDS, HEALTH_FIELDS, TICKED, Flag

HEALTH_LIMIT = 2000  # characters per health answer
GUARDIAN_LIMITS = {"guardian_name": 200, "guardian_relation": 80}
YOUNGEST_EVER = 16  # as app.services.clients.consents: nobody younger is tattooed, guardian or not
ADULT_AGE = 18


class FormError(ValidationError):
    """The form has mistakes: one sentence per field, keyed by the field's name ("" for the whole form)."""

    def __init__(self, errors: dict[str, str]):
        super().__init__(" ".join(errors.values()))
        self.errors = errors


def ticked(fields: Mapping[str, str], name: str) -> bool:
    """Whether the form's tick box `name` was ticked."""
    return str(fields.get(name, "")).strip().lower() in TICKED


def parse_birth_date(text: str) -> date | None:
    """The date of an ISO 'YYYY-MM-DD' answer (what a date field sends), or None if it is not one."""
    try:
        return date.fromisoformat(text.strip())
    except ValueError:
        return None


def of_age(minimum_age: int) -> int:
    """The age from which a client signs alone."""
    return max(ADULT_AGE, minimum_age)


def _person(fields: dict[str, str], today: date, errors: dict[str, str]) -> None:
    for name in ("first_name", "last_name", "phone", "email", "address", "emergency_contact"):
        try:
            clean_client_fields({name: fields.get(name, "")}, today)
        except ValidationError as exc:
            errors[name] = str(exc)
    born_text = fields.get("birth_date", "")
    born = parse_birth_date(born_text)
    if not born_text:
        errors["birth_date"] = _("Your date of birth is missing. Enter it as day, month and year.")
    elif born is None:
        errors["birth_date"] = _("'%(typed)s' is not a date. Enter your date of birth as YYYY-MM-DD.", typed=born_text)
    else:
        try:
            clean_client_fields({"birth_date": born}, today)
        except ValidationError as exc:
            errors["birth_date"] = str(exc)


def _guardian(fields: dict[str, str], age: int | None, minimum_age: int, errors: dict[str, str],
              signed: bool) -> None:
    for name, limit in GUARDIAN_LIMITS.items():
        if len(fields.get(name, "")) > limit:
            errors[name] = _("Keep this under %(limit)s characters.", limit=limit)
    if age is None:
        return
    if age < YOUNGEST_EVER:
        errors["birth_date"] = _("You are %(age)s. The studio does not tattoo anyone under %(youngest)s, even with "
                                 "a guardian's consent.", age=age, youngest=YOUNGEST_EVER)
    elif age < of_age(minimum_age):
        if not fields.get("guardian_name"):
            errors["guardian_name"] = _("You are under %(of_age)s: a parent or guardian must sign too. Enter their "
                                        "name.", of_age=of_age(minimum_age))
        if not fields.get("guardian_relation"):
            errors["guardian_relation"] = _("Say how the guardian is related to you (for example mother or "
                                            "father).")
        if not signed:
            errors["guardian_signature"] = _("Your parent or guardian must sign too: ask them to sign with their "
                                             "finger in the guardian's box.")


def _signed(check_png: Callable[[bytes], bytes], png: bytes) -> bool:
    try:
        check_png(png)
    except ValidationError:
        return False
    return True


def check_form(raw: Mapping[str, str], *, kind: str, today: date, minimum_age: int, signature: bytes,
               check_png: Callable[[bytes], bytes], age_at_session: int | None = None,
               guardian_signature: bytes = b"") -> dict[str, str]:
    """Return the form's fields trimmed, or raise FormError with a sentence for each mistake.
    `kind` is the code's kind; a check-in's age comes from the client on file (`age_at_session`); a minor's
    guardian signs too (`guardian_signature`)."""
    fields = {name: str(raw.get(name, "") or "").strip() for name in FORM_FIELDS}
    errors: dict[str, str] = {}
    if kind == "check_in":
        if fields["health_changed"] not in ("yes", "no"):
            errors["health_changed"] = _("Say whether anything about your health changed since your last visit.")
        age = age_at_session
    else:
        _person(fields, today, errors)
        born = parse_birth_date(fields["birth_date"])
        age = age_on(born, today) if born and "birth_date" not in errors else None
    for name in HEALTH_FIELDS:
        if len(fields[name]) > HEALTH_LIMIT:
            errors[name] = _("Keep this answer under %(limit)s characters.", limit=HEALTH_LIMIT)
    _guardian(fields, age, minimum_age, errors, _signed(check_png, guardian_signature))
    if not ticked(fields, "treatment_consent"):
        errors["treatment_consent"] = _("Tick the box to agree to the treatment consent, or ask the staff about it.")
    if not _signed(check_png, signature):
        errors["signature"] = _("Your signature is missing. Sign with your finger in the box, then send again.")
    if errors:
        raise FormError(errors)
    return fields


def safety_flags(fields: Mapping[str, str], today: date, minimum_age: int,
                 thinners: Callable[[str], list[str]], age_at_session: int | None = None) -> tuple[Flag, ...]:
    """The flags staff must see first: allergies, conditions, clotting medication, pregnancy, under age."""
    flags: list[Flag] = []
    if fields.get("allergies", "").strip():
        flags.append(Flag("allergy", _("Allergies: %(allergies)s", allergies=fields["allergies"].strip())))
    if fields.get("conditions", "").strip():
        flags.append(Flag("condition", _("Conditions: %(conditions)s", conditions=fields["conditions"].strip())))
    found = thinners(fields.get("medications", ""))
    if found:
        flags.append(Flag("anticoagulant", _("Takes %(drugs)s: expect more bleeding.", drugs=", ".join(found))))
    if ticked(fields, "pregnancy"):
        flags.append(Flag("pregnancy", _("Pregnant: postpone the tattoo.")))
    born = parse_birth_date(fields.get("birth_date", ""))
    age = age_on(born, today) if born else age_at_session
    if age is not None and age < of_age(minimum_age):
        flags.append(Flag("minor", _("Under age (%(age)s): check the guardian's ID too.", age=age)))
    return tuple(flags)
