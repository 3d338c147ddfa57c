"""Finding the stick root and pointing every library's files at it."""

from __future__ import annotations

import sys

from app.core import paths


def test_home_flag_wins_over_environment(tmp_path):
    found = paths.resolve_root(tmp_path / "flag", environ={"TATTOO_HOME": str(tmp_path / "env")})
    assert found == (tmp_path / "flag").resolve()


def test_environment_wins_over_checkout(tmp_path):
    assert paths.resolve_root(None, environ={"TATTOO_HOME": str(tmp_path)}) == tmp_path.resolve()


def test_checkout_is_the_fallback():
    assert paths.resolve_root(None, environ={}) == paths.repo_root()
    assert (paths.repo_root() / "launch.sh").is_file()


def test_frozen_executable_finds_the_launcher_above_it(tmp_path, monkeypatch):
    exe = tmp_path / "bundle" / "linux-x86_64" / "tattoo" / "tattoo"
    exe.parent.mkdir(parents=True)
    exe.write_text("")
    (tmp_path / "launch.sh").write_text("")
    monkeypatch.setattr(sys, "frozen", True, raising=False)
    monkeypatch.setattr(sys, "executable", str(exe))
    assert paths.resolve_root(None, environ={}) == tmp_path.resolve()


def test_every_component_folder_is_under_the_stick(tmp_path):
    stick = paths.resolve(home=tmp_path).ensure()
    for folder in stick.folders() + [stick.db, stick.keyslots, stick.throttle, stick.lock]:
        assert folder.is_relative_to(tmp_path.resolve())
    assert oct(stick.xdg_runtime.stat().st_mode & 0o777) == "0o700"


def test_environment_points_libraries_at_the_stick(tmp_path):
    stick = paths.resolve(home=tmp_path)
    env: dict[str, str] = {}
    paths.apply_environment(stick, env)
    for name in ("TMPDIR", "PREFECT_HOME", "MPLCONFIGDIR", "XDG_RUNTIME_DIR", "XDG_DATA_HOME",
                 "XDG_CACHE_HOME", "FLET_APP_STORAGE_DATA"):
        assert env[name].startswith(str(tmp_path.resolve())), name
    assert env["PREFECT_SERVER_ANALYTICS_ENABLED"] == "false" and env["DO_NOT_TRACK"] == "1"
    assert env["PYTHONDONTWRITEBYTECODE"] == "1" and env["GSETTINGS_BACKEND"] == "memory"


def test_installed_mode_uses_the_user_data_dir():
    import platformdirs

    stick = paths.resolve(installed=True)
    assert str(stick.data) == platformdirs.user_data_dir(paths.APP_NAME, appauthor=False)


def test_frozen_app_folder_is_the_bundles_internal_folder(tmp_path, monkeypatch):
    monkeypatch.setattr(sys, "frozen", True, raising=False)
    monkeypatch.setattr(sys, "_MEIPASS", str(tmp_path / "tattoo" / "_internal"), raising=False)
    assert paths.repo_root() == (tmp_path / "tattoo" / "_internal").resolve()
