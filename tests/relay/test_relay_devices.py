"""Device credentials, pairing codes (single use, short-lived, the key inside only as ciphertext) and revocation."""

from __future__ import annotations

import base64

import httpx
import psycopg

from app.sync import crypto
from tests.relay.conftest import Dev, b64


def _open_code(device: Dev, keyring: crypto.SyncKeyring, code: str, ttl_s: int = 600) -> bytes:
    lookup, sealed = crypto.seal_for_pairing(keyring, code)
    answer = device.http.post("/v1/pairing", json={"lookup": b64(lookup), "sealed": b64(sealed), "ttl_s": ttl_s})
    assert answer.status_code == 201, answer.text
    return lookup


def test_a_pairing_code_lets_one_device_join_with_the_sync_key_and_only_once(relay, pg_cluster, relay_db):
    first = Dev.first(relay.url, "studio-1")
    keyring = crypto.SyncKeyring.new("studio-1")
    code = crypto.new_pairing_code()
    lookup = _open_code(first, keyring, code)
    joined = httpx.post(f"{relay.url}/v1/pairing/join", json={"lookup": b64(lookup)}, timeout=30)
    assert joined.status_code == 201
    doc = joined.json()
    assert doc["studio_id"] == "studio-1" and doc["device_id"] != first.device_id
    assert crypto.open_from_pairing(code, base64.b64decode(doc["sealed"])).keys == keyring.keys
    second = Dev(relay.url, doc)
    first.push([("m1", b"sealed change")])
    assert [m["id"] for m in second.pull_all()] == ["m1"]
    again = httpx.post(f"{relay.url}/v1/pairing/join", json={"lookup": b64(lookup)}, timeout=30)
    assert again.status_code == 404 and "used or expired" in again.json()["error"]
    dump = pg_cluster.tool("pg_dump", "--data-only", "-d", relay_db).stdout
    for secret in [*keyring.keys.values(), code.encode(), code.replace("-", "").encode(), lookup]:
        assert secret not in dump and base64.b64encode(secret) not in dump and secret.hex().encode() not in dump


def test_an_expired_pairing_code_is_refused(relay, relay_db):
    first = Dev.first(relay.url)
    lookup = _open_code(first, crypto.SyncKeyring.new(first.studio_id), crypto.new_pairing_code(), ttl_s=300)
    with psycopg.connect(relay_db, autocommit=True) as db:  # five minutes and a second later
        db.execute("UPDATE pairing_codes SET expires_at = now() - interval '1 second'")
    late = httpx.post(f"{relay.url}/v1/pairing/join", json={"lookup": b64(lookup)}, timeout=30)
    assert late.status_code == 404


def test_a_wrong_code_opens_nothing():
    keyring = crypto.SyncKeyring.new("s")
    _lookup, sealed = crypto.seal_for_pairing(keyring, crypto.new_pairing_code())
    try:
        crypto.open_from_pairing(crypto.new_pairing_code(), sealed)
    except crypto.TamperedMessageError as exc:
        assert "pairing code" in str(exc)
    else:
        raise AssertionError("a wrong code opened the keyring")


def test_a_revoked_device_is_refused_and_an_unknown_credential_too(relay):
    first = Dev.first(relay.url)
    code = crypto.new_pairing_code()
    lookup = _open_code(first, crypto.SyncKeyring.new(first.studio_id), code)
    second = Dev(relay.url, httpx.post(f"{relay.url}/v1/pairing/join", json={"lookup": b64(lookup)}).json())
    assert second.push([("before", b"x")]).status_code == 200
    assert first.http.post(f"/v1/devices/{second.device_id}/revoke").status_code == 200
    for answer in (second.push([("after", b"y")]), second.http.get("/v1/messages")):
        assert answer.status_code == 403 and "removed from the studio's sync" in answer.json()["error"]
    listed = {d["id"]: d["revoked"] for d in first.http.get("/v1/devices").json()["devices"]}
    assert listed == {first.device_id: False, second.device_id: True}
    forged = first.credential.rsplit(".", 1)[0] + ".AAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAA"
    assert httpx.get(f"{relay.url}/v1/messages", headers={"Authorization": f"Bearer {forged}"}).status_code == 401
    assert httpx.get(f"{relay.url}/v1/messages").status_code == 401
    stretched = first.credential.replace(".", "0.", 1)  # the right secret behind a longer id is no device
    assert httpx.get(f"{relay.url}/v1/messages", headers={"Authorization": f"Bearer {stretched}"}).status_code == 401


def test_a_device_cannot_revoke_another_studios_device(relay):
    one, other = Dev.first(relay.url), Dev.first(relay.url)
    assert one.http.post(f"/v1/devices/{other.device_id}/revoke").status_code == 404
    assert other.push([("still", b"here")]).status_code == 200


def test_a_studio_id_is_taken_once(relay):
    Dev.first(relay.url, "only-once")
    again = httpx.post(f"{relay.url}/v1/studios", json={"studio_id": "only-once"}, timeout=30)
    assert again.status_code == 409
