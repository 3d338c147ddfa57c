"""Form helpers for every screen: a typing problem as a sentence naming the field."""

from __future__ import annotations

from pydantic import ValidationError as PydanticError


class FormError(ValueError):
    """Something typed cannot be sent; the message is a sentence for the person."""


def make_model(model: type, values: dict, labels: dict[str, str] | None = None):
    """Build a request model, turning pydantic's complaints into a sentence naming the field."""
    try:
        return model(**values)
    except PydanticError as exc:
        labels = labels or {}
        problem = exc.errors()[0]
        name = str(problem["loc"][0]) if problem.get("loc") else ""
        raise FormError(f"{labels.get(name, name.replace('_', ' ').capitalize())}: {problem['msg']}.") from None
