"""/api/assistant: whether the assistant is there for you, ask it (the answer streams back), stop it; your briefing.

The answer is text/plain sent in pieces as the model writes them (chunked). It stops when the caller sends
POST /api/assistant/stop or goes away. Nothing asked or answered is logged."""

from __future__ import annotations

from flask import Blueprint, Response

from app.ai.assistant.service import Ask, Streamed
from app.api.routing import current_user, endpoint, services
from app.contract.assistant import AskIn, AssistantStatusOut, BriefingOut, ModelImportIn, ModelOut, StopOut
from app.core.i18n import _
from app.domain.errors import DomainError, ValidationError

assistant = Blueprint("assistant", __name__, url_prefix="/api/assistant")


@endpoint(assistant, "GET", "", policy="user", summary="Whether the assistant is available and what you may ask it.",
          response=AssistantStatusOut)
def assistant_status():
    return AssistantStatusOut.model_validate(services().assistant.status(current_user()))


@endpoint(assistant, "POST", "/answers", policy="user", body=AskIn, media_type="text/plain",
          summary="Ask the assistant; its answer streams back as text as it is written (it never changes data).")
def ask_assistant(body: AskIn):
    pieces = services().assistant.answer(current_user(), Ask(**body.model_dump()))  # refusals here: JSON errors
    return Response(_TextBody(pieces), mimetype="text/plain", headers={"X-Accel-Buffering": "no"})


@endpoint(assistant, "POST", "/stop", policy="user", summary="Stop the answer the assistant is writing for you.",
          response=StopOut)
def stop_assistant():
    return StopOut(stopped=services().assistant.stop(current_user()))


@endpoint(assistant, "GET", "/briefing", policy="user", summary="Your latest briefing for tomorrow, if one was made.",
          response=BriefingOut)
def my_briefing():
    return _briefing_out(services().briefings.mine(current_user()))


@endpoint(assistant, "POST", "/briefing", policy="user", response=BriefingOut,
          summary="Make your briefing for tomorrow now (artists), from your own sessions only.")
def make_my_briefing():
    briefings, me = services().briefings, current_user()
    return _briefing_out(briefings.make(me, briefings.tomorrow(me)))


def _briefing_out(found) -> BriefingOut:
    if found is None:
        return BriefingOut(exists=False)
    return BriefingOut(exists=True, day=found.day, text=found.text, made_at=found.made_at, sessions=found.sessions)


@endpoint(assistant, "GET", "/models", policy="admin", summary="The imported model files (admins).",
          response=list[ModelOut])
def list_models():
    return [ModelOut.model_validate(m) for m in services().models.list(current_user())]


@endpoint(assistant, "POST", "/models", policy="admin", body=ModelImportIn, response=ModelOut, status=201,
          summary="Import a GGUF model file from this computer: copied onto the stick, pinned by SHA-256, in use.")
def import_model(body: ModelImportIn):
    try:
        return ModelOut.model_validate(services().models.import_model(current_user(), body.path))
    except OSError:  # a path the file system refuses outright (a name too long): the person's typing, not a fault
        raise ValidationError(_("There is no file at %(path)s. Choose the model's .gguf file.",
                                path=body.path[:200])) from None


class _TextBody:
    """The answer as the response body. Once the answer has started its status is sent, so a later refusal (the
    time limit) ends it as a sentence; closing the body (the server does, also when the caller went away before
    the first piece) stops the answer."""

    def __init__(self, pieces: Streamed):
        self.pieces, self.done = pieces, False

    def __iter__(self) -> _TextBody:
        return self

    def __next__(self) -> bytes:
        if self.done:
            raise StopIteration
        try:
            return next(self.pieces).encode("utf-8")
        except DomainError as refused:
            self.done = True
            return f"\n\n{refused}".encode()

    def close(self) -> None:
        """End the answer (the engine stops and the user may ask again)."""
        self.done = True
        self.pieces.close()
