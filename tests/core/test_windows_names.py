"""Names Windows keeps for devices are recognised in any folder, any case, with any extension."""

from __future__ import annotations

import pytest

from app.core.windows_names import refuse_reserved, reserved_part
from app.domain.errors import ValidationError


@pytest.mark.parametrize("path, part", [
    ("CON", "CON"), ("nul.txt", "nul.txt"), ("D:\\backups\\aux\\", "aux"), ("/media/usb/Com1.zip", "Com1.zip"),
    ("lpt9", "lpt9"), ("NUL .pdf", "NUL .pdf"), ("conout$", "conout$"), ("E:/prn.tar.gz", "prn.tar.gz"),
])
def test_device_names_are_found_in_any_part_of_a_path(path, part):
    assert reserved_part(path) == part


@pytest.mark.parametrize("path", ["console.pdf", "D:\\backups\\nullable", "COM10", "/media/usb/LPT", "aux-notes",
                                  "z-report-2026-01-01.pdf", "C:\\", "", "CONTRACT.zip"])
def test_ordinary_names_pass(path):
    assert reserved_part(path) is None
    refuse_reserved(path)


def test_refusal_is_a_sentence_naming_the_part_and_what_to_do():
    with pytest.raises(ValidationError) as refused:
        refuse_reserved("D:\\exports\\CON\\x.zip", "folder name")
    assert str(refused.value) == ("'CON' cannot be used as a folder name: Windows keeps that name for a device, "
                                  "so nothing could be saved under it. Choose another name.")
