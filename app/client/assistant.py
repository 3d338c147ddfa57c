"""The assistant calls: whether it is there for you, ask it (the answer streams in), stop it (app/api/assistant.py)."""

from __future__ import annotations

from collections.abc import Iterator

from app.client.http import ApiSession
from app.client.models import AskIn, AssistantStatusOut, BriefingOut, ModelImportIn, ModelOut, StopOut

IMPORT_TIMEOUT = 1800.0  # seconds a model file's copy and hash may take (several GB from a slow USB drive)
ANSWER_TIMEOUT = 300.0  # seconds an answer may take in all (the engine's own limit stops it sooner)


class AssistantApi:
    """The studio assistant (/api/assistant): answers are drafts; it never changes anything."""

    def __init__(self, session: ApiSession):
        self._s = session

    def status(self) -> AssistantStatusOut:
        """Whether the assistant can answer here, and whether you may use it and include health."""
        return self._s.call("GET", "/api/assistant", AssistantStatusOut)

    def ask(self, request: AskIn) -> Iterator[str]:
        """The answer in pieces as the model writes them; closing the iterator stops it on the server."""
        return self._s.stream_text("POST", "/api/assistant/answers", json=request, timeout=ANSWER_TIMEOUT)

    def stop(self) -> bool:
        """Stop the answer being written for you; False when none was."""
        return self._s.call("POST", "/api/assistant/stop", StopOut).stopped

    def briefing(self) -> BriefingOut:
        """Your latest briefing for tomorrow (exists=False when none was made)."""
        return self._s.call("GET", "/api/assistant/briefing", BriefingOut)

    def make_briefing(self) -> BriefingOut:
        """Make your briefing for tomorrow now (artists) and return it."""
        return self._s.call("POST", "/api/assistant/briefing", BriefingOut)

    def models(self) -> list[ModelOut]:
        """The imported model files (admins)."""
        return self._s.call("GET", "/api/assistant/models", list[ModelOut])

    def import_model(self, path: str) -> ModelOut:
        """Import a GGUF model file from this computer (admins); copying a large file takes a while."""
        return self._s.call("POST", "/api/assistant/models", ModelOut, json=ModelImportIn(path=path),
                            timeout=IMPORT_TIMEOUT)
