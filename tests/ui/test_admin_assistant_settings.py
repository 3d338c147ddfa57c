"""Admin → Assistant: the admin lets staff use the assistant (and include health), writes the studio's
aftercare text and switches the nightly briefings on; nothing changed is a sentence."""

from __future__ import annotations


def test_an_admin_sets_who_may_use_the_assistant_and_the_aftercare_text(ui, admin_ui, admin_api):
    admin_ui.navigate("admin")
    ui.click("Save assistant settings")
    assert ui.has_text("Nothing was changed.")
    ui.pick("Staff may use the assistant", True)
    ui.pick("Make each artist's briefing for tomorrow every night", True)
    ui.type("Aftercare text (the assistant drafts from it)", "  Wash twice a day with unscented soap.  ")
    ui.click("Save assistant settings")
    saved = admin_api.settings()
    assert (saved.assistant_for_staff, saved.assistant_health_for_staff, saved.nightly_briefing) == (True, False, True)
    assert saved.aftercare_text == "Wash twice a day with unscented soap."
    assert admin_ui.last_message == "Assistant settings saved."
