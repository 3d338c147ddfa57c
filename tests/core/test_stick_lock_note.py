"""The note beside stick.lock names who holds the stick; a damaged note never turns a refusal into a crash."""

from __future__ import annotations

import pytest

from app.core.instance import StickLock
from app.domain.errors import StickInUseError


@pytest.mark.parametrize("note", ["[]", "null", "{torn"])
def test_a_damaged_holder_note_still_gives_the_in_use_sentence(tmp_path, note):
    """Found by the type check: a note that was JSON but not an object raised AttributeError instead."""
    lock, info = tmp_path / "stick.lock", tmp_path / "stick.lock.json"
    with StickLock(lock, info):
        info.write_text(note, "utf-8")
        with pytest.raises(StickInUseError, match=r"already open on another computer \(pid \?\)"):
            StickLock(lock, info).acquire()
