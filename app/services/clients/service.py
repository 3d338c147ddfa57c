"""Clients: add and edit them, find them as you type, see their history, medical profile and ID check."""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import replace
from datetime import date

from app.core.i18n import _
from app.db.engine import Connection
from app.domain.client_rules import ClientValue, clean_client_fields, local_date
from app.domain.clients import (
    MEDICAL_FIELDS,
    Client,
    ClientDetail,
    ClientSummary,
    CurrentMedical,
    DuplicateClientError,
)
from app.domain.errors import ConflictError, NotFoundError, ValidationError
from app.domain.records import User
from app.services.authz import require_user
from app.services.clients.base import ClientRecordsBase
from app.services.clients.medical_alerts import derive_alerts, fold

SEARCH_LIMIT = 20


class ClientService(ClientRecordsBase):
    """Every signed-in user (admin or staff) works with clients; each write leaves an audit event."""

    def create(self, actor: User | None, *, allow_duplicate: bool = False, **fields: object) -> Client:
        """Add a client; refuse a likely duplicate (same name and birth date, or same phone) unless allowed."""
        me = require_user(actor)
        with self.db.write() as conn:
            values = clean_client_fields({"first_name": None, "last_name": None, **fields}, self._today(conn))
            if not allow_duplicate:
                self._refuse_duplicates(conn, values)
            client = self.clients.add(conn, **values)
            self._audit(conn, me, "create", client.id, _("Client added"))
        self.plugins("client_created", me, client_id=client.id)  # after the commit: a plugin never undoes it
        return client

    def update(self, actor: User | None, client_id: str, **changes: object) -> Client:
        """Change some of a client's fields; a field sent as None is cleared (names cannot be)."""
        me = require_user(actor)
        with self.db.write() as conn:
            self._editable(conn, client_id)
            values = clean_client_fields(changes, self._today(conn))
            self.clients.update(conn, client_id, **values)
            self._audit(conn, me, "update", client_id, _("Client changed: %(fields)s", fields=", ".join(sorted(values)))
                        if values else _("Client changed: nothing"))
            return self._existing(conn, client_id)

    def search(self, actor: User | None, typed: str = "", limit: int = SEARCH_LIMIT) -> list[ClientSummary]:
        """Clients whose name, phone or email words start with what was typed (recent ones if nothing was)."""
        require_user(actor)
        limit = max(1, min(limit, SEARCH_LIMIT))
        with self.db.read() as conn:
            found = self.clients.search(conn, typed, limit) if typed.strip() else self.clients.recent(conn, limit)
            profiles = self.medical.current_of(conn, (c.id for c in found))
        return [replace(c, has_alert=bool(derive_alerts(profiles.get(c.id)))) for c in found]

    def detail(self, actor: User | None, client_id: str) -> ClientDetail:
        """A client with their current medical profile, alerts, sessions, payments, consents and inks."""
        require_user(actor)
        with self.db.read() as conn:
            client = self._existing(conn, client_id)
            profile = self.medical.current(conn, client_id)
            return ClientDetail(
                client=client, medical=profile, alerts=derive_alerts(profile),
                sessions=tuple(self.history.sessions(conn, client_id)),
                payments=tuple(self.history.payments(conn, client_id)),
                consents=tuple(self.consents.of_client(conn, client_id)),
                inks=tuple(self.history.inks(conn, client_id)))

    def save_medical(self, actor: User | None, client_id: str, **answers: str | bool | None) -> CurrentMedical:
        """Save the client's medical questionnaire as a new version (old versions stay as they were)."""
        me = require_user(actor)
        unknown = sorted(set(answers) - set(MEDICAL_FIELDS))
        if unknown:
            raise ValidationError(_("A medical profile has no field %(unknown)s. Use: %(known)s.",
                                    unknown=", ".join(unknown), known=", ".join(MEDICAL_FIELDS)))
        cleaned = {k: bool(v) if k == "pregnancy" else str(v or "").strip() for k, v in answers.items()}
        with self.db.write() as conn:
            self._editable(conn, client_id)
            profile = self.medical.add_version(conn, client_id, me.id, **cleaned)
            self._audit(conn, me, "medical", client_id,
                        _("Medical profile version %(version)s saved", version=profile.version))
        return CurrentMedical(profile, derive_alerts(profile))

    def record_id_check(self, actor: User | None, client_id: str, document_type: str) -> Client:
        """Record that you checked the client's ID document now (its type only; never a scan)."""
        me = require_user(actor)
        kind = (document_type or "").strip()
        if not kind or len(kind) > 40:
            raise ValidationError(_("Say which document you checked (for example passport or ID card), "
                                    "in at most 40 characters."))
        with self.db.write() as conn:
            self._editable(conn, client_id)
            self.clients.update(conn, client_id, id_check_type=kind, id_checked_by=me.id,
                                id_checked_at=self.clock.now())
            self._audit(conn, me, "id_check", client_id, _("ID check recorded"))
            return self._existing(conn, client_id)

    def _refuse_duplicates(self, conn: Connection, values: Mapping[str, ClientValue]) -> None:
        ids: list[str] = []
        birth_date, phone = values.get("birth_date"), values.get("phone")
        if isinstance(birth_date, date):
            name = fold(f"{values['first_name']} {values['last_name']}")
            ids += [c.id for c in self.clients.born_on(conn, birth_date)
                    if fold(f"{c.first_name} {c.last_name}") == name]
        if isinstance(phone, str) and phone:
            ids += [i for i in self.clients.with_phone(conn, phone) if i not in ids]
        if ids:
            raise DuplicateClientError(
                _("This client may already be on file (same name and date of birth, or same phone): "
                  "see client %(ids)s. Open that record, or add the client anyway with allow_duplicate.",
                  ids=", ".join(ids)), tuple(ids))

    def _today(self, conn: Connection) -> date:
        return local_date(self.clock.now(), self.settings.load(conn).timezone)

    def _existing(self, conn: Connection, client_id: str) -> Client:
        client = self.clients.get(conn, client_id)
        if client is None:
            raise NotFoundError(_("There is no such client."))
        return client

    def _editable(self, conn: Connection, client_id: str) -> Client:
        client = self._existing(conn, client_id)
        if client.anonymised_at is not None:
            raise ConflictError(_("This client was anonymised; their record can no longer be changed."))
        return client

    def _audit(self, conn: Connection, actor: User, action: str, client_id: str, summary: str) -> None:
        self.audit.record(conn, at=self.clock.now(), actor_id=actor.id, action=action, entity="client",
                          entity_id=client_id, summary=summary)
