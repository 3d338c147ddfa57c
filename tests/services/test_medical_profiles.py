"""Medical profiles are versioned (each save adds one) and raise alerts staff must see."""

from __future__ import annotations

import pytest
from sqlalchemy import select

from app.db.models import MedicalProfile as ProfileRow
from app.db.repos.medical import MedicalRepository
from app.domain.errors import ValidationError
from app.services.clients.medical_alerts import blood_thinners_in
from tests.services.support_clients import services


def test_each_save_adds_a_version_and_leaves_old_ones_untouched(opened):
    clients, _, _ = services(opened)
    client = clients.create(opened.user, first_name="Lia", last_name="Mor")
    first = clients.save_medical(opened.user, client.id, allergies="latex", medications="none")
    second = clients.save_medical(opened.user, client.id, allergies="latex, nickel")
    assert (first.profile.version, second.profile.version) == (1, 2)
    with opened.db.read() as conn:
        rows = conn.execute(select(ProfileRow.version, ProfileRow.allergies)
                            .where(ProfileRow.client_id == client.id).order_by(ProfileRow.version)).all()
        versions = MedicalRepository().versions(conn, client.id)
    assert [(r.version, r.allergies) for r in rows] == [(1, "latex"), (2, "latex, nickel")]
    assert versions[0] == first.profile
    assert clients.detail(opened.user, client.id).medical == second.profile


def test_versions_count_per_client(opened):
    clients, _, _ = services(opened)
    one = clients.create(opened.user, first_name="Lia", last_name="One")
    two = clients.create(opened.user, first_name="Lia", last_name="Two")
    clients.save_medical(opened.user, one.id, conditions="asthma")
    assert clients.save_medical(opened.user, two.id, conditions="").profile.version == 1


def test_alerts_come_from_allergies_conditions_blood_thinners_and_pregnancy(opened):
    clients, _, _ = services(opened)
    client = clients.create(opened.user, first_name="Lia", last_name="Mor")
    saved = clients.save_medical(opened.user, client.id, allergies="Latex", conditions="Diabetes type 1",
                                 medications="Apixaban 5mg, vitamin D", pregnancy=True, skin_notes="Scar")
    assert [(a.kind, a.text) for a in saved.alerts] == [
        ("allergy", "Allergies: Latex"), ("condition", "Conditions: Diabetes type 1"),
        ("anticoagulant", "Takes apixaban: expect more bleeding."), ("pregnancy", "Pregnant: postpone the tattoo.")]
    assert clients.detail(opened.user, client.id).alerts == saved.alerts


def test_a_calm_profile_raises_no_alert(opened):
    clients, _, _ = services(opened)
    client = clients.create(opened.user, first_name="Lia", last_name="Mor")
    saved = clients.save_medical(opened.user, client.id, allergies="  ", conditions="", medications="ibuprofen",
                                 skin_notes="Dry skin", free_text="Eats before sessions")
    assert saved.alerts == ()


@pytest.mark.parametrize("medications, thinners", [
    ("Warfarin", ["warfarin"]), ("SINTROM 4 mg", ["sintrom"]), ("aspirina diaria", ["aspirin"]),
    ("Xarelto; clopidogrel", ["xarelto", "clopidogrel"]), ("héparine", ["heparin"]),
    ("acenocoumarol (Sintrom)", ["acenocoumarol", "sintrom"]), ("ibuprofen, metformin", []),
    ("paracetamol", []), ("", []),
])
def test_recognises_blood_thinners_by_generic_or_brand_name(medications, thinners):
    assert blood_thinners_in(medications) == thinners


def test_refuses_unknown_medical_fields(opened):
    clients, _, _ = services(opened)
    client = clients.create(opened.user, first_name="Lia", last_name="Mor")
    with pytest.raises(ValidationError, match="no field blood_type"):
        clients.save_medical(opened.user, client.id, blood_type="A+")
