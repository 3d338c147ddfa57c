"""Consents: record the signed form for a session; list a client's, or all in a period for an inspector."""

from __future__ import annotations

from flask import Blueprint

from app.api.routing import current_user, endpoint, services
from app.contract.clients import ConsentOut
from app.contract.consents import ConsentEntryOut, ConsentIn, ConsentQuery

consents = Blueprint("consents", __name__, url_prefix="/api")


@endpoint(consents, "POST", "/sessions/<session_id>/consents", policy="user",
          summary="Record the signed consent for a session (a guardian too for minors; none under 16).",
          body=ConsentIn, response=ConsentOut, status=201)
def record_consent(session_id: str, body: ConsentIn):
    consent = services().consents.record(
        current_user(), session_id, form_version=body.form_version, signature_png=body.signature_png(),
        guardian_name=body.guardian_name, guardian_relation=body.guardian_relation)
    return ConsentOut.model_validate(consent)


@endpoint(consents, "GET", "/consents", policy="user",
          summary="Consents of sessions between two dates (inclusive), for one artist or all.",
          query=ConsentQuery, response=list[ConsentEntryOut])
def list_consents(query: ConsentQuery):
    entries = services().consents.listing(current_user(), date_from=query.date_from, date_to=query.date_to,
                                          artist_id=query.artist_id)
    return [ConsentEntryOut.model_validate(e) for e in entries]


@endpoint(consents, "GET", "/clients/<client_id>/consents", policy="user", summary="A client's consents, newest first.",
          response=list[ConsentOut])
def client_consents(client_id: str):
    return [ConsentOut.model_validate(c) for c in services().consents.of_client(current_user(), client_id)]
