"""A client anonymised on the Clients screen leaves nothing with their name in the aftercare plugin's store: the
core fires `client_anonymised` after its commit, and the plugin drops that client's sheets (and only theirs)."""

from __future__ import annotations

from tests.plugins.conftest import book


def _done(rig, first_name: str) -> str:
    session_id = book(rig, quote_minor=9000, first_name=first_name, last_name="Quintana")
    for status in ("confirmed", "in_progress", "done"):
        rig.container.services.booking.set_status(rig.artist, session_id, status)  # the core makes the sheet
    return session_id


def test_anonymising_a_client_through_the_service_deletes_their_sheets_and_keeps_the_others(rig):
    services = rig.container.services
    erased, kept = _done(rig, "Itziar"), _done(rig, "Begoña")
    store = rig.store("aftercare")
    assert {key for key, _ in store.items("sheet:")} == {f"sheet:{erased}", f"sheet:{kept}"}
    client_id = services.booking.get(rig.admin, erased).client_id

    services.gdpr.anonymise(rig.admin, client_id, override=True)  # the real path: the service fires the hook

    assert [key for key, _ in store.items("sheet:")] == [f"sheet:{kept}"]
    assert not rig.host.failures()
    rig.calls("client_anonymised", rig.admin, client_id=client_id)  # a second time changes nothing, fails nothing
    assert [key for key, _ in store.items("sheet:")] == [f"sheet:{kept}"] and not rig.host.failures()
    assert services.clients.detail(rig.admin, client_id).client.first_name == "Anonymised"
