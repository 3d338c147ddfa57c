"""The Wine test environment's recipe (no Wine needed): which requirements apply on Windows, and the stand-in
DLLs built for Wine 8 never reach a stick or a bundle."""

from __future__ import annotations

import re

import pytest

from tests.conftest import REPO
from tools import build_stick, wine_env


def test_requirements_with_a_marker_false_on_windows_are_left_out(tmp_path):
    locked = tmp_path / "requirements.txt"
    locked.write_text("# pins\nalembic==1.20.1\nuvloop==0.23.0; sys_platform != \"win32\"\n"
                      "colorama==0.4.6 ; os_name == \"nt\"  # Windows only\n"
                      "flask==3.1.3 \\\n    --hash=sha256:aa \\\n    --hash=sha256:bb\n--only-binary :all:\n")
    assert wine_env.windows_requirements(locked) == ["alembic==1.20.1", "colorama==0.4.6", "flask==3.1.3"]


def test_the_real_lock_keeps_everything_but_the_posix_only_pins():
    kept = {line.split("==")[0].lower() for line in wine_env.windows_requirements(REPO / "requirements.txt")}
    assert "uvloop" not in kept and {"sqlcipher3", "flet-desktop", "cryptography", "waitress"} <= kept


def test_windows_paths_go_through_wines_z_drive(tmp_path):
    assert wine_env.windows_path(tmp_path / "a b") == "Z:" + str(tmp_path.resolve() / "a b").replace("/", "\\")


def test_every_stand_in_is_built_from_source_kept_in_tools_wine():
    assert build_stick.WINE_STAND_INS == {"bcryptprimitives.dll", wine_env.MATH_STAND_IN}
    assert "ProcessPrng(" in (REPO / "tools" / "wine" / "bcryptprimitives.c").read_text()
    assert len(wine_env.MATH_STAND_IN) == len(wine_env.MATH_SET)  # swapped in place in an import table


def test_the_pyinstaller_spec_drops_the_stand_ins_from_the_bundle():
    spec = (REPO / "portable.spec").read_text()
    assert re.search(r'a\.binaries = \[entry for entry in a\.binaries\s+if Path\(entry\[0\]\)\.name\.lower\(\) '
                     r'not in \{f"\{c\.stem\}\.dll" for c in \(ROOT / "tools" / "wine"\)\.glob\("\*\.c"\)\}\]', spec)
    assert spec.index("a.binaries = [entry") < spec.index("COLLECT(")


@pytest.mark.parametrize("where, content", [
    ("_internal/bcryptprimitives.dll", b"MZ stand-in"), ("BCRYPTPRIMITIVES.DLL", b"MZ stand-in"),
    ("_internal/numpy/_core/_multiarray_umath.pyd", b"MZ ... wine-crt-math-stand-in-1-0.dll ..."),
])
def test_a_bundle_holding_or_using_a_stand_in_is_never_put_on_a_stick(tmp_path, where, content):
    repo = tmp_path / "repo"
    tattoo = repo / "bundle" / "windows-x86_64" / "tattoo"
    (tattoo / "_internal").mkdir(parents=True)
    (tattoo / "tattoo.exe").write_text("exe")
    (tattoo / where).parent.mkdir(parents=True, exist_ok=True)
    (tattoo / where).write_bytes(content)
    with pytest.raises(build_stick.BuildError, match="Wine test stand-ins .*must never ship"):
        build_stick.assemble(tmp_path / "stick", "windows-x86_64", repo)
    assert not (tmp_path / "stick").exists()
