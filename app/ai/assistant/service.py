"""The assistant's use cases for the acting user: aftercare, client summary, questions, replies, translations.

Nothing here writes: the service reads through `StudioReads` only. Nothing typed into the assistant is logged."""

from __future__ import annotations

import threading
from collections.abc import Callable, Iterator
from dataclasses import dataclass
from typing import Literal

from app.ai.assistant import prompts
from app.ai.assistant.generation import as_messages, complete, sentences_only, stream_when_free
from app.ai.assistant.lookups import Lookups
from app.ai.assistant.prompts import Turn
from app.ai.assistant.queries import CHOICE_SCHEMA, parse_choice
from app.ai.assistant.reads import StudioReads
from app.ai.engine import AssistantEngine
from app.core import i18n
from app.core.clock import Clock
from app.core.i18n import _
from app.domain.errors import BusyError, ForbiddenError, ValidationError
from app.domain.records import StudioSettings, User, local_day
from app.services.authz import require_user

Task = Literal["aftercare", "summary", "question", "reply", "translate"]
TASKS: tuple[Task, ...] = ("aftercare", "summary", "question", "reply", "translate")


@dataclass(frozen=True)
class AssistantStatus:
    """What the acting user may do with the assistant here."""

    available: bool  # the extra is installed and a model is imported
    allowed: bool  # this user's role may use it
    health_allowed: bool  # this user may include a client's health alerts in a summary
    busy: bool  # an answer is being written (the engine writes one at a time)
    reason: str  # why it is not available: a sentence ("" when it is)


@dataclass(frozen=True)
class Ask:
    """One request: the task, what the user typed, and its options."""

    task: Task
    text: str
    include_health: bool = False
    language: str | None = None  # the target language of a reply or translation


class Streamed(Iterator[str]):
    """An answer's pieces. It ends (the engine stops, the user may ask again) when the pieces run out, when the
    user's stop is set, or when it is closed, even unread (a reader that went away before the first piece)."""

    def __init__(self, pieces: Iterator[str], stop: threading.Event, release: Callable[[], None]):
        self._raw, self._stop, self._release, self._done = pieces, stop, release, False
        self._pieces = sentences_only(pieces)

    def __next__(self) -> str:
        if self._done or self._stop.is_set():
            self.close()
            raise StopIteration
        try:
            return next(self._pieces)
        except BaseException:
            self.close()
            raise

    def close(self) -> None:
        """Stop the generation and free the user (once)."""
        if self._done:
            return
        self._done = True
        self._stop.set()
        close = getattr(self._raw, "close", None)
        if close is not None:
            close()
        self._release()

    def __del__(self) -> None:
        self.close()


def may_use(actor: User, settings: StudioSettings) -> bool:
    """Admins always; staff when the admin allows it."""
    return actor.is_admin or settings.assistant_for_staff


def may_include_health(actor: User, settings: StudioSettings) -> bool:
    """Admins always; staff only when the admin allows it."""
    return actor.is_admin or settings.assistant_health_for_staff


class AssistantService:
    """Prepares each answer (rights, the query the model picks, the prompt) and streams it; one stop per user."""

    def __init__(self, reads: StudioReads, engine: AssistantEngine, clock: Clock | None = None):
        self.reads, self.engine, self.clock = reads, engine, clock or Clock()
        self._stops: dict[str, threading.Event] = {}
        self._lock = threading.Lock()

    def status(self, actor: User | None) -> AssistantStatus:
        """Whether the assistant is there and what this user may do with it."""
        me = require_user(actor)
        settings = self.reads.settings(me)
        engine = self.engine.status()
        return AssistantStatus(engine.ready, may_use(me, settings), may_include_health(me, settings),
                               engine.busy, engine.reason)

    def prompt(self, actor: User | None, ask: Ask) -> list[Turn]:
        """The checked prompt for a request, in the studio's language (a question first runs its query)."""
        me = require_user(actor)
        settings = self.reads.settings(me)
        if not may_use(me, settings):
            raise ForbiddenError(_("The assistant is not switched on for your role. Ask an admin to allow it."))
        if ask.include_health and not may_include_health(me, settings):
            raise ForbiddenError(_("You may not include health information in a summary. Untick 'Include health' "
                                   "or ask an admin to allow it."))
        if not ask.text.strip():
            raise ValidationError(_("Type what you want the assistant to do first."))
        with i18n.speaking(settings.locale):
            return self._messages(me, settings, ask)

    def answer(self, actor: User | None, ask: Ask) -> Streamed:
        """Check and prepare the request now, then return the answer's text pieces as the model writes them.
        The stream ends early when `stop` is called for this user or the consumer closes it."""
        me = require_user(actor)
        self.engine.check()  # no extra, no model, too little memory: a sentence before anything else
        with self._lock:
            if me.id in self._stops:
                raise BusyError(_("The assistant is still writing your last answer. Stop it or wait."),
                                retry_after=2)
            stop = self._stops[me.id] = threading.Event()
        try:
            pieces = stream_when_free(self.engine, as_messages(self.prompt(me, ask)), stop)  # busy: refused now
        except BaseException:
            self._release(me.id)
            raise
        return Streamed(pieces, stop, lambda: self._release(me.id))

    def stop(self, actor: User | None) -> bool:
        """Stop the acting user's answer being written; False when none was."""
        me = require_user(actor)
        with self._lock:
            stop = self._stops.get(me.id)
        if stop is None:
            return False
        stop.set()
        return True

    def _release(self, user_id: str) -> None:
        with self._lock:
            self._stops.pop(user_id, None)

    def _messages(self, me: User, settings: StudioSettings, ask: Ask) -> list[Turn]:
        lookups = Lookups(self.reads, me, settings)
        if ask.task == "aftercare":
            return prompts.aftercare(settings, ask.text)
        if ask.task == "summary":
            return prompts.summary(settings, lookups.client_history(ask.text, include_health=ask.include_health))
        if ask.task == "question":
            today = local_day(self.clock.now(), settings.timezone)
            chosen = complete(self.engine, prompts.routing(settings, today, ask.text), CHOICE_SCHEMA)
            return prompts.phrasing(settings, ask.text, lookups.run(parse_choice(chosen)).facts)
        if ask.task == "reply":
            return prompts.reply(settings, ask.text, ask.language)
        if not ask.language:
            raise ValidationError(_("Choose the language to translate into."))
        return prompts.translation(settings, ask.text, ask.language)
