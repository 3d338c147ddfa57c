"""Telling FAT32 (4 GiB per file, renames in two steps) from exFAT and the rest, on Linux and macOS."""

from __future__ import annotations

from pathlib import Path

from app.core import filesystem

MACOS_MOUNT = """/dev/disk3s1s1 on / (apfs, sealed, local, read-only, journaled)
/dev/disk4s1 on /Volumes/TATTOO STICK (msdos, local, nodev, nosuid, noowners)
/dev/disk5s1 on /Volumes/BIG STICK (exfat, local, nodev, nosuid, noowners)
"""


def test_macos_mount_lines_give_the_type_of_each_volume_even_with_spaces_in_its_name():
    mounts = filesystem.parse_macos_mount(MACOS_MOUNT)
    assert ("/Volumes/TATTOO STICK", "msdos") in mounts and ("/Volumes/BIG STICK", "exfat") in mounts
    assert filesystem.fs_type(Path("/Volumes/TATTOO STICK/data"), mounts) == "msdos"
    assert filesystem.is_fat32(Path("/Volumes/TATTOO STICK/data"), mounts)
    assert not filesystem.is_fat32(Path("/Volumes/BIG STICK/data"), mounts)
    assert filesystem.fs_type(Path("/Users/ana"), mounts) == "apfs"


def test_the_deepest_mount_holding_a_path_decides():
    mounts = [("/", "ext4"), ("/media/ana/STICK", "vfat"), ("/media/ana", "tmpfs")]
    assert filesystem.fs_type(Path("/media/ana/STICK/data/studio.db"), mounts) == "vfat"
    assert filesystem.fs_type(Path("/media/ana/other"), mounts) == "tmpfs"
    assert filesystem.fs_type(Path("/media/ana/STICKER"), mounts) == "tmpfs", "a name that only starts alike"


def test_the_sentence_says_what_happened_and_what_to_do():
    text = filesystem.too_big_sentence("The backup", 5 * 2**30, filesystem.FAT32_MAX_FILE)
    assert text.startswith("The backup would be 5.00 GiB, more than the 4.00 GiB one file can be")
    assert "exFAT" in text and "was not written" in text
