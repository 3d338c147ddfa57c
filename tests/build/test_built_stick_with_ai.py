"""A stick built with `tools.build_stick --with-ai` runs the assistant in the frozen app: an admin imports a GGUF
model file (metadata read, hash pinned), an aftercare draft streams back through the API, and a question about the
calendar goes through the JSON-schema-constrained choice (random weights: either an answer, or a sentence that says
the model's choice was refused; never a crash). Built once here (about two minutes); the default bundle of the other
build tests stays without the extra."""

from __future__ import annotations

import subprocess
import sys

import httpx
import pytest

from tests.build.support_stick import ANA_TWICE, FROZEN_INK, serving, set_up_copy
from tests.conftest import REPO
from tools.stick_process import call, login
from tools.tiny_gguf import write_wide_llama

pytestmark = [pytest.mark.slow, pytest.mark.skipif(sys.platform != "linux", reason="the Linux bundle's smoke test")]


@pytest.fixture(scope="module")
def ai_stick(tmp_path_factory):
    """A stick built with the assistant's extra. The build goes through the repo's bundle/ folder, which then holds
    this bundle: the other build tests copied their stick from the session's default build before (file order)."""
    out = tmp_path_factory.mktemp("built-ai") / "stick"
    done = subprocess.run([sys.executable, "-m", "tools.build_stick", "--out", str(out), "--with-ai", "--no-zip"],
                          cwd=REPO, capture_output=True, text=True, timeout=1800)
    assert done.returncode == 0, done.stdout[-3000:] + done.stderr[-5000:]
    return out


def _answer(api: str, token: str, task: str, text: str) -> tuple[int, str]:
    with httpx.stream("POST", api + "/api/assistant/answers", json={"task": task, "text": text},
                      headers={"Authorization": f"Bearer {token}"}, timeout=300) as answer:
        return answer.status_code, "".join(answer.iter_text())


def test_the_frozen_app_imports_a_model_and_streams_an_aftercare_draft_and_answers_a_question(
        ai_stick, empty_host, tmp_path):
    model = tmp_path / "usb" / "wide.gguf"
    model.parent.mkdir()
    write_wide_llama(model)  # context 4096: room for the studio's aftercare text (the tiny model's 512 is not)
    stick = set_up_copy(ai_stick, tmp_path / "stick", empty_host, *FROZEN_INK, stdin=ANA_TWICE)
    with serving(stick, empty_host) as (_app, api):
        token = login(api, "ana", "ana's password")
        assert call(api, "GET", "/api/assistant", token=token)[1]["available"] is False  # no model yet
        status, imported = call(api, "POST", "/api/assistant/models", {"path": str(model)}, token=token)
        assert status == 201 and imported["architecture"] == "llama" and len(imported["sha256"]) == 64, imported
        assert list((stick / "data" / "models").glob("*.gguf")), "the model was not copied onto the stick"
        assert call(api, "GET", "/api/assistant", token=token)[1]["available"] is True

        status, draft = _answer(api, token, "aftercare", "fresh forearm piece, client with eczema")
        assert status == 200 and len(draft) > 50, draft[:300]
        status, said = _answer(api, token, "question", "who is booked tomorrow?")
        assert status == 200 or (status in (400, 422) and '"message"' in said), (status, said[:300])
