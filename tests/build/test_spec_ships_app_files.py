"""portable.spec ships every file the app reads from its own folders at run time that is not Python (Python is
frozen into the archive; these must lie beside it as files): Alembic's template, web mode's own page (issue 16)...
Read from the spec's `datas` in a child process (the spec sets build-time environment variables), no PyInstaller
build needed; tests/build/test_built_stick.py checks the built bundle itself."""

from __future__ import annotations

import json
import subprocess
import sys
from pathlib import Path

from tests.conftest import REPO

# Catalog sources compile into .mo files, which are what ship; bytecode caches are made anew.
NOT_SHIPPED = {".py", ".pyc", ".po", ".pot"}
READ_DATAS = """
import json, sys
spec = open("portable.spec", encoding="utf-8").read()
namespace = {"SPECPATH": sys.argv[1], "__name__": "spec"}
exec(compile(spec[:spec.index("\\na = Analysis(")], "portable.spec", "exec"), namespace)
print(json.dumps(namespace["datas"]))
"""


def _spec_datas() -> list[tuple[str, str]]:
    done = subprocess.run([sys.executable, "-c", READ_DATAS, str(REPO)], cwd=REPO, capture_output=True, text=True,
                          timeout=300)
    assert done.returncode == 0, done.stderr[-3000:]
    return [tuple(pair) for pair in json.loads(done.stdout.splitlines()[-1])]


def test_every_non_python_file_under_app_is_in_the_specs_datas_at_its_own_place():
    datas = _spec_datas()
    shipped = {}
    for source, dest in datas:
        source = Path(source)
        files = [source] if source.is_file() else [p for p in source.rglob("*") if p.is_file()]
        for file in files:
            shipped[file.resolve()] = Path(dest) / (file.name if source.is_file() else file.relative_to(source))
    wanted = [p for p in (REPO / "app").rglob("*")
              if p.is_file() and p.suffix not in NOT_SHIPPED and "__pycache__" not in p.parts]
    assert REPO / "app" / "ui" / "web" / "index.html" in wanted
    missing = [str(p.relative_to(REPO)) for p in wanted if p.resolve() not in shipped]
    assert missing == [], "portable.spec's datas lack these (add them where the app looks for them)"
    misplaced = {str(p.relative_to(REPO)): str(shipped[p.resolve()]) for p in wanted
                 if shipped[p.resolve()] != p.relative_to(REPO)}
    assert misplaced == {}, "shipped away from where the frozen app looks (beside its module, as in the checkout)"
