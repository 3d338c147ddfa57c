"""Pack files of the chunk store: chunks back to back, then their SHA-256s, their count and a magic; each named
by its own SHA-256 and given that name only once complete."""

from __future__ import annotations

import hashlib
import os
from collections.abc import Iterable
from pathlib import Path

from app.core.atomic import fsync_folder, replace_file, temp_name
from app.core.i18n import _

CHUNK = 4096  # SQLCipher's page size: a changed page changes exactly one chunk
MAGIC = b"TSPACK01"
HASH = 32


def write_pack(folder: Path, chunks: Iterable[memoryview], hashes: list[bytes]) -> Path:
    """Write `chunks` (whose SHA-256s are `hashes`) as one pack in `folder`, named by its own SHA-256, through a
    temp name; return its path."""
    digest = hashlib.sha256()
    trailer = b"".join(hashes) + len(hashes).to_bytes(8, "little") + MAGIC
    folder.mkdir(parents=True, exist_ok=True)
    tmp = folder / f".pack.{os.getpid()}.tmp"
    try:
        with open(tmp, "wb") as fh:
            for chunk in chunks:
                fh.write(chunk)
                digest.update(chunk)
            fh.write(trailer)
            digest.update(trailer)
            fh.flush()
            os.fsync(fh.fileno())
        name = digest.hexdigest()
        final = folder / name[:2] / f"{name}.pack"
        final.parent.mkdir(exist_ok=True)
        replace_file(tmp, final)
    except BaseException:
        tmp.unlink(missing_ok=True)
        raise
    fsync_folder(final.parent)
    return final


def trailer(pack: Path) -> list[bytes] | None:
    """The chunk hashes a pack holds, or None when its trailer is damaged."""
    try:
        size = pack.stat().st_size
        with open(pack, "rb") as fh:
            fh.seek(max(0, size - 16))
            tail = fh.read(16)
            if len(tail) < 16 or tail[8:] != MAGIC:
                return None
            count = int.from_bytes(tail[:8], "little")
            if count * (CHUNK + HASH) + 16 != size:
                return None
            fh.seek(count * CHUNK)
            raw = fh.read(count * HASH)
    except OSError:
        return None
    return [raw[i:i + HASH] for i in range(0, len(raw), HASH)]


def copy_checked(src: Path, dest: Path, expect: str | None = "name") -> int:
    """Copy via a temp name; a pack is renamed only if its SHA-256 is its name."""
    dest.parent.mkdir(parents=True, exist_ok=True)
    tmp, digest = temp_name(dest), hashlib.sha256()
    try:
        with open(src, "rb") as fin, open(tmp, "wb") as fout:
            while block := fin.read(1 << 20):
                fout.write(block)
                digest.update(block)
            fout.flush()
            os.fsync(fout.fileno())
        if expect == "name" and digest.hexdigest() != dest.name.removesuffix(".pack"):
            raise ValueError(_("The pack %(pack)s is damaged on the stick and was not copied.", pack=src.name[:12]))
        replace_file(tmp, dest)
    except BaseException:
        tmp.unlink(missing_ok=True)
        raise
    fsync_folder(dest.parent)
    return dest.stat().st_size
