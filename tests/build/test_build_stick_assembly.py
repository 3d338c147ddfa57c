"""tools.build_stick assembles a stick around a bundle and zips what is meant for distribution (no PyInstaller)."""

from __future__ import annotations

import os
import shutil
import stat
import zipfile

import pytest

from tests.conftest import REPO
from tools import build_stick


@pytest.fixture
def repo(tmp_path):
    """A checkout stand-in holding the launchers and a tiny bundle for this computer (with a symlink)."""
    root = tmp_path / "repo"
    tattoo = root / "bundle" / build_stick.platform_tag() / "tattoo"
    (tattoo / "_internal").mkdir(parents=True)
    (root / "plugins").mkdir()
    for name in ("launch.sh", "launch.bat", "bundle/README.md", *build_stick.EXAMPLE_PLUGINS):
        shutil.copy2(REPO / name, root / name)
    exe = tattoo / ("tattoo.exe" if os.name == "nt" else "tattoo")
    exe.write_text("#!/bin/sh\n")
    exe.chmod(0o755)
    (tattoo / "_internal" / "libfoo.so.1").write_text("lib")
    if os.name != "nt":
        (tattoo / "_internal" / "libfoo.so").symlink_to("libfoo.so.1")
    return root


def test_assemble_keeps_other_bundles_and_the_studio_data(repo, tmp_path):
    out = tmp_path / "stick"
    (out / "bundle" / "windows-x86_64" / "tattoo").mkdir(parents=True)
    (out / "bundle" / "windows-x86_64" / "tattoo" / "tattoo.exe").write_text("other OS")
    (out / "data").mkdir()
    (out / "data" / "studio.db").write_text("the studio's own data")
    build_stick.assemble(out, build_stick.platform_tag(), repo)
    assert (out / "bundle" / "windows-x86_64" / "tattoo" / "tattoo.exe").read_text() == "other OS"
    assert (out / "data" / "studio.db").read_text() == "the studio's own data"
    assert os.access(out / "launch.sh", os.X_OK)
    text = (out / "README-STICK.txt").read_text()
    assert "launch.bat" in text and "backup mirror" in text and "RECOVERY KEY" in text
    assert "Admin -> Plugins" in (out / "plugins" / "README.txt").read_text()
    for name in build_stick.EXAMPLE_PLUGINS:  # shipped beside the README, not enabled: nothing approves them here
        assert (out / name).read_bytes() == (REPO / name).read_bytes()


def test_zip_carries_the_stick_with_modes_but_no_symlinks_and_no_studio_data(repo, tmp_path):
    out = tmp_path / "stick"
    build_stick.assemble(out, build_stick.platform_tag(), repo)
    if os.name != "nt":
        assert not [p for p in out.rglob("*") if p.is_symlink()], "FAT32/exFAT sticks cannot hold symlinks"
        (out / "bundle" / "linked.txt").symlink_to("README.md")  # one left in a stick folder by an older build
    (out / "data" / "studio.db").write_text("never in a distribution ZIP")
    (out / "demo").mkdir()
    archive = build_stick.write_zip(out)
    assert archive == tmp_path / "stick.zip"
    with zipfile.ZipFile(archive) as zipped:
        infos = {info.filename: info for info in zipped.infolist()}
        names = zipped.namelist()
    tag = build_stick.platform_tag()
    assert "stick/data/README.txt" in infos and "stick/plugins/README.txt" in infos
    assert {"stick/plugins/gift_cards.py", "stick/plugins/aftercare.py"} <= set(infos)
    assert not [name for name in infos if "studio.db" in name or name.startswith("stick/demo")]
    assert len(names) == len(set(names)), "no entry twice"
    if os.name != "nt":
        assert infos[f"stick/bundle/{tag}/tattoo/tattoo"].external_attr >> 16 & 0o111
        assert not [i.filename for i in infos.values() if stat.S_ISLNK(i.external_attr >> 16)]
        with zipfile.ZipFile(archive) as zipped:  # the links' targets, as plain files unzip can write on FAT
            assert zipped.read(f"stick/bundle/{tag}/tattoo/_internal/libfoo.so") == b"lib"
            assert zipped.read("stick/bundle/linked.txt") == (REPO / "bundle" / "README.md").read_bytes()


def test_assemble_without_a_bundle_says_to_build_first(tmp_path):
    (tmp_path / "repo").mkdir()
    with pytest.raises(build_stick.BuildError, match="build it first"):
        build_stick.assemble(tmp_path / "stick", build_stick.platform_tag(), tmp_path / "repo")


def test_platform_tag_is_spelled_as_the_launchers_spell_it():
    system, arch = build_stick.platform_tag().split("-", 1)
    assert system in ("linux", "macos", "windows") and arch in ("x86_64", "arm64")
    assert '"$STICK/bundle/$os-$arch/tattoo/tattoo"' in (REPO / "launch.sh").read_text()


def test_the_build_refuses_packages_other_than_the_locks(tmp_path):
    build_stick.check_lock()  # this venv is installed from the lock
    lock = tmp_path / "requirements.txt"
    lock.write_text("flet==0.82.1 --hash=sha256:00\nwaitress==3.0.2 --hash=sha256:00\n"
                    "pywin32==312 ; sys_platform == 'win32' --hash=sha256:00\n")
    with pytest.raises(build_stick.BuildError) as refused:
        build_stick.check_lock(lock)
    message = str(refused.value)
    assert "flet 0.82.2 is installed, the lock says 0.82.1" in message and "Install the lock first" in message
    assert "waitress" not in message and "pywin32" not in message
