"""An artist's briefing for tomorrow shows on their dashboard (made without a model: its facts), and only theirs."""

from __future__ import annotations

from datetime import datetime, time, timedelta
from zoneinfo import ZoneInfo

from app.client import StudioClient
from app.client.models import ClientCreateIn, SessionBookIn
from tests.conftest import STAFF, STAFF_PASSWORD

MADRID = ZoneInfo("Europe/Madrid")


def test_the_artists_briefing_for_tomorrow_is_on_their_dashboard(ui, staff_ui, admin_api, staff_account, api_url):
    client = admin_api.clients.create(ClientCreateIn(first_name="Nadia", last_name="Roux"))
    tomorrow = datetime.now(MADRID).date() + timedelta(days=1)
    admin_api.sessions.book(SessionBookIn(client_id=client.id, artist_id=staff_account.id, duration_min=60,
                                          starts_at=datetime.combine(tomorrow, time(12), MADRID), quote_minor=5000))
    artist = StudioClient(api_url)
    artist.login(STAFF, STAFF_PASSWORD)
    made = artist.assistant.make_briefing()
    artist.close()
    assert made.exists and made.sessions == 1
    staff_ui.navigate("dashboard")
    assert ui.has_text("Briefing for") and ui.has_text("Nadia Roux with Sam Staff")
    assert ui.has_text("Nadia Roux still owes €50.00 for this session.")
    assert not admin_api.assistant.briefing().exists
