"""The device refuses what the relay altered, moved or replayed; rotation keeps old messages readable."""

from __future__ import annotations

import pytest

from app.sync import crypto


@pytest.fixture
def ring():
    return crypto.SyncKeyring.new("studio-a")


def test_a_sealed_message_opens_with_its_clock_node_and_plaintext(ring):
    blob = ring.seal("msg-1", "1764633600000:0:node-a", "node-a", b'{"client": "Marta"}')
    opened = ring.open(blob, relay_id="msg-1", applied=set())
    assert (opened.message_id, opened.hlc, opened.node_id, opened.plaintext) == \
        ("msg-1", "1764633600000:0:node-a", "node-a", b'{"client": "Marta"}')
    assert b"Marta" not in blob


def test_a_changed_byte_is_refused(ring):
    blob = bytearray(ring.seal("msg-1", "1:0:a", "a", b"amount 120.00"))
    blob[-5] ^= 1
    with pytest.raises(crypto.TamperedMessageError):
        ring.open(bytes(blob), relay_id="msg-1")


def test_a_changed_clock_or_node_in_the_header_is_refused(ring):
    blob = ring.seal("msg-1", "1000:0:a", "a", b"x")
    for forged in (blob.replace(b"1000:0:a", b"9000:0:a"), blob.replace(b'"n":"a"', b'"n":"b"')):
        assert forged != blob
        with pytest.raises(crypto.TamperedMessageError):
            ring.open(forged, relay_id="msg-1")


def test_a_message_moved_to_another_studio_is_refused(ring):
    other = crypto.SyncKeyring(studio_id="studio-b", current=ring.current, keys=dict(ring.keys))
    with pytest.raises(crypto.TamperedMessageError):
        other.open(ring.seal("msg-1", "1:0:a", "a", b"x"), relay_id="msg-1")


def test_a_message_delivered_under_another_id_is_refused(ring):
    with pytest.raises(crypto.MovedMessageError):
        ring.open(ring.seal("msg-1", "1:0:a", "a", b"x"), relay_id="msg-2")


def test_a_message_applied_already_is_refused_as_a_replay(ring):
    blob = ring.seal("msg-1", "1:0:a", "a", b"x")
    ring.open(blob, relay_id="msg-1", applied=set())
    with pytest.raises(crypto.ReplayedMessageError):
        ring.open(blob, relay_id="msg-1", applied={"msg-1"})


def test_rotation_seals_with_the_new_key_and_old_messages_still_open(ring):
    old_key = ring.current
    before = ring.seal("old", "1:0:a", "a", b"before")
    new_key = ring.rotate()
    after = ring.seal("new", "2:0:a", "a", b"after")
    assert new_key != old_key and ring.open(after, relay_id="new").key_id == new_key
    assert ring.open(before, relay_id="old").plaintext == b"before"
    revoked_copy = crypto.SyncKeyring("studio-a", old_key, {old_key: ring.keys[old_key]})
    with pytest.raises(crypto.TamperedMessageError):
        revoked_copy.open(after, relay_id="new")


def test_the_keyring_is_stored_wrapped_under_the_database_key(ring):
    db_key = bytes(range(32))
    wrapped = crypto.wrap_keyring(ring, db_key)
    assert all(key not in wrapped for key in ring.keys.values())
    assert crypto.unwrap_keyring(wrapped, db_key).keys == ring.keys
    with pytest.raises(crypto.TamperedMessageError):
        crypto.unwrap_keyring(wrapped, bytes(32))


def test_a_mistyped_pairing_code_is_explained():
    with pytest.raises(ValueError, match="16 letters and digits"):
        crypto.pairing_keys("ABCD-EFGH")
    code = crypto.new_pairing_code()
    assert crypto.pairing_keys(code.lower().replace("-", " ")) == crypto.pairing_keys(code)
