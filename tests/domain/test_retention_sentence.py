"""What retention keeps, as the sentence the Settings and Backups screens show: plurals right, zeros left out."""

from __future__ import annotations

import pytest

from app.domain.backups import RetentionPolicy, check_kept
from app.domain.bounds import KEEP_RANGES
from app.domain.errors import ValidationError


def test_the_default_policy_reads_as_it_always_did():
    assert RetentionPolicy().describe() == (
        "Kept: every backup of the last 24 hours, then the newest of each of the last 7 days, 4 weeks and "
        "12 months; the newest 2 safety copies taken before a restore or an upgrade, and of damaged databases.")


def test_ones_are_singular_and_zeros_are_left_out():
    sentence = RetentionPolicy(hours=1, daily=3, weekly=0, monthly=1, others=1).describe()
    assert sentence == ("Kept: every backup of the last hour, then the newest of each of the last 3 days and "
                        "1 month; the newest safety copy taken before a restore or an upgrade, and of damaged "
                        "databases.")
    assert "0 weeks" not in RetentionPolicy(weekly=0).describe()
    assert RetentionPolicy(hours=0, daily=0, weekly=0, monthly=0).describe().startswith("Kept: the newest backup;")


@pytest.mark.parametrize("name", sorted(KEEP_RANGES))
def test_every_bound_is_checked_with_a_sentence_naming_it(name):
    low, high = KEEP_RANGES[name][:2]
    assert check_kept(name, low) == low and check_kept(name, high) == high
    for wrong in (low - 1, high + 1):
        with pytest.raises(ValidationError, match=rf"^Backups kept: the .+ must be between {low} and {high}\b.*"
                                                  rf", not {wrong}\.$"):
            check_kept(name, wrong)


def test_the_defaults_are_inside_the_bounds():
    default = RetentionPolicy()
    for name in KEEP_RANGES:
        check_kept(name, getattr(default, name.removeprefix("keep_")))
