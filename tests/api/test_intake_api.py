"""/api/intake: staff open a QR code (its address, QR PNG and expiry), the listener comes up on the chosen
address and goes when nothing is open; the pending queue is listed, viewed, accepted (new or merged) and
rejected over HTTP; markup a phone typed comes back as plain JSON text."""

from __future__ import annotations

import base64
import io
import urllib.request

from PIL import Image

from tests.services.support_clients import png
from tests.services.support_intake import form

MARKUP = '<script>alert(1)</script><b onmouseover="x()">Bo</b>'


def _open(client, headers, **body):
    answer = client.post("/api/intake/codes", headers=headers, json=body)
    assert answer.status_code == 201, answer.json
    return answer.json


def _submitted(api, opened_code: dict, **changes) -> str:
    services = api.config["CONTAINER"].services
    ticket = services.intake_codes.exchange(opened_code["url"].rsplit("/", 1)[1])
    return services.pending.submit(ticket, form(**changes), png(), remote_addr="127.0.0.9", user_agent="Phone")


def test_opening_a_code_gives_its_address_qr_and_expiry_and_starts_the_listener(api, client, staff_headers):
    opened = _open(client, staff_headers)
    assert opened["url"].startswith("http://127.0.0.2:") and "/c/" in opened["url"]
    qr = Image.open(io.BytesIO(base64.b64decode(opened["qr_png_base64"])))
    assert qr.format == "PNG" and qr.size[0] == qr.size[1] >= 200
    assert opened["code"]["kind"] == "new_client" and opened["expires_at"] == opened["code"]["expires_at"]
    state = client.get("/api/intake/listener", headers=staff_headers).json
    assert state["running"] and state["answers"] and state["url"] == opened["url"].split("/c/")[0]
    assert state["addresses"] == ["127.0.0.2"]
    with urllib.request.urlopen(state["url"] + "/health", timeout=5) as answer:
        assert answer.read() == b"ok"
    revoked = client.post(f"/api/intake/codes/{opened['code']['id']}/revoke", headers=staff_headers)
    assert revoked.status_code == 200 and revoked.json["revoked_at"]
    assert client.get("/api/intake/listener", headers=staff_headers).json["running"] is False


def test_a_kiosk_code_is_for_admins(client, staff_headers, admin_headers):
    refused = client.post("/api/intake/codes", headers=staff_headers, json={"kind": "kiosk"})
    assert refused.status_code == 403 and "Only an admin can open a kiosk code" in refused.json["message"]
    assert _open(client, admin_headers, kind="kiosk")["code"]["kind"] == "kiosk"


def test_an_address_that_is_not_this_computer_s_is_refused(client, staff_headers):
    for address in ("0.0.0.0", "192.168.77.77", "::"):
        refused = client.post("/api/intake/codes", headers=staff_headers, json={"address": address})
        assert refused.status_code == 422 and "not one of this computer's network addresses" in refused.json["message"]


def test_the_queue_lists_views_and_accepts_a_new_client(api, client, staff_headers):
    pending_id = _submitted(api, _open(client, staff_headers), allergies="latex", medications="aspirin daily")
    [line] = client.get("/api/intake/pending", headers=staff_headers).json
    assert line["id"] == pending_id and [f["kind"] for f in line["flags"]] == ["allergy", "anticoagulant"]
    detail = client.get(f"/api/intake/pending/{pending_id}", headers=staff_headers).json
    assert detail["fields"]["last_name"] == "Okafor" and detail["remote_addr"] == "127.0.0.9"
    made = client.post(f"/api/intake/pending/{pending_id}/accept", headers=staff_headers, json={})
    assert made.status_code == 201 and made.json["last_name"] == "Okafor"
    medical = client.get(f"/api/clients/{made.json['id']}", headers=staff_headers).json
    assert "latex" in str(medical)
    assert client.get("/api/intake/pending", headers=staff_headers).json == []


def test_accepting_into_an_existing_client_and_rejecting(api, client, staff_headers):
    known = client.post("/api/clients", headers=staff_headers, json={
        "first_name": "Lena", "last_name": "Okafor", "birth_date": "1994-07-02"}).json
    first = _submitted(api, _open(client, staff_headers))
    second = _submitted(api, _open(client, staff_headers), first_name="Other")
    assert client.get("/api/intake/pending", headers=staff_headers).json[0]["likely_clients"] == [known["id"]]
    merged = client.post(f"/api/intake/pending/{first}/accept", headers=staff_headers,
                         json={"client_id": known["id"]})
    assert merged.status_code == 201 and merged.json["id"] == known["id"] and merged.json["phone"]
    assert client.post(f"/api/intake/pending/{second}/reject", headers=staff_headers).status_code == 204
    assert client.get(f"/api/intake/pending/{second}", headers=staff_headers).status_code == 404


def test_markup_typed_on_a_phone_comes_back_as_json_text(api, client, staff_headers):
    pending_id = _submitted(api, _open(client, staff_headers), first_name=MARKUP, allergies=MARKUP)
    answer = client.get(f"/api/intake/pending/{pending_id}", headers=staff_headers)
    assert answer.mimetype == "application/json" and answer.headers["Cache-Control"] == "no-store"
    assert answer.json["fields"]["first_name"] == MARKUP
    assert answer.json["summary"]["flags"][0]["text"] == f"Allergies: {MARKUP}"
