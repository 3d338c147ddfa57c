"""/api/clients: find, add and edit clients; medical profile, ID check, data export and anonymisation."""

from __future__ import annotations

from flask import Blueprint, jsonify

from app.api.routing import current_user, endpoint, services
from app.contract.clients import (
    AnonymiseIn,
    ClientCreateIn,
    ClientDetailOut,
    ClientOut,
    ClientQuery,
    ClientSummaryOut,
    ClientUpdateIn,
    IdCheckIn,
    MedicalIn,
    MedicalOut,
)
from app.contract.common import ErrorBody
from app.domain.clients import DuplicateClientError

clients = Blueprint("clients", __name__, url_prefix="/api/clients")


@clients.errorhandler(DuplicateClientError)
def _duplicate(exc: DuplicateClientError):
    """409 with the ids of the look-alike clients, so the UI can offer to open them."""
    body = ErrorBody(error="conflict", message=str(exc)).model_dump()
    return jsonify({**body, "duplicate_ids": list(exc.duplicate_ids)}), 409


@endpoint(clients, "GET", "", policy="user", summary="Clients whose words start with what was typed (20 at most).",
          query=ClientQuery, response=list[ClientSummaryOut])
def search_clients(query: ClientQuery):
    return [ClientSummaryOut.model_validate(c) for c in services().clients.search(current_user(), query.q)]


@endpoint(clients, "POST", "", policy="user", summary="Add a client (409 with duplicate_ids if they look known).",
          body=ClientCreateIn, response=ClientOut, status=201)
def create_client(body: ClientCreateIn):
    return ClientOut.model_validate(services().clients.create(current_user(), **body.model_dump()))


@endpoint(clients, "GET", "/<client_id>", policy="user",
          summary="A client with medical profile, alerts, sessions, payments, consents and inks.",
          response=ClientDetailOut)
def get_client(client_id: str):
    return ClientDetailOut.model_validate(services().clients.detail(current_user(), client_id))


@endpoint(clients, "PATCH", "/<client_id>", policy="user", summary="Change some of a client's fields.",
          body=ClientUpdateIn, response=ClientOut)
def update_client(client_id: str, body: ClientUpdateIn):
    changes = body.model_dump(exclude_unset=True)
    return ClientOut.model_validate(services().clients.update(current_user(), client_id, **changes))


@endpoint(clients, "PUT", "/<client_id>/medical", policy="user",
          summary="Save the medical questionnaire as a new version; returns it with its alerts.",
          body=MedicalIn, response=MedicalOut)
def save_medical(client_id: str, body: MedicalIn):
    return MedicalOut.model_validate(services().clients.save_medical(current_user(), client_id, **body.model_dump()))


@endpoint(clients, "POST", "/<client_id>/id-check", policy="user",
          summary="Record that you checked the client's ID document (type only, no scan).",
          body=IdCheckIn, response=ClientOut)
def record_id_check(client_id: str, body: IdCheckIn):
    return ClientOut.model_validate(services().clients.record_id_check(current_user(), client_id,
                                                                       body.document_type))


@endpoint(clients, "GET", "/<client_id>/export", policy="user",
          summary="Everything on file about the client, as JSON (their GDPR copy).", response=dict)
def export_client(client_id: str):
    return services().gdpr.export(current_user(), client_id)


@endpoint(clients, "POST", "/<client_id>/anonymise", policy="admin",
          summary="Erase the client's personal data, keeping money records (after the retention period).",
          body=AnonymiseIn, response=ClientOut)
def anonymise_client(client_id: str, body: AnonymiseIn):
    return ClientOut.model_validate(services().gdpr.anonymise(current_user(), client_id, override=body.override))
