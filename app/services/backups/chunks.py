"""A deduplicated store of restore points: the database's encrypted pages kept once, in pack files.

Layout in `root` (FAT-safe names, few files per folder):
  packs/XY/<sha256 of the pack>.pack   chunks back to back, then their SHA-256s, their count and b"TSPACK01"
  points/<name>.point                   a JSON line (size, chunk size, whole-file SHA-256), the chunks' SHA-256s
                                        (32 bytes each), then the SHA-256 of all that: its seal

A chunk is one run of CHUNK bytes of the file (one SQLCipher page): the pages are already encrypted and
HMACed with the studio key, so the store does not encrypt again, and its files name nothing personal. A pack
or point gets its final name only once complete (temp name, fsync, rename); a point is written after every
chunk it lists, so a crash leaves at most packs no point lists, which `collect` removes later.
"""

from __future__ import annotations

import hashlib
import json
import os
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path
from typing import Any, BinaryIO

from app.core.atomic import fsync_folder, replace_file, temp_name, write_atomic
from app.core.i18n import _
from app.services.backups.packs import CHUNK, HASH, copy_checked, trailer, write_pack

PACK_MAX = 16 * 1024 * 1024


class ChunkStore:
    """Restore points as lists of chunk hashes over shared, content-addressed pack files."""

    def __init__(self, root: Path):
        self.root = root
        self.packs, self.points = root / "packs", root / "points"
        self._index: dict[bytes, tuple[Path, int]] | None = None
        self._unreadable: list[str] = []  # packs whose trailer is damaged (cut short or changed)
        self._handles: dict[Path, BinaryIO] | None = None  # open packs, inside `reading()`

    # --- reading --------------------------------------------------------------------------
    def index(self) -> dict[bytes, tuple[Path, int]]:
        """Chunk hash -> (pack, offset), from every readable pack's trailer (built once, then kept up to date)."""
        if self._index is None:
            self._index, self._unreadable = {}, []
            for pack in sorted(self.packs.glob("*/*.pack")):
                hashes = trailer(pack)
                if hashes is None:
                    self._unreadable.append(pack.name[:12])
                for n, digest in enumerate(hashes or []):
                    self._index.setdefault(digest, (pack, n * CHUNK))
        return self._index

    def names(self) -> list[str]:
        """The points in the store, by name."""
        return sorted(p.name.removesuffix(".point") for p in self.points.glob("*.point"))

    def point(self, name: str) -> dict[str, Any]:
        """A point's record; ValueError with a sentence when its file is damaged."""
        try:
            raw = (self.points / f"{name}.point").read_bytes()
        except OSError:
            raise ValueError(_("The restore point %(name)s cannot be read: its file is missing.", name=name)) from None
        if len(raw) < HASH or hashlib.sha256(raw[:-HASH]).digest() != raw[-HASH:]:
            raise ValueError(_("The restore point %(name)s does not match its checksum: its file was changed or "
                               "damaged.", name=name))
        head, _sep, digests = raw[:-HASH].partition(b"\n")
        body: dict[str, Any] = json.loads(head)
        body["chunks"] = [digests[i:i + HASH] for i in range(0, len(digests), HASH)]
        return body

    def read_chunk(self, digest: bytes) -> bytes:
        """The chunk with this hash, re-hashed; ValueError when it is missing or damaged."""
        where = self.index().get(digest)
        if where is None:
            if self._unreadable:
                raise ValueError(_("chunk %(chunk)s is missing from the store (the pack %(pack)s is damaged: cut "
                                   "short or changed)", chunk=digest.hex()[:12], pack=", ".join(self._unreadable)))
            raise ValueError(_("chunk %(chunk)s is missing from the store", chunk=digest.hex()[:12]))
        if self._handles is None:
            with open(where[0], "rb") as fh:
                fh.seek(where[1])
                data = fh.read(CHUNK)
        else:  # inside `reading()`: each pack opened once (seek + read: there is no pread on Windows)
            if where[0] not in self._handles:
                self._handles[where[0]] = open(where[0], "rb")  # noqa: SIM115 - closed by reading()
            pack = self._handles[where[0]]
            pack.seek(where[1])
            data = pack.read(CHUNK)
        if hashlib.sha256(data).digest() != digest:
            raise ValueError(_("chunk %(chunk)s in pack %(pack)s is damaged", chunk=digest.hex()[:12],
                               pack=where[0].name[:12]))
        return data

    @contextmanager
    def reading(self) -> Iterator[None]:
        """Keep the packs open while many chunks are read (a rebuild reads every page of a point)."""
        outer = self._handles is None
        if outer:
            self._handles = {}
        try:
            yield
        finally:
            if outer and self._handles is not None:
                for fh in self._handles.values():
                    fh.close()
                self._handles = None

    def problems(self, name: str) -> list[str]:
        """Re-hash the point file and every chunk it lists; return sentences naming what is damaged."""
        try:
            body = self.point(name)
        except ValueError as exc:
            return [str(exc)]
        found = []
        with self.reading():
            for n, digest in enumerate(body["chunks"]):
                try:
                    self.read_chunk(digest)
                except ValueError as exc:
                    found.append(_("The restore point %(name)s: page %(page)s: %(problem)s.", name=name, page=n + 1,
                                     problem=exc))
        return found

    def rebuild(self, name: str, dest: Path) -> Path:
        """Write the point's file to `dest` (temp name, whole-file SHA-256 checked, rename); ValueError if damaged."""
        body = self.point(name)
        tmp, digest = temp_name(dest), hashlib.sha256()
        try:
            with open(tmp, "wb") as fh, self.reading():
                for n, chunk_hash in enumerate(body["chunks"]):
                    try:
                        data = self.read_chunk(chunk_hash)
                    except ValueError as exc:
                        raise ValueError(_("The restore point %(name)s will not be rebuilt: page %(page)s: "
                                           "%(problem)s.", name=name, page=n + 1, problem=exc)) from None
                    digest.update(data)
                    fh.write(data)
                fh.flush()
                os.fsync(fh.fileno())
            if digest.hexdigest() != body["sha256"]:
                raise ValueError(_("The restore point %(name)s rebuilt to other bytes than were stored.", name=name))
            replace_file(tmp, dest)
        except BaseException:
            tmp.unlink(missing_ok=True)
            raise
        fsync_folder(dest.parent)
        return dest

    # --- writing --------------------------------------------------------------------------
    def add(self, name: str, data: bytes | bytearray, meta: dict[str, Any] | None = None,
            sha256: str | None = None) -> dict[str, Any]:
        """Store `data` as point `name`: new chunks into packs first, then the point file. Return its record.
        `sha256` is the whole file's hex SHA-256 when the caller has it already."""
        if len(data) % CHUNK:
            raise ValueError(_("A database file is whole pages of %(page)s bytes; this one is %(size)s bytes.",
                               page=CHUNK, size=len(data)))
        view = memoryview(data)
        hashes = [hashlib.sha256(view[i:i + CHUNK]).digest() for i in range(0, len(view), CHUNK)]
        index, new, seen = self.index(), [], set()
        for n, digest in enumerate(hashes):
            if digest not in index and digest not in seen:
                seen.add(digest)
                new.append((digest, view[n * CHUNK:(n + 1) * CHUNK]))
        self._write_packs(new)
        body = {**(meta or {}), "name": name, "size": len(data), "chunk": CHUNK,
                "sha256": sha256 or hashlib.sha256(data).hexdigest(), "new_bytes": sum(len(c) for _, c in new)}
        raw = json.dumps(body, sort_keys=True).encode() + b"\n" + b"".join(hashes)
        self.points.mkdir(parents=True, exist_ok=True)
        write_atomic(self.points / f"{name}.point", raw + hashlib.sha256(raw).digest())
        return {**body, "chunks": hashes}

    def _write_packs(self, chunks: list[tuple[bytes, memoryview]]) -> None:
        per_pack = PACK_MAX // CHUNK
        for start in range(0, len(chunks), per_pack):
            part = chunks[start:start + per_pack]
            pack = write_pack(self.packs, [c for _, c in part], [h for h, _ in part])
            for n, (digest, _data) in enumerate(part):
                self.index().setdefault(digest, (pack, n * CHUNK))

    def remove(self, name: str) -> None:
        """Forget a point (its chunks stay until `collect`)."""
        (self.points / f"{name}.point").unlink(missing_ok=True)

    def collect(self) -> int:
        """Delete packs no point uses and repack those mostly unused; return the bytes freed. Refused (0)
        while any point file is unreadable: its chunks cannot be told apart, so none is deleted."""
        live: set[bytes] = set()
        for name in self.names():
            try:
                live.update(self.point(name)["chunks"])
            except ValueError:
                return 0
        freed = 0
        for pack in sorted(self.packs.glob("*/*.pack")):
            hashes = trailer(pack)
            if hashes is None:
                continue  # damaged: verify names it; deleting it would hide the damage
            keep = [h for h in hashes if h in live]
            if len(keep) * 2 > len(hashes):
                continue
            if keep:  # copy the live chunks into a new pack before the old one goes
                self._index = None
                self._write_packs([(h, memoryview(self.read_chunk(h))) for h in keep])
            size = pack.stat().st_size
            try:
                pack.unlink()
            except PermissionError:  # Windows: a verify has it open; the next collect removes it
                continue
            freed += size
            self._index = None
        return freed

    def copy_to(self, other: ChunkStore, names: list[str] | None = None) -> int:
        """Copy the packs `other` lacks (each checked by its SHA-256 name), then the points it lacks; with
        `names`, only those points and the packs they use (ValueError when one of them is damaged).
        Return the bytes copied."""
        copied, packs = 0, sorted(self.packs.glob("*/*.pack"))
        if names is not None:
            used = {digest for name in names for digest in self.point(name)["chunks"]}
            missing = used - self.index().keys()
            if missing:
                raise ValueError(_("chunk %(chunk)s is missing from the store", chunk=min(missing).hex()[:12]))
            packs = sorted({self.index()[digest][0] for digest in used})
        for pack in packs:
            target = other.packs / pack.parent.name / pack.name
            if not target.exists():
                copied += copy_checked(pack, target)
        for name in self.names() if names is None else names:
            target = other.points / f"{name}.point"
            if not target.exists():
                self.point(name)  # a damaged point is never spread
                copied += copy_checked(self.points / f"{name}.point", target, expect=None)
        other._index = None
        return copied

    def used_bytes(self) -> int:
        """What the store takes on the drive."""
        return sum(p.stat().st_size for p in self.root.rglob("*") if p.is_file())

