"""What devices sync through the relay leaves no name, phone, health word or amount in its database, files or logs."""

from __future__ import annotations

import base64
import json
import logging
from pathlib import Path

import httpx
import psycopg

from app.sync import crypto
from tests.relay.conftest import Dev, b64

SECRETS = ["Marta Quiroga", "+34 612 345 678", "hepatitis", "latex allergy", "1234.56", "Black Lotus"]


def test_the_relays_database_files_dump_and_logs_hold_only_ciphertext(relay, relay_db, pg_cluster, caplog):
    caplog.set_level(logging.DEBUG)
    first = Dev.first(relay.url, "studio-lotus")
    ring = crypto.SyncKeyring.new("studio-lotus")
    code = crypto.new_pairing_code()
    lookup, sealed = crypto.seal_for_pairing(ring, code)
    first.http.post("/v1/pairing", json={"lookup": b64(lookup), "sealed": b64(sealed)})
    joined = httpx.post(f"{relay.url}/v1/pairing/join", json={"lookup": b64(lookup)}).json()
    second, joined_ring = Dev(relay.url, joined), crypto.open_from_pairing(code, base64.b64decode(joined["sealed"]))
    changes = [{"table": "clients", "name": SECRETS[0], "phone": SECRETS[1], "medical": [SECRETS[2], SECRETS[3]]},
               {"table": "payments", "amount": SECRETS[4], "studio": SECRETS[5]}]
    batch = [(f"m{i}", ring.seal(f"m{i}", f"{1764633600000 + i}:0:a", "node-a", json.dumps(c).encode()))
             for i, c in enumerate(changes)]
    assert first.push(batch).status_code == 200
    snapshot = ring.seal("snap-1", "1764633600009:0:a", "node-a", json.dumps(changes).encode())
    last = second.pull_all()[-1]["seq"]
    assert second.http.put("/v1/snapshot", json={"covers_seq": last, "body": b64(snapshot)}).status_code == 200
    opened = [joined_ring.open(base64.b64decode(m["body"]), relay_id=m["id"]) for m in second.pull_all()]
    assert [json.loads(o.plaintext) for o in opened] == changes  # the devices read it all back
    control = Dev.first(relay.url)  # bytes pushed unsealed DO show: the search below would see a leak
    control.push([("c1", b"CONTROL-UNSEALED-TEXT")])
    with psycopg.connect(relay_db, autocommit=True) as db:
        db.execute("CHECKPOINT")
    dump = pg_cluster.tool("pg_dump", "-d", relay_db).stdout
    assert b"COPY public.messages" in dump
    files = b"".join(p.read_bytes() for p in Path(pg_cluster.base).rglob("*") if p.is_file())
    logs = caplog.text
    assert b"CONTROL-UNSEALED-TEXT" in files and b"CONTROL-UNSEALED-TEXT".hex().encode() in dump
    for secret in SECRETS:
        for form in (secret.encode(), secret.encode().hex().encode(), json.dumps(secret).encode()):
            assert form not in dump and form not in files, secret
        assert secret not in logs
    for key in ring.keys.values():
        assert key not in files and key.hex().encode() not in dump and base64.b64encode(key) not in files
