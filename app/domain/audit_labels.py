"""What the audit trail's codes mean to a person: each (entity, action) pair the services record, as a phrase in the
reader's language ("settings", "update" -> "Settings changed"). A pair nobody named here (a newer version's, a
plugin's) is shown as its codes, so nothing is hidden."""

from __future__ import annotations

from app.core.i18n import N_, _

LABELS = {
    ("studio", "create"): N_("Studio created"),
    ("settings", "update"): N_("Settings changed"),
    ("user", "create"): N_("Account added"),
    ("user", "update"): N_("Account changed"),
    ("user", "password"): N_("Password changed"),
    ("user", "rekey"): N_("Studio key renewed"),
    ("user", "language"): N_("Language chosen"),
    ("client", "create"): N_("Client added"),
    ("client", "update"): N_("Client details changed"),
    ("client", "medical"): N_("Medical profile saved"),
    ("client", "id_check"): N_("ID checked"),
    ("client", "export"): N_("Client data exported"),
    ("client", "anonymise"): N_("Client anonymised"),
    ("consent", "create"): N_("Consent signed"),
    ("session", "book"): N_("Session booked"),
    ("session", "edit"): N_("Session edited"),
    ("session", "move"): N_("Session moved"),
    ("session", "status"): N_("Session status changed"),
    ("session", "ink"): N_("Ink used in a session"),
    ("ink_lot", "create"): N_("Ink lot recorded"),
    ("payment", "create"): N_("Payment taken"),
    ("register_day", "open"): N_("Register opened"),
    ("register_day", "close"): N_("Register closed"),
    ("backup", "backup"): N_("Backup taken"),
    ("backup", "export"): N_("Backup exported"),
    ("backup", "restore"): N_("Backup restored"),
    ("backup", "mirror-init"): N_("Mirror drive chosen"),
    ("plugin", "enable"): N_("Plugin enabled"),
    ("plugin", "disable"): N_("Plugin disabled"),
}


def audit_label(entity: str, action: str) -> str:
    """The phrase for what an audit line records, in the current language; unknown codes as they are."""
    label = LABELS.get((entity, action))
    return _(label) if label else f"{entity} {action}"
