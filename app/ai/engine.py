"""`AssistantEngine`: the one model, loaded on first use on its own worker thread, one answer at a time.

Everything that touches the model (loading, generating, unloading) runs on one worker thread, because a
llama.cpp context is not thread-safe; callers read tokens from a queue. An answer stops when its reader
closes it, when `cancel()` or its stop event is set, or at the time limit (checked between tokens: reading
the prompt, before the first token, is one llama.cpp call that runs to its end); the model is unloaded after
`idle_seconds` without use and loaded again by the next question.
"""

from __future__ import annotations

import contextvars
import gc
import json
import queue
import threading
from collections.abc import Callable, Sequence
from concurrent.futures import Future, ThreadPoolExecutor
from typing import TYPE_CHECKING, Any

from app.ai.answer import END, Answer, EngineStatus
from app.ai.available import ai_available
from app.ai.errors import (
    AnswerTimeoutError,
    AssistantBusyError,
    AssistantMissingError,
    InvalidAnswerError,
    NotEnoughMemoryError,
)
from app.core.clock import Clock
from app.core.i18n import _

if TYPE_CHECKING:
    from langchain_core.language_models import BaseChatModel
    from langchain_core.messages import BaseMessage

    from app.ai.models import ModelService
    from app.ai.records import ModelInfo

class AssistantEngine:
    """Runs the studio's model beside the UI: lazy load, idle unload, one answer at a time, a time limit."""

    def __init__(self, models: ModelService | None = None, *, chat_model: BaseChatModel | None = None,
                 load: Callable[[], BaseChatModel] | None = None, idle_seconds: float = 600,
                 answer_seconds: float = 120, max_tokens: int = 512, clock: Clock | None = None,
                 chat_options: dict[str, Any] | None = None):
        self.models, self.idle_seconds, self.answer_seconds = models, idle_seconds, answer_seconds
        self.chat_options = dict(chat_options or {})  # LlamaChatModel fields: temperature, seed, n_threads...
        self.max_tokens, self.clock = max_tokens, clock or Clock()
        self._injected, self._load = chat_model, load
        self._model: BaseChatModel | None = chat_model
        self._worker = ThreadPoolExecutor(max_workers=1, thread_name_prefix="assistant")
        self._busy = threading.Lock()
        self._current_stop: threading.Event | None = None
        self._last_used = self.clock.monotonic()
        self._timer: threading.Timer | None = None
        self._closed = False

    # --- what the screens and the API ask -------------------------------------------------------------------

    def status(self) -> EngineStatus:
        """Whether the assistant can answer, and if not, the sentence saying why."""
        info = self.models.current() if self.models is not None else None
        try:
            self.check()
            reason = ""
        except (AssistantMissingError, NotEnoughMemoryError) as refused:
            reason = str(refused)
        return EngineStatus(ready=not reason, loaded=self.loaded, busy=self._busy.locked(), model=info,
                            reason=reason)

    @property
    def loaded(self) -> bool:
        """True while a model is in memory (an injected one always is)."""
        return self._model is not None

    def check(self) -> None:
        """Refuse at once, with a sentence, what would fail later: no extra, no model, too little memory."""
        self._checked()

    def _checked(self) -> ModelInfo | None:
        """check(), returning the model it found to load (None when one is loaded or injected): the worker loads
        it without reading the settings and the free memory a second time."""
        if self._injected is not None or self._load is not None or self._model is not None:
            return None  # a loaded model answers: no database read on the way to the first token
        if not ai_available():
            raise AssistantMissingError(_("The assistant is not installed on this stick. Use a stick built "
                                          "with the assistant, or install the app's 'ai' extra."))
        info = self.models.current() if self.models is not None else None
        if info is None:
            raise AssistantMissingError(_("No assistant model is imported yet. An admin imports a GGUF model "
                                          "file on the Admin screen."))
        if self.models is not None:
            self.models.check_memory(info)
        return info

    def stream(self, messages: Sequence[BaseMessage], stop_event: threading.Event | None = None,
               json_schema: dict[str, Any] | None = None, max_tokens: int | None = None) -> Answer:
        """Start an answer and return its pieces as they are written (load the model first if needed).

        Refuses at once with AssistantBusyError while another answer runs and with AssistantMissingError
        when nothing can answer; a failure later (loading, the time limit) is raised by the iterator.
        """
        info = self._checked()
        if self._closed or not self._busy.acquire(blocking=False):
            raise AssistantBusyError(_("The assistant is answering another question. Wait for it to finish "
                                       "or stop it, then ask again."), retry_after=5)
        stop = stop_event or threading.Event()
        self._current_stop = stop
        pieces: queue.Queue[Any] = queue.Queue()
        options = {"json_schema": json_schema, "max_tokens": max_tokens or self.max_tokens}
        try:
            self._submit(self._generate, list(messages), options, pieces, stop, info)
        except BaseException:
            self._busy.release()
            raise
        return Answer(pieces, stop)

    def answer(self, messages: Sequence[BaseMessage], stop_event: threading.Event | None = None,
               max_tokens: int | None = None) -> str:
        """The whole answer as one text (waits for it)."""
        return "".join(self.stream(messages, stop_event, max_tokens=max_tokens))

    def answer_json(self, messages: Sequence[BaseMessage], json_schema: dict[str, Any],
                    stop_event: threading.Event | None = None, max_tokens: int | None = None) -> Any:
        """An answer constrained to `json_schema`, parsed; InvalidAnswerError (a sentence) if it does not parse."""
        text = "".join(self.stream(messages, stop_event, json_schema=json_schema, max_tokens=max_tokens))
        try:
            return json.loads(text)
        except ValueError:
            raise InvalidAnswerError(_("The assistant's answer could not be understood. Ask again, perhaps "
                                       "in other words.")) from None

    def cancel(self) -> None:
        """Stop the answer being written, if any (the stop button)."""
        stop = self._current_stop
        if stop is not None:
            stop.set()

    def chat_model(self) -> BaseChatModel:
        """The loaded LangChain chat model (loading it now if needed). Prefer `stream`: it keeps one at a time."""
        info = self._checked()
        return self._submit(self._ensure_loaded, info).result()

    def unload(self) -> None:
        """Free the model's memory now (it loads again on the next question); waits for a running answer."""
        self._submit(self._drop).result()

    def close(self) -> None:
        """Stop any answer, unload, and end the worker (at app exit)."""
        self._closed = True
        self.cancel()
        if self._timer is not None:
            self._timer.cancel()
        try:
            self._submit(self._drop).result()
        except RuntimeError:
            pass  # closed twice: the worker is gone already
        self._worker.shutdown(wait=True)

    # --- on the worker thread ------------------------------------------------------------------------------

    def _submit(self, fn: Callable[..., Any], *args: Any) -> Future[Any]:
        context = contextvars.copy_context()  # the caller's language for the sentences raised there
        return self._worker.submit(context.run, fn, *args)

    def _ensure_loaded(self, checked: ModelInfo | None = None) -> BaseChatModel:
        if self._model is None:
            if self._load is not None:
                self._model = self._load()
            else:
                self._model = self._load_pinned(checked)
        return self._model

    def _load_pinned(self, checked: ModelInfo | None = None) -> BaseChatModel:
        from app.ai.chat import LlamaChatModel  # only here: the extra is imported on first use, never at start

        if not ai_available() or self.models is None:
            self.check()  # raises the sentence that says what is missing
        assert self.models is not None
        info = checked
        if info is None:  # not checked just before (the model was loaded then, and unloaded since)
            info = self.models.current()
            if info is None:
                raise AssistantMissingError(_("No assistant model is imported yet. An admin imports a GGUF model "
                                              "file on the Admin screen."))
            self.models.check_memory(info)
        path = self.models.verified_path(info)
        return LlamaChatModel.load(path, n_ctx=info.context_used, **self.chat_options)

    def _generate(self, messages: list[BaseMessage], options: dict[str, Any], pieces: queue.Queue[Any],
                  stop: threading.Event, checked: ModelInfo | None = None) -> None:
        try:
            model = self._ensure_loaded(checked)
            if stop.is_set():
                return  # stopped while the model was loading: no token is computed
            deadline = self.clock.monotonic() + self.answer_seconds
            kwargs = {k: v for k, v in options.items() if v is not None}
            chunks = model.stream(messages, **kwargs)
            try:
                for chunk in chunks:
                    if stop.is_set():
                        break
                    if self.clock.monotonic() > deadline:
                        raise AnswerTimeoutError(_("The answer took longer than %(seconds)s seconds and was "
                                                   "stopped. Ask a shorter question, or ask again.",
                                                   seconds=round(self.answer_seconds)))
                    text = chunk.content if isinstance(chunk.content, str) else str(chunk.content)
                    if text:
                        pieces.put(text)
            finally:
                close = getattr(chunks, "close", None)
                if close is not None:
                    close()  # ends llama.cpp's generator: no token is computed after a stop
        except BaseException as exc:  # handed to the reader, who raises it where it can be shown
            pieces.put(exc)
        finally:
            pieces.put(END)
            self._last_used = self.clock.monotonic()
            self._current_stop = None
            self._busy.release()
            self._schedule_unload()

    def _schedule_unload(self) -> None:
        if self._injected is not None or self._closed:
            return
        if self._timer is not None:
            self._timer.cancel()
        self._timer = threading.Timer(self.idle_seconds, self._idle_tick)
        self._timer.daemon = True
        self._timer.start()

    def _idle_tick(self) -> None:
        try:
            self._submit(self.unload_if_idle)
        except RuntimeError:
            pass  # the engine closed meanwhile

    def unload_if_idle(self) -> bool:
        """Unload when nothing ran for `idle_seconds` (called by the idle timer); return whether it did."""
        idle = self.clock.monotonic() - self._last_used
        if self._injected is not None or self._busy.locked() or idle < self.idle_seconds or self._model is None:
            return False
        self._drop()
        return True

    def _drop(self) -> None:
        if self._injected is not None or self._model is None:
            return
        model, self._model = self._model, None
        close = getattr(model, "close", None)
        if close is not None:
            close()
        del model
        gc.collect()  # llama.cpp frees the weights and the context when the Llama object goes
