"""A client's data rights: a machine-readable copy of everything on file, and anonymisation after retention."""

from __future__ import annotations

import base64
from collections.abc import Mapping
from dataclasses import asdict
from datetime import date, datetime

from app.core.i18n import N_, _, ngettext
from app.db.engine import Connection
from app.db.repos.intake import IntakeRepository
from app.domain.client_rules import local_date, years_after
from app.domain.clients import Client
from app.domain.errors import ConflictError, NotFoundError
from app.domain.records import User
from app.services.authz import require_admin, require_user
from app.services.clients.base import ClientRecordsBase

ANONYMISED_NAME = "Anonymised"
# Personal fields cleared by anonymisation; names become ANONYMISED_NAME.
ERASED = {"birth_date": None, "phone": None, "email": None, "address": None, "emergency_contact": None,
          "notes": None, "id_check_type": None, "id_checked_by": None, "id_checked_at": None,
          "marketing_consent": False, "photo_consent": False}


def _plain(value: object) -> object:
    """Turn records into JSON-able values: dates as ISO text, tuples as lists."""
    if isinstance(value, dict):
        return _plain_dict(value)
    if isinstance(value, list | tuple):
        return [_plain(v) for v in value]
    if isinstance(value, date | datetime):
        return value.isoformat()
    return value


def _plain_dict(values: Mapping[str, object]) -> dict[str, object]:
    """A dict of records as JSON-able values (see `_plain`)."""
    return {k: _plain(v) for k, v in values.items()}


class GdprService(ClientRecordsBase):
    """Export for any signed-in user; anonymisation for admins, and only after the retention period."""

    def export(self, actor: User | None, client_id: str) -> dict[str, object]:
        """Everything on file about one client, as a JSON-able dict (signatures as base64 PNG)."""
        me = require_user(actor)
        with self.db.write() as conn:  # a write, because the export itself is audited
            client = self._existing(conn, client_id)
            signatures = self.consents.signatures(conn, client_id)
            consents = [{**asdict(c), "signature_png_base64":
                         base64.b64encode(signatures[c.id]).decode() if c.id in signatures else None}
                        for c in self.consents.of_client(conn, client_id)]
            data: dict[str, object] = {"exported_at": self.clock.now(), "client": asdict(client),
                    "medical_profiles": [asdict(p) for p in self.medical.versions(conn, client_id)],
                    "consents": consents,
                    "consents_signed_by_qr": IntakeRepository().consents_of(conn, client_id),
                    "sessions": [asdict(s) for s in self.history.sessions(conn, client_id)],
                    "payments": [asdict(p) for p in self.history.payments(conn, client_id)],
                    "inks": [asdict(i) for i in self.history.inks(conn, client_id)]}
            self._audit(conn, me, "export", client_id, _("Client data exported"))
        return _plain_dict(data)

    def anonymise(self, actor: User | None, client_id: str, override: bool = False) -> Client:
        """Erase a client's personal fields, medical profiles, signatures and guardians; keep the money records.
        Refused inside the retention period unless `override` (admins only, as is anonymising itself)."""
        admin = require_admin(actor, N_("anonymise clients"))
        with self.db.write() as conn:
            client = self._existing(conn, client_id)
            if client.anonymised_at is not None:
                raise ConflictError(_("This client is already anonymised."))
            overridden = self._check_retention(conn, client_id, override)
            self.clients.update(conn, client_id, first_name=ANONYMISED_NAME, last_name=ANONYMISED_NAME,
                                anonymised_at=self.clock.now(), **ERASED)
            profiles = self.medical.delete_all(conn, client_id)
            consents = self.consents.erase_personal(conn, client_id)
            IntakeRepository().erase_consents(conn, client_id)  # those signed on a phone (issue 18)
            summary = (_("Client anonymised (retention period overridden): %(profiles)s medical versions deleted, "
                         "%(consents)s consents erased", profiles=profiles, consents=consents) if overridden else
                       _("Client anonymised: %(profiles)s medical versions deleted, %(consents)s consents erased",
                         profiles=profiles, consents=consents))
            self._audit(conn, admin, "anonymise", client_id, summary)
            erased = self._existing(conn, client_id)
        self.plugins("client_anonymised", admin, client_id=client_id)  # after the commit, like every event
        return erased

    def _check_retention(self, conn: Connection, client_id: str, override: bool) -> bool:
        """Return True if the retention period was still running and is being overridden."""
        last = self.history.last_session_start(conn, client_id)
        if last is None:
            return False
        settings = self.settings.load(conn)
        keep_until = years_after(local_date(last, settings.timezone), settings.retention_years)
        if local_date(self.clock.now(), settings.timezone) >= keep_until:
            return False
        if not override:
            raise ConflictError(ngettext(
                "This client's records must be kept until %(date)s (%(n)s year after their last session). "
                "Anonymise them after that date, or override the retention period if the law lets you.",
                "This client's records must be kept until %(date)s (%(n)s years after their last session). "
                "Anonymise them after that date, or override the retention period if the law lets you.",
                settings.retention_years, date=keep_until.isoformat()))
        return True

    def _existing(self, conn: Connection, client_id: str) -> Client:
        client = self.clients.get(conn, client_id)
        if client is None:
            raise NotFoundError(_("There is no such client."))
        return client

    def _audit(self, conn: Connection, actor: User, action: str, client_id: str, summary: str) -> None:
        self.audit.record(conn, at=self.clock.now(), actor_id=actor.id, action=action, entity="client",
                          entity_id=client_id, summary=summary)
