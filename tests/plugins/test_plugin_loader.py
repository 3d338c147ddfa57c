"""A plugin file is read without running it, imported by path from the very bytes hashed, and never collides."""

from __future__ import annotations

import hashlib
import sys

import pytest

from app.domain.errors import ConflictError
from app.plugins import loader
from tests.plugins.support_files import write_plugin


def test_the_declaration_is_read_without_running_the_file(tmp_path):
    folder, witness = tmp_path / "plugins", tmp_path / "ran.txt"
    sha = write_plugin(folder, "noisy", f"""
        open({str(witness)!r}, "w").write("I ran")

        @hookimpl
        def startup(context):
            pass

        @hookimpl
        def payment_methods(context):
            return []

        def helper():
            pass
    """, title="Noisy one")
    [found] = loader.find(folder)
    assert not witness.exists()
    assert (found.name, found.info.version, found.info.author, found.info.title) == ("noisy", "1.0", "Test Studio",
                                                                                      "Noisy one")
    assert found.hooks == ("startup", "payment_methods")
    assert found.sha256 == sha and found.problem == ""


@pytest.mark.parametrize(("text", "says"), [
    ("x = 1\n", "does not declare itself"),
    ("PLUGIN = PluginInfo(name=NAME, version='1')\n", "does not declare itself"),
    ("PLUGIN = dict(name='a', version='1')\n", "does not declare itself"),
    ("PLUGIN = PluginInfo(name='Bad Name', version='1')\n", "lower-case letters"),
    ("PLUGIN = PluginInfo(name='screens', version='1')\n", "which the app uses itself"),
    ("PLUGIN = PluginInfo(name='ok', version='1', min_app_version='soon')\n", "as numbers"),
    ("from x import hookimpl\nPLUGIN = PluginInfo(name='ok', version='1')\n@hookimpl\ndef on_tuesday(): pass\n",
     "hooks this app does not have (on_tuesday)"),
    ("def broken(:\n", "not valid Python (line 1)"),
])
def test_a_file_that_cannot_be_read_is_listed_with_what_to_fix(tmp_path, text, says):
    folder = tmp_path / "plugins"
    folder.mkdir()
    (folder / "odd.py").write_text(text)
    [found] = loader.find(folder)
    assert found.name in ("odd", "ok", "screens") and says in found.problem
    assert found.problem.endswith(".")


def test_two_files_declaring_one_name_the_second_is_refused(tmp_path):
    folder = tmp_path / "plugins"
    write_plugin(folder, "twin", file="a_twin")
    write_plugin(folder, "twin", file="b_twin")
    first, second = loader.find(folder)
    assert first.problem == "" and "like a_twin.py" in second.problem


def test_only_the_approved_bytes_are_run(tmp_path):
    folder = tmp_path / "plugins"
    sha = write_plugin(folder, "pinned", "VALUE = 'first'\n")
    module, found = loader.load(folder / "pinned.py", sha)
    assert module.VALUE == "first" and found.sha256 == sha
    assert module.__name__ == f"tattoo_stick.plugins.pinned_{sha[:8]}" and module.__file__ == str(folder / "pinned.py")
    (folder / "pinned.py").write_text((folder / "pinned.py").read_text().replace("first", "swapped"))
    with pytest.raises(ConflictError, match="changed since an admin enabled it"):
        loader.load(folder / "pinned.py", sha)


def test_same_names_and_same_file_stem_in_two_folders_do_not_collide(tmp_path):
    paths_before = list(sys.path)
    shas = {}
    for folder, name in ((tmp_path / "one" / "plugins", "alpha"), (tmp_path / "two" / "plugins", "beta")):
        shas[name] = write_plugin(folder, name, f"""
            from dataclasses import dataclass

            @dataclass
            class Card:
                owner: str = {name!r}

            def who():
                return Card().owner
        """, file="common")
    alpha, _ = loader.load(tmp_path / "one" / "plugins" / "common.py", shas["alpha"])
    beta, _ = loader.load(tmp_path / "two" / "plugins" / "common.py", shas["beta"])
    assert (alpha.who(), beta.who()) == ("alpha", "beta")
    assert alpha.Card is not beta.Card and alpha.__name__ != beta.__name__
    assert "common" not in sys.modules and sys.path == paths_before


def test_the_hash_is_of_the_bytes_on_the_stick(tmp_path):
    folder = tmp_path / "plugins"
    write_plugin(folder, "hashed")
    [found] = loader.find(folder)
    assert found.sha256 == hashlib.sha256((folder / "hashed.py").read_bytes()).hexdigest()


def test_a_newer_app_requirement_is_noticed():
    from app.plugins.spec import PluginInfo

    assert loader.too_new(PluginInfo("x", "1", min_app_version="99.0"), "0.1.0")
    assert not loader.too_new(PluginInfo("x", "1", min_app_version="0.1"), "0.1.0")
