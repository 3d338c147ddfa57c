"""`LlamaChatModel`: a LangChain chat model of our own over `llama_cpp.Llama` (not langchain-community's).

It formats messages with the chat template the GGUF file carries, streams tokens as llama.cpp writes them,
honours `stop`, and takes `json_schema=` (an invoke/stream keyword or `.bind(json_schema=...)`) to make
llama.cpp's grammar allow only JSON that fits the schema. Calls on one loaded model take turns (a llama.cpp
context is not thread-safe, and LangChain's `batch` runs calls in parallel threads). This module imports the
optional extra: import it only where the extra is known to be installed (the engine does so on first use).
"""

from __future__ import annotations

import threading
import weakref
from collections.abc import Iterator
from pathlib import Path
from typing import Any

from langchain_core.callbacks import CallbackManagerForLLMRun
from langchain_core.language_models import BaseChatModel, LangSmithParams
from langchain_core.messages import AIMessage, AIMessageChunk, BaseMessage, ChatMessage
from langchain_core.messages.ai import UsageMetadata
from langchain_core.outputs import ChatGeneration, ChatGenerationChunk, ChatResult
from pydantic import ConfigDict, Field

ROLES = {"system": "system", "human": "user", "ai": "assistant", "tool": "tool"}
_TURNS: weakref.WeakKeyDictionary[Any, threading.Lock] = weakref.WeakKeyDictionary()  # one lock per llama.cpp model
_TURNS_GUARD = threading.Lock()


def turn_of(llama: Any) -> threading.Lock:
    """The lock every call on this `llama_cpp.Llama` holds while it runs (shared by all models wrapping it)."""
    with _TURNS_GUARD:
        lock = _TURNS.get(llama)
        if lock is None:
            lock = _TURNS[llama] = threading.Lock()
        return lock


def _text(content: Any) -> str:
    if isinstance(content, str):
        return content
    parts = [p if isinstance(p, str) else p.get("text", "") for p in content if isinstance(p, str | dict)]
    return "".join(parts)


def to_llama_messages(messages: list[BaseMessage]) -> list[dict[str, str]]:
    """LangChain messages as llama.cpp's chat messages ({"role", "content"})."""
    out = []
    for message in messages:
        role = message.role if isinstance(message, ChatMessage) else ROLES.get(message.type, "user")
        out.append({"role": role, "content": _text(message.content)})
    return out


class LlamaChatModel(BaseChatModel):
    """A chat model over one loaded `llama_cpp.Llama`; one call at a time (the engine sees to that)."""

    model_config = ConfigDict(arbitrary_types_allowed=True)

    llama: Any = Field(exclude=True)
    model_name: str = "gguf"
    temperature: float = 0.7
    top_p: float = 0.95
    max_tokens: int | None = 512
    seed: int | None = None
    stop: list[str] | None = None  # stop sequences for every call (a call's own `stop` replaces them)

    @classmethod
    def load(cls, path: Path, n_ctx: int = 4096, n_threads: int | None = None, **fields: Any) -> LlamaChatModel:
        """Load a GGUF file with llama.cpp (generic CPU build; no GPU offload) and wrap it."""
        from llama_cpp import Llama

        llama = Llama(model_path=str(path), n_ctx=n_ctx, n_threads=n_threads, n_gpu_layers=0, verbose=False)
        return cls(llama=llama, model_name=path.stem, **fields)

    @property
    def _llm_type(self) -> str:
        return "llama-cpp-studio"

    @property
    def _identifying_params(self) -> dict[str, Any]:
        return {"model_name": self.model_name, "temperature": self.temperature, "top_p": self.top_p}

    def _get_ls_params(self, stop: list[str] | None = None, **kwargs: Any) -> LangSmithParams:
        params = super()._get_ls_params(stop=stop or self.stop, **kwargs)
        params["ls_provider"] = "llama_cpp"
        return params

    def close(self) -> None:
        """Free llama.cpp's model and context now rather than at garbage collection."""
        close = getattr(self.llama, "close", None)
        if close is not None:
            close()

    def _options(self, stop: list[str] | None, kwargs: dict[str, Any]) -> dict[str, Any]:
        options: dict[str, Any] = {
            "temperature": kwargs.get("temperature", self.temperature),
            "top_p": kwargs.get("top_p", self.top_p),
            "max_tokens": kwargs.get("max_tokens", self.max_tokens),
            "stop": stop or kwargs.get("stop") or self.stop or [],
        }
        seed = kwargs.get("seed", self.seed)
        if seed is not None:
            options["seed"] = seed
        schema = kwargs.get("json_schema")
        if schema is not None:
            options["response_format"] = {"type": "json_object", "schema": schema}
        return options

    def _generate(self, messages: list[BaseMessage], stop: list[str] | None = None,
                  run_manager: CallbackManagerForLLMRun | None = None, **kwargs: Any) -> ChatResult:
        with turn_of(self.llama):
            result = self.llama.create_chat_completion(messages=to_llama_messages(messages),
                                                       **self._options(stop, kwargs))
        choice = result["choices"][0]
        usage = result.get("usage") or {}
        message = AIMessage(content=choice["message"].get("content") or "",
                            response_metadata={"finish_reason": choice.get("finish_reason"),
                                               "model_name": self.model_name},
                            usage_metadata=_usage(usage))
        return ChatResult(generations=[ChatGeneration(message=message)])

    def _stream(self, messages: list[BaseMessage], stop: list[str] | None = None,
                run_manager: CallbackManagerForLLMRun | None = None, **kwargs: Any) -> Iterator[ChatGenerationChunk]:
        turn = turn_of(self.llama)
        turn.acquire()  # held until the stream ends or its reader closes it
        try:
            chunks = self.llama.create_chat_completion(messages=to_llama_messages(messages), stream=True,
                                                       **self._options(stop, kwargs))
        except BaseException:
            turn.release()
            raise
        try:
            for part in chunks:
                choice = part["choices"][0]
                text = choice.get("delta", {}).get("content") or ""
                finish = choice.get("finish_reason")
                if not text and not finish:
                    continue
                metadata = {"finish_reason": finish, "model_name": self.model_name} if finish else {}
                chunk = ChatGenerationChunk(message=AIMessageChunk(content=text, response_metadata=metadata))
                if run_manager is not None and text:
                    run_manager.on_llm_new_token(text, chunk=chunk)
                yield chunk
        finally:
            close = getattr(chunks, "close", None)
            try:
                if close is not None:
                    close()  # a reader that stops early stops llama.cpp too
            finally:
                turn.release()


def _usage(usage: dict[str, Any]) -> UsageMetadata | None:
    if not usage:
        return None
    return UsageMetadata(input_tokens=int(usage.get("prompt_tokens", 0)),
                         output_tokens=int(usage.get("completion_tokens", 0)),
                         total_tokens=int(usage.get("total_tokens", 0)))
