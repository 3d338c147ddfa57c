"""The Admin panel's "Join with a code" on a new stick (just set up, nothing in it) loads the studio from the relay's
encrypted snapshot in the background sync that follows; the joining admin then logs in with the studio's account."""

from __future__ import annotations

from app.api.serving import serving
from app.client.models import ClientCreateIn
from app.core import paths as stick_paths
from app.domain.records import StudioSettings
from app.services.studio.service import StudioService
from tests.conftest import ADMIN, ADMIN_PASSWORD, STUDIO_NAME
from tests.sync.support_api import admin_client, synced


def test_a_new_stick_joins_through_the_api_and_gets_the_studios_clients(created, stick, relay, tmp_path):
    new_stick = stick_paths.resolve(home=tmp_path / "new").ensure()
    StudioService(new_stick).create(StudioSettings("Scratch", "EUR", "Europe/Madrid"), ADMIN, ADMIN_PASSWORD)[0].close()
    with serving(stick) as served:
        admin = admin_client(served.url)
        made = admin.clients.create(ClientCreateIn(first_name="Itziar", last_name="Goñi"))
        admin.sync.start(relay.url)
        synced(served, admin)
        code = admin.sync.invite().code
        with serving(new_stick) as other:
            joining = admin_client(other.url)
            joining.sync.join(relay.url, code)
            other.container.sync_soon.wait(120)  # the snapshot loads in the background
            joining.close()
            again = admin_client(other.url)  # the studio's account of that name replaced the new stick's one
            try:
                status = synced(other, again)
                assert status.paired and status.conflicts == 0
                assert [c.id for c in again.clients.search("Itziar")] == [made.id]
                assert again.settings().studio_name == STUDIO_NAME
            finally:
                again.close()
        admin.close()
