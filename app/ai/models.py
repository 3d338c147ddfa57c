"""`ModelService`: the admin imports a GGUF model file onto the stick; the app pins its SHA-256 and checks it.

The file is copied into data/models/ (temp name, fsync, rename) while its SHA-256 is computed, and the pin is
kept in the studio's encrypted settings. Before loading, the copy is hashed again: a file changed since its
import is refused until an admin imports it again. Nothing is ever downloaded.
"""

from __future__ import annotations

import hashlib
import os
import re
import shutil
from collections.abc import Callable
from pathlib import Path
from typing import Any

from app.ai.errors import ModelChangedError, ModelFileError, NotEnoughMemoryError
from app.ai.memory import available_memory
from app.ai.metadata import context_used, memory_needed, read_metadata
from app.ai.records import ModelInfo
from app.core.atomic import fsync_folder
from app.core.clock import Clock
from app.core.i18n import N_, _
from app.core.paths import StickPaths
from app.core.windows_names import reserved_part
from app.db.engine import Database
from app.db.repos.ai_models import AssistantModelsRepository
from app.db.repos.audit import AuditRepository
from app.domain.errors import NotFoundError
from app.domain.records import User
from app.services.authz import require_admin

CHUNK = 4 * 1024 * 1024
GB = 1024 ** 3


def _gb(n: int) -> str:
    return f"{n / GB:.1f}"


class ModelService:
    """Import, list, choose and remove the assistant's model files (admin only); `current()` for the engine."""

    def __init__(self, db: Database, paths: StickPaths, clock: Clock | None = None,
                 memory: Callable[[], int | None] = available_memory):
        self.db, self.paths, self.clock, self.memory = db, paths, clock or Clock(), memory
        self.folder = paths.data / "models"
        self.repo, self.audit = AssistantModelsRepository(), AuditRepository()
        self._verified: dict[tuple[str, int, int], str] = {}  # (file, size, mtime) -> SHA-256 seen this run

    def inspect(self, actor: User | None, source: str | os.PathLike[str]) -> ModelInfo:
        """What importing `source` would show (name, architecture, size, licence, context, memory); no copy."""
        require_admin(actor, N_("import an assistant model"))
        path = self._source(source)
        return self._info(read_metadata(path), path, sha256="")

    def import_model(self, actor: User | None, source: str | os.PathLike[str]) -> ModelInfo:
        """Copy `source` into data/models/, pin its SHA-256 and make it the model in use."""
        admin = require_admin(actor, N_("import an assistant model"))
        path = self._source(source)
        info = self._info(read_metadata(path), path, sha256="")
        self.check_memory(info)
        self.folder.mkdir(parents=True, exist_ok=True)
        if shutil.disk_usage(self.folder).free < info.size_bytes + 64 * 1024 * 1024:
            raise ModelFileError(_("The stick has too little free space for %(file)s (%(size)s GB). Free some "
                                   "space or use a bigger stick.", file=path.name, size=_gb(info.size_bytes)))
        sha = self._copy(path, self.folder / f".{path.name}.import")
        final = self.folder / f"{_safe_stem(path.stem)}-{sha[:12]}.gguf"
        os.replace(self.folder / f".{path.name}.import", final)
        fsync_folder(self.folder)
        info = self._info(read_metadata(final), final, sha256=sha, file_name=final.name,
                          imported_at=self.clock.now().isoformat(), imported_by=admin.username)
        with self.db.write() as conn:
            pins = self.repo.load(conn)
            pins["models"] = [m for m in pins["models"] if m["id"] != info.id] + [info.to_json()]
            pins["current"] = info.id
            self.repo.save(conn, pins)
            self.audit.record(conn, at=self.clock.now(), actor_id=admin.id, action="import", entity="ai_model",
                              entity_id=info.id, summary=f"{info.file_name} sha256 {sha[:12]}")
        self._verified[self._stamp(final)] = sha
        return info

    def list(self, actor: User | None) -> list[ModelInfo]:
        """The imported models, oldest first."""
        require_admin(actor, N_("manage the assistant's models"))
        with self.db.read() as conn:
            return [ModelInfo.from_json(m) for m in self.repo.load(conn)["models"]]

    def current(self) -> ModelInfo | None:
        """The model the assistant uses, or None when none is imported (for the engine and the screens)."""
        with self.db.read() as conn:
            pins = self.repo.load(conn)
        return next((ModelInfo.from_json(m) for m in pins["models"] if m["id"] == pins["current"]), None)

    def use(self, actor: User | None, model_id: str) -> ModelInfo:
        """Make an imported model the one the assistant uses."""
        admin = require_admin(actor, N_("manage the assistant's models"))
        with self.db.write() as conn:
            pins = self.repo.load(conn)
            found = self._find(pins, model_id)
            pins["current"] = model_id
            self.repo.save(conn, pins)
            self.audit.record(conn, at=self.clock.now(), actor_id=admin.id, action="use", entity="ai_model",
                              entity_id=model_id, summary=found["file_name"])
        return ModelInfo.from_json(found)

    def remove(self, actor: User | None, model_id: str) -> None:
        """Forget a model and delete its file from the stick."""
        admin = require_admin(actor, N_("manage the assistant's models"))
        with self.db.write() as conn:
            pins = self.repo.load(conn)
            found = self._find(pins, model_id)
            pins["models"] = [m for m in pins["models"] if m["id"] != model_id]
            if pins["current"] == model_id:
                pins["current"] = pins["models"][-1]["id"] if pins["models"] else None
            self.repo.save(conn, pins)
            self.audit.record(conn, at=self.clock.now(), actor_id=admin.id, action="remove", entity="ai_model",
                              entity_id=model_id, summary=found["file_name"])
        (self.folder / found["file_name"]).unlink(missing_ok=True)

    def verified_path(self, info: ModelInfo) -> Path:
        """The model's file, once its SHA-256 matches the pin (hashed once per run while size and time hold)."""
        path = self.folder / info.file_name
        if not path.is_file():
            raise ModelChangedError(_("The model file %(file)s is no longer on the stick. An admin imports it "
                                      "again on the Admin screen.", file=info.file_name))
        stamp = self._stamp(path)
        if self._verified.get(stamp) != info.sha256:
            if _sha256(path) != info.sha256:
                raise ModelChangedError(_("The model file %(file)s changed since it was imported, so it is not "
                                          "used. An admin imports it again on the Admin screen.",
                                          file=info.file_name))
            self._verified[stamp] = info.sha256
        return path

    def check_memory(self, info: ModelInfo) -> None:
        """Refuse, with a sentence, a model this computer has too little free memory for."""
        free = self.memory()
        if free is not None and info.memory_bytes > free:
            raise NotEnoughMemoryError(_("%(name)s needs about %(need)s GB of memory and this computer has "
                                         "%(free)s GB free. Close other programs, or import a smaller model.",
                                         name=info.name, need=_gb(info.memory_bytes), free=_gb(free)))

    # ---

    def _source(self, source: str | os.PathLike[str]) -> Path:
        path = Path(source).expanduser()
        if not path.is_file():
            raise ModelFileError(_("There is no file at %(path)s. Choose the model's .gguf file.", path=str(path)))
        return path

    def _info(self, meta: dict[str, Any], path: Path, sha256: str, **extra: Any) -> ModelInfo:
        return ModelInfo(id=sha256[:16], file_name=extra.pop("file_name", path.name), name=meta["name"],
                         architecture=meta["architecture"], size_bytes=path.stat().st_size,
                         parameters=meta["parameters"], licence=meta["licence"],
                         context_length=meta["context_length"], context_used=context_used(meta),
                         memory_bytes=memory_needed(meta), sha256=sha256, **extra)

    @staticmethod
    def _copy(source: Path, target: Path) -> str:
        digest = hashlib.sha256()
        try:
            with open(source, "rb") as src, open(target, "wb") as dst:
                while block := src.read(CHUNK):
                    digest.update(block)
                    dst.write(block)
                dst.flush()
                os.fsync(dst.fileno())
        except BaseException:
            target.unlink(missing_ok=True)
            raise
        return digest.hexdigest()

    @staticmethod
    def _stamp(path: Path) -> tuple[str, int, int]:
        stat = path.stat()
        return str(path), stat.st_size, stat.st_mtime_ns

    @staticmethod
    def _find(pins: dict[str, Any], model_id: str) -> dict[str, Any]:
        found = next((m for m in pins["models"] if m["id"] == model_id), None)
        if found is None:
            raise NotFoundError(_("There is no imported model %(id)s. Refresh the list of models.", id=model_id))
        return dict(found)


def _sha256(path: Path) -> str:
    digest = hashlib.sha256()
    with open(path, "rb") as f:
        while block := f.read(CHUNK):
            digest.update(block)
    return digest.hexdigest()


def _safe_stem(stem: str) -> str:
    cleaned = re.sub(r"[^A-Za-z0-9._-]+", "-", stem).strip(".-")[:80] or "model"
    return f"model-{cleaned}" if reserved_part(cleaned) else cleaned  # CON, NUL...: device names on Windows
