"""The ranges every date, time and amount the studio takes must fall in; anything outside is a typing slip."""

from __future__ import annotations

from datetime import UTC, date, datetime

from app.core.i18n import N_
from app.domain.register import MAX_AMOUNT_MINOR

FIRST_DAY, LAST_DAY = date(1900, 1, 1), date(2200, 12, 31)  # the booking calendar's years, as everywhere
FIRST_MOMENT = datetime(1900, 1, 1, tzinfo=UTC)
LAST_MOMENT = datetime(2200, 12, 31, 23, 59, 59, tzinfo=UTC)
MAX_MONEY_MINOR = MAX_AMOUNT_MINOR  # 10^12 minor units: far above any real amount, far below 2^63
MAX_VERSION = 2**31 - 1  # an edit counter; no record is edited two billion times
# The same years as a pattern, for documents that cannot compare dates (JSON Schema).
YEAR_PATTERN = r"(19\d\d|2[01]\d\d|2200)"
MAX_BACKUP_NAME = 120  # backup files are named like studio-20260314T153000Z.db; file systems stop at 255 bytes
BACKUP_NAME_PATTERN = r"^[A-Za-z0-9][A-Za-z0-9._-]*$"
# A fixed rule: a single refund above 500.00 (in minor units of the studio's currency) is recorded by an admin.
STAFF_REFUND_LIMIT_MINOR = 500_00
# "Backups kept", the retention policy's five numbers (app.domain.backups.RetentionPolicy): setting -> (lowest,
# highest, the sentence when it is not a whole number, the sentence when it is outside the bounds). Each sentence is
# whole (a translation needs the field's words in its own grammar); %(low)s, %(high)s and %(value)s are filled in
# where it is raised. Why these bounds:
# - hours 1..168: the backup just taken always survives its prune; beyond a week the daily points take over,
#   and 168 hours of a backup every hour is the most points a stick should carry.
# - days 1..60: at least the newest point of today; after two months the weekly and monthly points take over.
# - weeks 0..52 and months 0..120: none is a studio's choice (the days still keep points); a year of weeks and
#   ten years of months (the record retention's default) are the longest that means anything.
# - safety copies 1..10 of each kind: the copy taken before a restore is the only way back from a wrong one.
KEEP_RANGES = {
    "keep_hours": (1, 168, N_("Backups kept: the hours of every backup must be a whole number."),
                   N_("Backups kept: the hours of every backup must be between %(low)s and %(high)s (a week), "
                      "not %(value)s.")),
    "keep_daily": (1, 60, N_("Backups kept: the days must be a whole number."),
                   N_("Backups kept: the days must be between %(low)s and %(high)s, not %(value)s.")),
    "keep_weekly": (0, 52, N_("Backups kept: the weeks must be a whole number."),
                    N_("Backups kept: the weeks must be between %(low)s and %(high)s (a year), not %(value)s.")),
    "keep_monthly": (0, 120, N_("Backups kept: the months must be a whole number."),
                     N_("Backups kept: the months must be between %(low)s and %(high)s (ten years), not %(value)s.")),
    "keep_others": (1, 10, N_("Backups kept: the safety copies of each kind must be a whole number."),
                    N_("Backups kept: the safety copies of each kind must be between %(low)s and %(high)s, "
                       "not %(value)s.")),
}
AFTERCARE_MAX = 4000  # characters of the studio's own aftercare text (about a printed page)
