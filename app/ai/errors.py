"""The assistant's refusals, each a sentence; they subclass the domain errors the API already maps to HTTP."""

from __future__ import annotations

from app.domain.errors import BusyError, ConflictError, DomainError, NotFoundError, ValidationError


class AssistantMissingError(NotFoundError):
    """The assistant cannot run here: its extra is not installed or no model file is imported."""


class ModelChangedError(ConflictError):
    """The model file on the stick is not the one the admin imported (its SHA-256 differs)."""


class NotEnoughMemoryError(ConflictError):
    """The computer lacks the free memory the model needs."""


class AssistantBusyError(BusyError):
    """Another answer is being written; one at a time."""


class AnswerTimeoutError(DomainError):
    """An answer ran past the time limit and was stopped."""


class InvalidAnswerError(ValidationError):
    """The model's answer could not be read as the structured reply that was asked for."""


class ModelFileError(ValidationError):
    """A file offered for import is not a usable GGUF model."""
