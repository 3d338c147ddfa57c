"""The printable "scan to register" card of a kiosk code: made in the same answer that opens the code (only its
hash is stored afterwards), one page with the studio's name, the QR image, the address and the instruction in
the studio's language; other codes carry no card, and staff cannot open a kiosk code at all."""

from __future__ import annotations

import base64
import subprocess


def _opened(client, headers, **body) -> dict:
    answer = client.post("/api/intake/codes", headers=headers, json=body)
    assert answer.status_code == 201, answer.json
    return answer.json


def _read(tmp_path, pdf: bytes) -> tuple[str, str, str]:
    path = tmp_path / "card.pdf"
    path.write_bytes(pdf)
    run = lambda *args: subprocess.run([*args, str(path), *(["-"] if args[0] == "pdftotext" else [])],  # noqa: E731
                                       capture_output=True, text=True, check=True).stdout
    return run("pdftotext"), run("pdfimages", "-list"), run("pdfinfo")


def test_a_kiosk_code_comes_with_a_one_page_card_naming_the_studio_the_address_and_what_to_do(client, admin_headers,
                                                                                               tmp_path):
    studio = "Ink & <b>Iron</b>"
    changed = client.patch("/api/settings", headers=admin_headers, json={"studio_name": studio})
    assert changed.status_code == 200, changed.json
    opened = _opened(client, admin_headers, kind="kiosk")
    text, images, info = _read(tmp_path, base64.b64decode(opened["card_pdf_base64"]))
    flat = " ".join(text.split())
    assert studio in flat, flat
    assert opened["url"] in flat, flat
    assert "Scan this code with your phone's camera to register with us." in flat
    assert "This code works until" in flat
    assert [line for line in images.splitlines()[2:] if line.strip()].__len__() == 1
    assert "Pages:           1" in info


def test_the_card_is_in_the_studio_s_language(client, admin_headers, tmp_path):
    changed = client.patch("/api/settings", headers=admin_headers, json={"locale": "es_ES"})
    assert changed.status_code == 200, changed.json
    opened = _opened(client, admin_headers, kind="kiosk")
    text, _, _ = _read(tmp_path, base64.b64decode(opened["card_pdf_base64"]))
    assert "Generado" in text and "Generated" not in text  # the instruction's own translation: tr_q2.py


def test_only_a_kiosk_code_has_a_card_and_only_admins_open_one(client, staff_headers):
    assert _opened(client, staff_headers)["card_pdf_base64"] is None
    refused = client.post("/api/intake/codes", headers=staff_headers, json={"kind": "kiosk"})
    assert refused.status_code == 403 and "card_pdf_base64" not in (refused.json or {})
