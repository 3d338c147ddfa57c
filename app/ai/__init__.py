"""The studio assistant's engine: a GGUF model the admin imports, run by llama.cpp on this computer (issue 19).

Why `app/ai/` and not a built-in plugin: the assistant needs API routes with declared policies, a screen,
a Prefect job and a model file pinned in the studio's settings, and it must hide itself when its optional
extra (`pip install .[ai]`: llama-cpp-python, langchain-core, gguf) is missing. A plugin gets none of these
beyond the hooks, and plugins are off in safe mode; it may still register its routes through the plugin
hooks later. Nothing here imports llama_cpp, langchain_core or gguf at import time: only on first use.

The seam (stable; the assistant's service, prompts, API and screen build on it):

    from app.ai.available import ai_available        # bool, cheap: finds the extra, never imports it
    from app.ai.models import ModelService           # ModelService(db, paths, clock=None, memory=None)
    from app.ai.engine import AssistantEngine        # AssistantEngine(models, idle_seconds=600,
                                                     #   answer_seconds=120, max_tokens=512,
                                                     #   chat_options={"temperature": 0.7, "seed": ...})
                                                     # or AssistantEngine(chat_model=any BaseChatModel)
                                                     # or AssistantEngine(load=callable -> BaseChatModel)
    engine.status() -> EngineStatus(ready, loaded, busy, model: ModelInfo | None, reason: str)
    engine.check()  # raises AssistantMissingError / NotEnoughMemoryError (sentences) before anything starts
    answer = engine.stream(messages, stop_event=None, json_schema=None, max_tokens=None)
        # messages: a list of langchain_core.messages (SystemMessage, HumanMessage, AIMessage)
        # -> app.ai.answer.Answer, an Iterator[str] of pieces as they are written. Raises at once AssistantBusyError
        #    (one answer at a time: a second is refused with a sentence) or AssistantMissingError; the
        #    iterator raises AnswerTimeoutError / ModelChangedError / NotEnoughMemoryError. It stops when
        #    stop_event is set, engine.cancel() is called, or answer.close() (or the reader goes away).
    engine.answer(messages) -> str                   # the whole answer
    engine.answer_json(messages, json_schema) -> Any # constrained by llama.cpp's grammar, parsed;
                                                     # InvalidAnswerError (a sentence) if it does not parse
    engine.cancel(); engine.unload(); engine.close()
    engine.chat_model() -> BaseChatModel             # the loaded model itself (LlamaChatModel), if needed

    models.import_model(actor, source_path) -> ModelInfo   # admin only: metadata, copy, SHA-256 pin
    models.inspect(actor, source_path) -> ModelInfo        # admin only: metadata without copying
    models.list(actor) -> list[ModelInfo]; models.current() -> ModelInfo | None
    models.use(actor, model_id); models.remove(actor, model_id)

The chat model (app.ai.chat.LlamaChatModel, a langchain_core BaseChatModel over llama_cpp.Llama) takes
`json_schema=` and `max_tokens=` as invoke/stream keyword arguments or through `.bind(...)`; any other
BaseChatModel (langchain-core's fake ones in tests) can be injected instead and ignores them.
Errors live in app.ai.errors and subclass app.domain.errors, so the API's error table maps them to HTTP.
"""
