"""Studio settings, with what backups keep: anyone signed in reads them; only an admin changes them."""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import replace
from typing import Any

from app.core.clock import Clock
from app.core.i18n import N_, _
from app.db.engine import Database
from app.db.repos.audit import AuditRepository
from app.db.repos.settings import SettingsRepository
from app.domain import validation
from app.domain.backups import check_kept
from app.domain.bounds import AFTERCARE_MAX, KEEP_RANGES
from app.domain.errors import ValidationError
from app.domain.opening_hours import check_opening_hours
from app.domain.records import StudioSettings, User
from app.services.authz import require_admin, require_user

# setting -> (lowest, highest, the whole sentence when a value is outside them)
RANGES = {"retention_years": (1, 50, N_("Keep records (years) must be between %(low)s and %(high)s.")),
          "minimum_age": (16, 99, N_("Minimum age must be between %(low)s and %(high)s.")),
          "backup_every_hours": (1, 24, N_("Back up every (hours) must be between %(low)s and %(high)s.")),
          "buffer_minutes": (0, 120, N_("Buffer between sessions (minutes) must be between %(low)s and %(high)s.")),
          "lock_after_minutes": (0, 240, N_("Lock after idle (minutes) must be between %(low)s and %(high)s.")),
          "intake_code_minutes": (1, 10, N_("QR codes last (minutes) must be between %(low)s and %(high)s."))}
CONSENT_TEXT_LIMIT = 5000
SWITCHES = ("assistant_for_staff", "assistant_health_for_staff", "nightly_briefing")  # on/off settings


class SettingsService:
    """Read and change the studio-wide settings."""

    def __init__(self, db: Database, clock: Clock | None = None, repo: SettingsRepository | None = None,
                 audit: AuditRepository | None = None):
        self.db, self.clock = db, clock or Clock()
        self.repo, self.audit = repo or SettingsRepository(), audit or AuditRepository()

    def get(self, actor: User | None) -> StudioSettings:
        """The current settings (any signed-in user: screens need the time zone and currency)."""
        require_user(actor)
        with self.db.read() as conn:
            return self.repo.load(conn)

    def update(self, actor: User | None, **changes: Any) -> StudioSettings:
        """Change some settings (admin only); each value is checked first."""
        admin = require_admin(actor, N_("change the studio settings"))
        checked = self._checked(changes)
        with self.db.write() as conn:
            updated = replace(self.repo.load(conn), **checked)
            self.repo.save(conn, updated)
            self.audit.record(conn, at=self.clock.now(), actor_id=admin.id, action="update", entity="settings",
                              entity_id=None,
                              summary=_("Settings changed: %(names)s", names=", ".join(sorted(checked))))
        return updated

    @staticmethod
    def _checked(changes: Mapping[str, Any]) -> dict[str, Any]:
        known = set(StudioSettings.__dataclass_fields__)
        unknown = set(changes) - known
        if unknown:
            raise ValidationError(_("There is no setting called %(names)s.", names=", ".join(sorted(unknown))))
        checked = dict(changes)
        if "studio_name" in checked:
            checked["studio_name"] = validation.check_studio_name(checked["studio_name"])
        if "currency" in checked:
            checked["currency"] = validation.check_currency(checked["currency"])
        if "locale" in checked:
            checked["locale"] = validation.check_locale(checked["locale"])
        if "timezone" in checked:
            checked["timezone"] = validation.check_timezone(checked["timezone"])
        if "consent_text" in checked:
            checked["consent_text"] = str(checked["consent_text"] or "").strip()
            if len(checked["consent_text"]) > CONSENT_TEXT_LIMIT:
                raise ValidationError(_("The consent text is too long: keep it under %(limit)s characters.",
                                        limit=CONSENT_TEXT_LIMIT))
        if "aftercare_text" in checked:
            checked["aftercare_text"] = _aftercare(checked["aftercare_text"])
        if "opening_hours" in checked:
            checked["opening_hours"] = check_opening_hours(checked["opening_hours"])
        for switch in [n for n in SWITCHES if n in checked]:
            if not isinstance(checked[switch], bool):
                raise ValidationError(_("The setting %(name)s is on or off: give true or false.", name=switch))
        for name in [n for n in KEEP_RANGES if n in checked]:  # "Backups kept": the domain's bounds and sentences
            checked[name] = check_kept(name, checked[name])
        for name, (low, high, outside) in RANGES.items():
            if name in checked and not low <= checked[name] <= high:
                raise ValidationError(_(outside, low=low, high=high))
        return checked


def _aftercare(text: object) -> str:
    if not isinstance(text, str) or len(text) > AFTERCARE_MAX:
        raise ValidationError(_("The aftercare text must be at most %(count)s characters.", count=AFTERCARE_MAX))
    return text.strip()
