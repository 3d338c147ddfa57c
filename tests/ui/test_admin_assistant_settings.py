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


def test_an_admin_imports_a_model_file_and_sees_what_it_needs(ui, admin_ui, admin_api, tmp_path):
    import pytest

    pytest.importorskip("gguf", reason="the assistant's extra (pip install .[ai]) is not installed")
    from tools.tiny_gguf import write_tiny_llama

    (tmp_path / "usb").mkdir()
    model = write_tiny_llama(tmp_path / "usb" / "tiny.gguf")
    admin_ui.navigate("admin")
    assert ui.has_text("No model is imported: the assistant stays hidden until an admin imports one.")
    ui.click("Import model")
    assert ui.has_text("Type the full path of the model's .gguf file first.")
    ui.type("Model file (.gguf) on this computer", str(model))
    ui.click("Import model")
    assert admin_ui.last_message == "Tiny Test Llama is imported. The Assistant screen shows from the next login."
    assert ui.has_text("Tiny Test Llama (llama, ") and ui.has_text("licence apache-2.0, context 512 tokens")
    assert [m.name for m in admin_api.assistant.models()] == ["Tiny Test Llama"]


def test_an_admin_sets_the_opening_hours_per_weekday(ui, admin_ui, admin_api):
    admin_ui.navigate("admin")
    assert ui.field("Wednesday").value == "10:00-20:00"
    ui.type("Saturday", "noon till late")
    ui.click("Save assistant settings")
    assert ui.has_text("The opening hours on Saturday must look like 10:00-20:00")
    assert list(admin_api.settings().opening_hours) == ["10:00-20:00"] * 7  # nothing was sent
    ui.type("Saturday", " 9.30 - 14:00 ")
    ui.type("Sunday", "")
    ui.click("Save assistant settings")
    assert admin_ui.last_message == "Assistant settings saved."
    assert admin_api.settings().opening_hours == ["10:00-20:00"] * 5 + ["09:30-14:00", ""]
    assert ui.field("Saturday").value == "09:30-14:00"
