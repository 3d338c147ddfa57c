"""/api/assistant/models: an admin imports a GGUF model file from this computer (copied onto the stick, pinned)
and lists them; the assistant then says it is available; a wrong path is a sentence; staff are refused."""

from __future__ import annotations

import pytest

pytest.importorskip("gguf", reason="the assistant's extra (pip install .[ai]) is not installed")

from app.ai.available import ai_available  # noqa: E402
from tools.tiny_gguf import write_tiny_llama  # noqa: E402


def test_an_admin_imports_a_model_and_the_assistant_is_then_available(client, admin_headers, staff_headers,
                                                                       tmp_path, stick):
    (tmp_path / "usb").mkdir()
    model = write_tiny_llama(tmp_path / "usb" / "tiny.gguf")
    assert client.get("/api/assistant/models", headers=admin_headers).json == []
    assert client.post("/api/assistant/models", headers=staff_headers, json={"path": str(model)}).status_code == 403
    missing = client.post("/api/assistant/models", headers=admin_headers, json={"path": str(tmp_path / "no.gguf")})
    assert missing.status_code in (404, 422) and ".gguf" in missing.json["message"]
    made = client.post("/api/assistant/models", headers=admin_headers, json={"path": str(model)})
    assert made.status_code == 201, made.json
    info = made.json
    assert info["name"] == "Tiny Test Llama" and info["architecture"] == "llama" and len(info["sha256"]) == 64
    assert (stick.data / "models" / info["file_name"]).exists()
    assert [m["id"] for m in client.get("/api/assistant/models", headers=admin_headers).json] == [info["id"]]
    assert client.get("/api/assistant", headers=admin_headers).json["available"] is ai_available()


def test_a_path_the_file_system_refuses_is_a_sentence(client, admin_headers):
    for path in ("/" + "x" * 300 + ".gguf", "a\x00b"):
        refused = client.post("/api/assistant/models", headers=admin_headers, json={"path": path})
        assert refused.status_code == 422, refused.json
