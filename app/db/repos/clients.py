"""Clients table access: the record itself, search-as-you-type over the FTS5 index, duplicate candidates."""

from __future__ import annotations

import re
from datetime import date

from sqlalchemy import Connection, column, func, insert, literal_column, select, table, text, update

from app.db.models import Client as ClientRow
from app.db.repos.read_back import read_back
from app.db.types import new_id
from app.domain.clients import Client, ClientSummary

_COLUMNS = (ClientRow.id, ClientRow.first_name, ClientRow.last_name, ClientRow.birth_date, ClientRow.phone,
            ClientRow.email, ClientRow.address, ClientRow.emergency_contact, ClientRow.id_check_type,
            ClientRow.id_checked_by, ClientRow.id_checked_at, ClientRow.notes, ClientRow.marketing_consent,
            ClientRow.photo_consent, ClientRow.anonymised_at, ClientRow.created_at, ClientRow.updated_at)
_SUMMARY = (ClientRow.id, ClientRow.first_name, ClientRow.last_name, ClientRow.birth_date, ClientRow.phone,
            ClientRow.email)
_SEARCH = table("client_search", column("rowid"), column("rank"))
_MATCH = text("client_search MATCH :match")
# The index's tokens: letters and digits, plus the tokenchars '+@.' of migration 0002.
_TOKEN = re.compile(r"[\w+@.]+")
_MAX_TERMS = 6
_RANK_CAP = 500
_PHONE_TAIL = 9  # compare the last 9 digits, so '+34 612…' and '612…' are the same phone


def fts_prefix_query(typed: str) -> str | None:
    """Turn what a person typed into a safe FTS5 prefix query ('ana lo' -> '"ana"* "lo"*'), or None."""
    terms = [t.strip(".") for t in _TOKEN.findall(typed.replace("_", " "))]
    terms = [t for t in terms if t][:_MAX_TERMS]
    # Each term is a quoted string, so no character the person typed is read as FTS5 syntax.
    return " ".join(f'"{term}"*' for term in terms) or None


def phone_digits(phone: str) -> str:
    """Return the digits of a phone number, for comparing numbers typed differently."""
    return "".join(ch for ch in phone if ch.isdigit())


def _digits_sql(col):
    for ch in (" ", "-", "(", ")", ".", "/", "+"):
        col = func.replace(col, ch, "")
    return col


class ClientRepository:
    """Read and write clients on a connection the service holds."""

    def add(self, conn: Connection, **values) -> Client:
        """Insert a client with these column values and return it."""
        client_id = new_id()
        conn.execute(insert(ClientRow).values(id=client_id, **values))
        return read_back(self.get(conn, client_id), "client")

    def get(self, conn: Connection, client_id: str) -> Client | None:
        """Return the client with this id, or None."""
        row = conn.execute(select(*_COLUMNS).where(ClientRow.id == client_id)).one_or_none()
        return Client(*tuple(row)) if row else None

    def update(self, conn: Connection, client_id: str, **changes) -> None:
        """Change the given columns of one client (the search index follows by trigger)."""
        if changes:
            conn.execute(update(ClientRow).where(ClientRow.id == client_id).values(**changes))

    def search(self, conn: Connection, typed: str, limit: int = 20) -> list[ClientSummary]:
        """Return up to `limit` clients (not anonymised) whose name, phone or email words start with the typed words."""
        match = fts_prefix_query(typed)
        if match is None:
            return []
        matching = select(_SEARCH.c.rowid, _SEARCH.c.rank).where(_MATCH.bindparams(match=match))
        # Ranking costs ~2 ms per 1,000 matches; past _RANK_CAP (say '+34' in a Spanish studio) the newest
        # clients come first instead. A few spares make up for anonymised clients ('Anonymised' only).
        many = conn.execute(select(func.count()).select_from(
            matching.with_only_columns(_SEARCH.c.rowid).limit(_RANK_CAP).subquery())).scalar_one() >= _RANK_CAP
        order = _SEARCH.c.rowid.desc() if many else _SEARCH.c.rank
        best = matching.order_by(order).limit(limit + 10).subquery()
        stmt = (select(*_SUMMARY).select_from(ClientRow)
                .join(best, best.c.rowid == literal_column("clients.rowid"))
                .where(ClientRow.anonymised_at.is_(None))
                .order_by(best.c.rowid.desc() if many else best.c.rank, ClientRow.last_name, ClientRow.first_name)
                .limit(limit))
        return [ClientSummary(*row) for row in conn.execute(stmt)]

    def recent(self, conn: Connection, limit: int = 20) -> list[ClientSummary]:
        """Return the clients changed most recently (not anonymised)."""
        stmt = (select(*_SUMMARY).where(ClientRow.anonymised_at.is_(None))
                .order_by(ClientRow.updated_at.desc()).limit(limit))
        return [ClientSummary(*row) for row in conn.execute(stmt)]

    def born_on(self, conn: Connection, birth_date: date) -> list[ClientSummary]:
        """Return the clients (not anonymised) born on this date."""
        stmt = select(*_SUMMARY).where(ClientRow.birth_date == birth_date, ClientRow.anonymised_at.is_(None))
        return [ClientSummary(*row) for row in conn.execute(stmt)]

    def with_phone(self, conn: Connection, phone: str) -> list[str]:
        """Return the ids of clients whose phone has the same trailing digits as this one."""
        tail = phone_digits(phone)[-_PHONE_TAIL:]
        if not tail:
            return []
        digits = _digits_sql(ClientRow.phone)
        stmt = (select(ClientRow.id).where(ClientRow.phone.is_not(None), ClientRow.anonymised_at.is_(None),
                                           func.substr(digits, -_PHONE_TAIL) == tail))
        return list(conn.execute(stmt).scalars())
