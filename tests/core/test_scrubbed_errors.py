"""No exception text reaches a log or the console: log records, uncaught errors in threads and in the main
thread, and the CLI's last-resort printer show an error's type and frames, never its message."""

from __future__ import annotations

import io
import logging
import os
import subprocess
import sys
import tempfile
import threading

import pytest

from app.cli import main
from app.core import log
from app.services.studio.service import StudioService
from tests.conftest import ADMIN, ADMIN_PASSWORD, REPO

SECRET = "Yv4-HEPATITIS-C-Pellworth"


def test_a_logged_exception_keeps_its_type_and_frames_but_not_its_message(tmp_path):
    (tmp_path / "logs").mkdir()
    log.configure(tmp_path / "logs")
    root = logging.getLogger()
    try:
        try:
            try:
                raise KeyError(SECRET)
            except KeyError as inner:
                raise RuntimeError(f"while saving {SECRET}") from inner
        except RuntimeError as exc:
            logging.getLogger("app.test").exception("Saving failed.")
            logging.getLogger("app.test").warning("Saving failed (%s).", exc)
    finally:
        for handler in [h for h in root.handlers if getattr(h, "baseFilename", "").startswith(str(tmp_path))]:
            root.removeHandler(handler)
            handler.close()
    written = (tmp_path / "logs" / "app.log").read_text("utf-8")
    assert SECRET not in written
    assert "KeyError: (message hidden" in written and "RuntimeError: (message hidden" in written
    assert "direct cause" in written and "test_a_logged_exception_keeps_its_type_and_frames" in written
    assert "Saving failed (RuntimeError: (message hidden" in written


CHILD = f"""
import threading
from app.core.log import install_scrubbing
install_scrubbing()
def work():
    raise ValueError("thread {SECRET}")
t = threading.Thread(target=work, name="saver"); t.start(); t.join()
raise OSError(28, "No space left on device", "/stick/data/{SECRET}.json")
"""


def test_uncaught_errors_in_threads_and_the_main_thread_print_no_message():
    done = subprocess.run([sys.executable, "-c", CHILD], capture_output=True, text=True, cwd=REPO, timeout=60)
    assert done.returncode == 1
    assert SECRET not in done.stderr + done.stdout
    assert "Exception in thread saver" in done.stderr and "ValueError: (message hidden" in done.stderr
    assert "OSError: [Errno 28] No space left on device" in done.stderr  # what and why, not which file


def test_the_cli_names_an_unexpected_error_without_its_message(created, stick, monkeypatch, capsys):
    def broken(self, name, password):
        raise RuntimeError(f"row for {SECRET} is odd")

    monkeypatch.setattr(StudioService, "check", broken)
    monkeypatch.setattr(sys, "stdin", io.StringIO(ADMIN_PASSWORD + "\n"))
    # main() points the whole process at the stick (environment, temp folder, hooks): undo it afterwards,
    # or later tests start browsers and servers with their temp files in this test's stick
    saved_environ = dict(os.environ)
    for owner, name in ((tempfile, "tempdir"), (sys, "excepthook"), (threading, "excepthook"),
                        (sys, "unraisablehook"), (sys, "dont_write_bytecode"), (logging, "raiseExceptions")):
        monkeypatch.setattr(owner, name, getattr(owner, name))
    monkeypatch.setattr(logging, "_logRecordFactory", logging.getLogRecordFactory())
    root = logging.getLogger()
    try:
        with pytest.raises(SystemExit) as stopped:
            main(["check", "--home", str(stick.root), "--user", ADMIN, "--password-stdin"])
    finally:
        for handler in [h for h in root.handlers if getattr(h, "baseFilename", "").startswith(str(stick.root))]:
            root.removeHandler(handler)
            handler.close()
        os.environ.clear()
        os.environ.update(saved_environ)
    assert stopped.value.code == 1
    out, err = capsys.readouterr()
    assert err.startswith("Error: The command stopped on an unexpected error (RuntimeError)")
    assert SECRET not in out + err
    logged = (stick.logs / "app.log").read_text("utf-8")
    assert "RuntimeError: (message hidden" in logged and "in broken" in logged and SECRET not in logged


def test_waitress_reports_an_error_while_sending_a_body_without_its_message(tmp_path, capfd):
    import httpx

    from app.api.server import ApiServer

    def app(environ, start_response):  # a body that fails halfway, as a broken file would
        start_response("200 OK", [("Content-Type", "text/plain")])
        yield b"first part"
        raise OSError(5, "Input/output error", f"/stick/data/exports/{SECRET}.csv")

    (tmp_path / "logs").mkdir()
    log.configure(tmp_path / "logs")
    root = logging.getLogger()
    server = ApiServer(app).start()
    try:
        with pytest.raises(httpx.HTTPError):
            httpx.get(server.url + "/export", timeout=30).raise_for_status()
    finally:
        server.stop()
        for handler in [h for h in root.handlers if getattr(h, "baseFilename", "").startswith(str(tmp_path))]:
            root.removeHandler(handler)
            handler.close()
    written = (tmp_path / "logs" / "app.log").read_text("utf-8")
    out, err = capfd.readouterr()
    assert "Exception while serving /export" in written and "[Errno 5] Input/output error" in written
    assert SECRET not in written + out + err


def test_a_database_error_names_the_statement_but_never_its_values(tmp_path):
    from sqlalchemy.exc import IntegrityError

    from app.db.engine import Database

    db = Database(tmp_path / "studio.db", bytes(range(32)))
    try:
        with db.write() as conn:
            conn.exec_driver_sql("CREATE TABLE clients (name TEXT UNIQUE)")
            conn.exec_driver_sql("INSERT INTO clients VALUES (?)", (SECRET,))
        with pytest.raises(IntegrityError) as raised, db.write() as conn:
            conn.exec_driver_sql("INSERT INTO clients VALUES (?)", (SECRET,))
    finally:
        db.close()
    assert "INSERT INTO clients" in str(raised.value) and SECRET not in str(raised.value)
