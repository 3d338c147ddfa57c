"""The assistant: whether it is there for you, a request to it, and the stop answer."""

from __future__ import annotations

from datetime import date, datetime
from typing import Literal

from pydantic import Field

from app.contract.common import Out, Strict

ASK_MAX = 8000  # characters of one request (a pasted client message or text to translate)


class AssistantStatusOut(Out):
    """Whether the assistant can answer here, and what the logged-in user may do with it."""

    available: bool = Field(description="The assistant is installed and a model is imported.")
    allowed: bool = Field(description="Your role may use the assistant (an admin's setting).")
    health_allowed: bool = Field(description="You may include a client's health alerts in a summary.")
    busy: bool = Field(description="An answer is being written (one at a time on this computer).")
    reason: str = Field(description="Why it is not available, as a sentence; empty when it is.")


class AskIn(Strict):
    """One request to the assistant; the answer streams back as text (text/plain, in pieces)."""

    task: Literal["aftercare", "summary", "question", "reply", "translate"] = Field(
        description="aftercare: a draft sheet; summary: a client's history (text = the client's name); "
                    "question: about the calendar, register or inks; reply: a draft answer to a client's message; "
                    "translate: the text into `language`.")
    text: str = Field(min_length=1, max_length=ASK_MAX)
    include_health: bool = Field(default=False, description="Summary only: include the health alerts (if allowed).")
    language: str | None = Field(default=None, pattern=r"^[A-Za-z]{2,3}([-_][A-Za-z]{2,4})?$",
                                 description="Reply or translation: the language to write in, e.g. 'de'.")


class StopOut(Out):
    """Whether an answer was being written and is now stopped."""

    stopped: bool


class BriefingOut(Out):
    """Your latest "tomorrow's briefing" (artists; made each night when the studio's setting is on)."""

    exists: bool = Field(description="False when no briefing was made for you yet.")
    day: date | None = None
    text: str = ""
    made_at: datetime | None = None
    sessions: int = 0


class ModelImportIn(Strict):
    """A GGUF model file to import from this computer (a USB drive): it is copied onto the stick and pinned."""

    path: str = Field(min_length=1, max_length=1000, pattern=r"^[^\x00]+$",
                      description="The .gguf file's full path on this computer.")


class ModelOut(Out):
    """An imported model: what its metadata says, the memory it needs and its pinned SHA-256."""

    id: str
    file_name: str
    name: str
    architecture: str
    size_bytes: int
    parameters: int
    licence: str
    context_length: int
    context_used: int
    memory_bytes: int
    sha256: str
    imported_at: str
    imported_by: str
