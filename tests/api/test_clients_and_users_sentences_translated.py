"""The API's sentences about clients, consents and users come back in the language the caller asks for
(Accept-Language), placeholders filled; the audit trail is written in the acting user's language too."""

from __future__ import annotations

from datetime import date

from app.core import i18n
from app.core.i18n import N_
from app.domain.client_rules import clean_client_fields
from app.domain.errors import ForbiddenError, ValidationError
from app.domain.records import User
from app.services.authz import require_admin


def test_a_refused_client_field_comes_back_in_german_with_what_was_typed(client, staff_headers):
    answer = client.post("/api/clients", headers={**staff_headers, "Accept-Language": "de-DE,de;q=0.9"},
                         json={"first_name": "Alba", "last_name": "Ruiz", "email": "alba-at-example"})
    assert answer.status_code == 422
    assert answer.json["message"] == ("'alba-at-example' ist keine E-Mail-Adresse: "
                                      "Sie sollte wie name@beispiel.de aussehen.")


def test_a_too_long_field_is_named_in_a_whole_sentence_of_its_own():
    """Each field's too-long sentence is whole (the words around a field's name change with it), limit filled."""
    with i18n.speaking("es"):
        for field, sentence in (("address", "La dirección es demasiado larga: no pases de 500 caracteres."),
                                ("notes", "Las notas son demasiado largas: no pases de 5000 caracteres.")):
            try:
                clean_client_fields({field: "x" * 6000}, date(2026, 12, 1))
            except ValidationError as exc:
                assert str(exc) == sentence
            else:
                raise AssertionError(f"a {field} of 6000 characters was accepted")


def test_a_duplicate_client_is_named_in_french_with_its_id(client, staff_headers):
    first = client.post("/api/clients", headers=staff_headers,
                        json={"first_name": "Alba", "last_name": "Ruiz", "phone": "600111222"}).json
    answer = client.post("/api/clients", headers={**staff_headers, "Accept-Language": "fr"},
                         json={"first_name": "Ana", "last_name": "Gil", "phone": "600111222"})
    assert answer.status_code == 409
    assert answer.json["message"].startswith("Ce client est peut-être déjà enregistré")
    assert f"voir le client {first['id']}." in answer.json["message"]


STAFF = User(id="u1", username="sam", display_name="Sam", role="staff", active=True, is_artist=False,
             commission_pct=0, token_version=0)


def refusal(doing: str, language: str) -> str:
    with i18n.speaking(language):
        try:
            require_admin(STAFF, doing)
        except ForbiddenError as exc:
            return str(exc)
    raise AssertionError("a staff member passed require_admin")


def test_only_an_admin_sentence_translates_the_refused_action_as_well():
    assert refusal(N_("see the list of users"), "es") == "Solo un administrador puede ver la lista de usuarios."
    assert refusal(N_("see the list of users"), "pt") == "Só um administrador pode ver a lista de utilizadores."
    assert refusal(N_("anonymise clients"), "de") == "Nur ein Admin darf Kunden anonymisieren."


def test_an_unmarked_action_still_makes_a_sentence():
    """A caller whose phrase is not in the catalogs yet gets the sentence around it in the language, not a crash."""
    assert refusal("do something new", "it") == "Solo un amministratore può do something new."


def test_the_audit_trail_is_written_in_the_acting_users_language(client, admin_headers):
    italian = {**admin_headers, "Accept-Language": "it"}
    made = client.post("/api/clients", headers=italian, json={"first_name": "Alba", "last_name": "Ruiz"}).json
    client.patch(f"/api/clients/{made['id']}", headers=italian, json={"phone": "600111222"})
    trail = client.get("/api/audit?entity=client", headers=admin_headers).json
    summaries = [entry["summary"] for entry in trail if entry["entity_id"] == made["id"]]
    assert "Cliente aggiunto" in summaries and "Cliente modificato: phone" in summaries
