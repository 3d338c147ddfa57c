"""A plugin's own store: atomic read-modify-write under threads, one plugin's keys hidden from another, and the
data in every backup of the studio."""

from __future__ import annotations

import threading
from datetime import UTC, datetime

import pytest

from app.core.clock import FixedClock
from app.plugins.store import PluginStore
from app.services.backups.service import BackupService


def test_get_put_delete_and_items_by_prefix(opened):
    store = PluginStore(opened.db, "vouchers")
    assert store.get("card:A", "none") == "none"
    store.put("card:A", {"balance": 500})
    store.put("card:B", {"balance": 0})
    store.put("Card:c", 1)  # another prefix in another case: not "card:"
    store.put("setting:months", 12)
    store.put("card:A", {"balance": 400, "name": "Zoë Дарья"})
    assert store.get("card:A") == {"balance": 400, "name": "Zoë Дарья"}
    assert store.items("card:") == [("card:A", {"balance": 400, "name": "Zoë Дарья"}), ("card:B", {"balance": 0})]
    assert store.items("100%_") == []
    assert store.delete("card:B") is True and store.delete("card:B") is False
    assert [key for key, _value in store.items()] == ["Card:c", "card:A", "setting:months"]
    with pytest.raises(ValueError, match="1 to 200 characters"):
        store.put("", 1)


def test_one_plugin_cannot_read_or_change_another_plugins_keys(opened):
    mine, theirs = PluginStore(opened.db, "gift_cards"), PluginStore(opened.db, "aftercare")
    mine.put("secret", "voucher codes")
    assert theirs.get("secret") is None and theirs.items() == []
    assert theirs.delete("secret") is False
    theirs.put("secret", "a sheet")
    assert mine.get("secret") == "voucher codes" and theirs.get("secret") == "a sheet"


def test_update_is_atomic_two_threads_never_both_spend_the_last_euro(opened):
    store = PluginStore(opened.db, "vouchers")
    store.put("card", {"balance": 1000})
    spent, refused, start = [], [], threading.Barrier(8)

    def spend(amount: int) -> None:
        def change(card):
            if card["balance"] < amount:
                raise ValueError("not enough")
            return {"balance": card["balance"] - amount}
        start.wait()
        try:
            store.update("card", change)
            spent.append(amount)
        except ValueError:
            refused.append(amount)

    workers = [threading.Thread(target=spend, args=(300,)) for _ in range(8)]
    for worker in workers:
        worker.start()
    for worker in workers:
        worker.join(timeout=60)
    assert len(spent) == 3 and len(refused) == 5
    assert store.get("card") == {"balance": 100}


def test_update_that_raises_stores_nothing_and_a_missing_key_starts_from_the_default(opened):
    store = PluginStore(opened.db, "counter")
    assert store.update("n", lambda n: n + 1, default=0) == 1
    assert store.update("n", lambda n: n + 1, default=0) == 2
    with pytest.raises(ZeroDivisionError):
        store.update("n", lambda n: n / 0)
    assert store.get("n") == 2


def test_a_restored_backup_brings_back_the_plugins_data(opened, stick):
    clock = FixedClock(datetime(2026, 3, 14, 15, 0, tzinfo=UTC))
    store = PluginStore(opened.db, "gift_cards", clock)
    store.put("card:KEEP", {"balance": 2500})
    backups = BackupService(opened.db, stick, clock)
    taken = backups.backup_now(opened.user)
    store.put("card:KEEP", {"balance": 0})
    store.put("card:LATER", {"balance": 100})
    backups.restore(opened.user, taken.name)
    assert store.items("card:") == [("card:KEEP", {"balance": 2500})]
