"""A handler that fails shows a sentence in the window, and the log its type and frames, never its text."""

from __future__ import annotations

from flet.messaging.session import Session

from app.ui.launch import CRASH_SENTENCE
from tests.ui.support_crash import SECRET, crash_a_button


def test_a_crashing_handler_shows_a_sentence_and_logs_no_client_data(tmp_path, monkeypatch, capfd):
    monkeypatch.setattr(Session, "error", Session.error)  # put Flet's own back after the test
    crashes = crash_a_button(tmp_path, "Save")
    assert len(crashes) == 1 and CRASH_SENTENCE in crashes[0] and SECRET not in crashes[0]
    written = (tmp_path / "logs" / "app.log").read_text("utf-8")
    assert "ValueError: (message hidden" in written and "in save" in written
    out, err = capfd.readouterr()
    assert SECRET not in written + out + err
