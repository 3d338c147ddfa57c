"""The gift-card plugin's daily job (register_jobs) runs through the app's job runner (its direct fallback here: no
Prefect server): it notes, once, each voucher that expired with money left on it, and keeps counts only."""

from __future__ import annotations

from datetime import timedelta

from app.services.backups.job_history import read_runs
from tests.plugins.support_gift_cards import sell


def test_the_daily_job_notes_each_voucher_that_expired_with_money_left_once(rig):
    rig.container.plugin_context = rig.context  # the rig's plugins get their context the way the manager gives it
    expired, spent, fresh = (sell(rig, rig.staff, amount) for amount in (40_00, 15_00, 10_00))
    store = rig.store("gift_cards")
    for card, balance in ((expired, 40_00), (spent, 0)):  # as if bought long ago, one spent to the last cent
        store.update(f"card:{card.code}",
                     lambda old, b=balance: {**old, "expires_on": "2020-01-01", "balance_minor": b})

    offered = dict(rig.container.plugin_jobs.plugins("register_jobs", rig.admin))  # the core's own call of the hook
    assert [job.name for job in offered["gift_cards"]] == ["note-expired"]
    jobs = rig.container.plugin_jobs
    [spec] = [j for j in jobs.listed(rig.admin) if j.plugin == "gift_cards"]
    assert (spec.spec.name, spec.spec.every) == ("note-expired", timedelta(days=1))
    first = jobs.run(rig.admin, "gift_cards", "note-expired")
    assert (first.state, first.fallback, first.value) == ("Completed", True, {"expired": 1, "unused_minor": 40_00})
    assert store.get(f"card:{expired.code}")["expiry_noted"]
    assert "expiry_noted" not in store.get(f"card:{fresh.code}")
    again = jobs.run(rig.admin, "gift_cards", "note-expired")
    assert again.value == {"expired": 0, "unused_minor": 0}  # counted once
    runs = [r for r in read_runs(rig.container.paths) if r.name == "plugin-gift_cards-note-expired"]
    assert [r.state for r in runs] == ["Completed", "Completed"]
    assert expired.code not in (rig.container.paths.data / "jobs.json").read_text("utf-8")  # no codes kept
