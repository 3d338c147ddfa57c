"""The clients list: search as you type, the red alert mark, opening a client, adding one, the duplicate warning."""

from __future__ import annotations

from datetime import date

import flet as ft

from app.client.models import ClientCreateIn, MedicalIn


def add_client(api, first: str, last: str, allergy: str = "", **fields):
    client = api.clients.create(ClientCreateIn(first_name=first, last_name=last, **fields))
    if allergy:
        api.clients.save_medical(client.id, MedicalIn(allergies=allergy))
    return client


def row(ui, name: str):
    found = ui.find(ft.ListTile, lambda c: c.data == name)
    assert found, f"no row for {name}: {ui.texts()[:40]}"
    return found[0]


def fill_new_client(ui, first: str, last: str, birth: str = "", phone: str = "", email: str = "") -> None:
    ui.click("New client")
    ui.type("First name", first)
    ui.type("Last name", last)
    for label, value in (("Birth date (YYYY-MM-DD)", birth), ("Phone", phone), ("Email", email)):
        if value:
            ui.type(label, value)


def test_the_list_shows_clients_with_contact_and_a_red_mark_for_alerts(ui, staff_ui, admin_api):
    add_client(admin_api, "Alba", "Ruiz", allergy="Latex", phone="600111222")
    add_client(admin_api, "Bruno", "Diaz", email="bruno@example.com")
    staff_ui.navigate("clients")
    assert ui.has_text("Alba Ruiz") and ui.has_text("600111222") and ui.has_text("bruno@example.com")
    assert row(ui, "Alba Ruiz").trailing.value == "Medical alert"
    assert row(ui, "Bruno Diaz").trailing is None


def test_typing_in_the_search_narrows_the_list(ui, staff_ui, admin_api):
    add_client(admin_api, "Alba", "Ruiz")
    add_client(admin_api, "Bruno", "Diaz")
    staff_ui.navigate("clients")
    ui.type("Search clients", "bru")
    assert ui.has_text("Bruno Diaz") and not ui.has_text("Alba Ruiz")
    ui.type("Search clients", "nobody")
    assert ui.has_text("No client matches 'nobody'.")


def test_a_click_on_a_row_opens_the_client(ui, staff_ui, admin_api):
    alba = add_client(admin_api, "Alba", "Ruiz")
    staff_ui.navigate("clients")
    ui.fire(row(ui, "Alba Ruiz"), "click", None)
    assert staff_ui.current == "client" and staff_ui.view.client_id == alba.id


def test_new_client_is_created_through_the_form_and_opened(ui, staff_ui, admin_api):
    staff_ui.navigate("clients")
    fill_new_client(ui, "Zoe", "Marin", birth="1994-05-17", phone="611000999", email="zoe@example.com")
    ui.pick("Agrees to photos of the work", True)
    ui.click("Save client")
    found = admin_api.clients.search("Zoe")
    assert [(c.first_name, c.birth_date, c.phone) for c in found] == [("Zoe", date(1994, 5, 17), "611000999")]
    assert admin_api.clients.get(found[0].id).client.photo_consent is True
    assert staff_ui.current == "client" and staff_ui.view.client_id == found[0].id


def test_a_bad_birth_date_is_a_sentence_and_what_was_typed_stays(ui, staff_ui, admin_api):
    staff_ui.navigate("clients")
    fill_new_client(ui, "Zoe", "Marin", birth="17/05/1994")
    ui.click("Save client")
    assert ui.has_text("is not a date. Type the birth date like 1990-04-23.")
    assert ui.field("First name").value == "Zoe" and ui.field("Birth date (YYYY-MM-DD)").value == "17/05/1994"
    assert admin_api.clients.search("Zoe") == []


def test_a_likely_duplicate_is_named_and_can_be_created_anyway(ui, staff_ui, admin_api):
    add_client(admin_api, "Alba", "Ruiz", birth_date=date(1990, 3, 1), phone="600111222")
    staff_ui.navigate("clients")
    fill_new_client(ui, "alba", "ruiz", birth="1990-03-01")
    ui.click("Save client")
    assert ui.has_text("This client may already be on file")
    assert ui.has_text("Alba Ruiz (born 1990-03-01, 600111222)")
    assert len(admin_api.clients.search("Alba")) == 1
    assert ui.field("First name").value == "alba"
    ui.click("Create anyway")
    assert len(admin_api.clients.search("Alba")) == 2
    assert staff_ui.current == "client"


def test_the_duplicate_warning_opens_the_client_on_file(ui, staff_ui, admin_api):
    alba = add_client(admin_api, "Alba", "Ruiz", phone="600111222")
    staff_ui.navigate("clients")
    fill_new_client(ui, "Alba", "Ruiz-Soler", phone="600111222")
    ui.click("Save client")
    ui.click("Open Alba Ruiz")
    assert staff_ui.current == "client" and staff_ui.view.client_id == alba.id
    assert len(admin_api.clients.search("Alba")) == 1
