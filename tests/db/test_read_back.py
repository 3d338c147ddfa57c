"""A row read back in the transaction that wrote it is there; when it is not, the sentence says what to do."""

from __future__ import annotations

import pytest

from app.db.repos.read_back import read_back
from app.domain.errors import StorageError


def test_a_row_that_was_written_comes_back_as_it_is():
    record = object()
    assert read_back(record, "client") is record


def test_a_missing_row_is_a_sentence_naming_it_and_the_way_out():
    with pytest.raises(StorageError, match=r"^The payment just saved cannot be read back: .* Run `check`"):
        read_back(None, "payment")
