"""The deduplicated store: unchanged pages stored once in pack files, points sealed and written last,
damage named and never rebuilt, unused packs collected, a mirror copies only what it lacks."""

from __future__ import annotations

import os

import pytest
from sqlalchemy import insert

from app.db.models import Client
from app.db.repos.backup_counts import describe_file
from app.db.snapshot import snapshot_bytes
from app.db.types import new_id
from app.services.backups.chunks import ChunkStore


def _rows(db, n: int) -> None:
    with db.write() as conn:
        conn.execute(insert(Client), [{"id": new_id(), "first_name": "Store", "last_name": f"Row {i}"}
                                      for i in range(n)])


@pytest.fixture
def two_points(opened, tmp_path):
    """A store with point 'a', then 200 writes, then point 'b'; with the bytes of each."""
    _rows(opened.db, 300)
    store, first = ChunkStore(tmp_path / "store"), snapshot_bytes(opened.db)
    store.add("a", first)
    _rows(opened.db, 200)
    second = snapshot_bytes(opened.db)
    store.add("b", second, {"kind": "backup"})
    return store, bytes(first), bytes(second)


def test_unchanged_pages_are_stored_once_in_a_few_pack_files(two_points, opened, tmp_path):
    store, first, second = two_points
    b = store.point("b")
    assert b["new_bytes"] < len(second) / 2 and b["kind"] == "backup"
    packs = list(store.packs.rglob("*.pack"))
    assert len(packs) == 2  # one per point here, never one file per page
    assert store.used_bytes() < len(first) + len(second) * 0.6
    key = bytes.fromhex(opened.db.key_hex())
    for name, data in (("a", first), ("b", second)):
        rebuilt = store.rebuild(name, tmp_path / f"{name}.db")
        assert rebuilt.read_bytes() == data
    assert describe_file(tmp_path / "b.db", key)[1]["clients"] == 500
    assert describe_file(tmp_path / "a.db", key)[1]["clients"] == 300


def test_a_flipped_bit_in_a_chunk_is_named_and_never_rebuilt(two_points, tmp_path):
    store, _, _ = two_points
    pack = sorted(store.packs.rglob("*.pack"), key=lambda p: p.stat().st_size)[-1]  # the first point's pages
    data = bytearray(pack.read_bytes())
    data[5 * 4096 + 100] ^= 0x04
    pack.write_bytes(bytes(data))
    found = ChunkStore(store.root).problems("a")
    assert len(found) == 1 and "The restore point a: page 6: chunk" in found[0] and "is damaged" in found[0]
    with pytest.raises(ValueError, match="will not be rebuilt: page 6"):
        ChunkStore(store.root).rebuild("a", tmp_path / "a.db")
    assert not (tmp_path / "a.db").exists() and not list(tmp_path.glob(".*.tmp"))


def test_a_changed_or_cut_point_file_and_a_cut_pack_are_named(two_points):
    store, _, _ = two_points
    point = store.points / "b.point"
    point.write_bytes(point.read_bytes().replace(b'"size": ', b'"size": 1'))
    damaged = ["The restore point b does not match its checksum: its file was changed or damaged."]
    assert ChunkStore(store.root).problems("b") == damaged
    point.write_bytes(point.read_bytes()[:100])
    assert ChunkStore(store.root).problems("b") == damaged
    point.unlink()
    assert "cannot be read" in ChunkStore(store.root).problems("b")[0]
    pack = sorted(store.packs.rglob("*.pack"), key=lambda p: p.stat().st_size)[-1]
    with open(pack, "r+b") as fh:
        fh.truncate(pack.stat().st_size - 10)
    assert "is missing from the store" in ChunkStore(store.root).problems("a")[0]


def test_collecting_after_a_prune_frees_the_packs_no_point_uses(two_points, tmp_path):
    store, first, _ = two_points
    before = store.used_bytes()
    store.remove("b")
    assert store.collect() > 0 and store.used_bytes() < before
    assert store.rebuild("a", tmp_path / "a.db").read_bytes() == first
    store.remove("a")
    store.collect()
    assert list(store.packs.rglob("*.pack")) == []


def test_a_mostly_unused_pack_is_repacked_before_it_goes(tmp_path):
    store = ChunkStore(tmp_path / "store")
    old = os.urandom(4096 * 10)
    store.add("old", old)
    new = old[:4096 * 3] + os.urandom(4096 * 7)  # shares 3 of the old pack's 10 pages
    store.add("new", new)
    store.remove("old")
    assert store.collect() > 4096 * 10
    assert len(list(store.packs.rglob("*.pack"))) == 2  # the new point's pack and the 3 pages repacked
    assert store.rebuild("new", tmp_path / "new.bin").read_bytes() == new


def test_nothing_is_collected_while_a_point_file_is_damaged(two_points):
    store, _, _ = two_points
    (store.points / "b.point").write_text("{")
    store.remove("a")
    assert store.collect() == 0 and len(list(store.packs.rglob("*.pack"))) == 2


def test_the_mirror_copies_only_the_packs_and_points_it_lacks(two_points, opened, tmp_path):
    store, _, _ = two_points
    mirror = ChunkStore(tmp_path / "mirror")
    assert store.copy_to(mirror) > 0 and mirror.names() == ["a", "b"]
    _rows(opened.db, 10)
    added = store.add("c", snapshot_bytes(opened.db))
    copied = store.copy_to(mirror)
    assert copied < added["new_bytes"] + 4096 * 40 + (store.points / "c.point").stat().st_size + 1
    assert mirror.problems("c") == [] and mirror.names() == ["a", "b", "c"]


def test_a_pack_that_cannot_be_deleted_yet_is_left_for_the_next_collect(two_points, tmp_path, monkeypatch):
    """On Windows an open file cannot be deleted: a verify reading a pack while a prune collects must not
    fail the prune; the pack goes at the next collect."""
    store, first, _ = two_points
    store.remove("b")  # its own pack now holds no chunk a point uses
    real_unlink = type(tmp_path).unlink

    def held_open(path, missing_ok=False):
        if path.suffix == ".pack":
            raise PermissionError(13, "The process cannot access the file because it is being used")
        real_unlink(path, missing_ok=missing_ok)

    packs = sorted(store.packs.rglob("*.pack"))
    monkeypatch.setattr(type(tmp_path), "unlink", held_open)
    assert store.collect() == 0 and sorted(store.packs.rglob("*.pack")) == packs
    monkeypatch.undo()
    assert store.collect() > 0 and len(list(store.packs.rglob("*.pack"))) < len(packs)
    store.rebuild("a", tmp_path / "a.db")
    assert (tmp_path / "a.db").read_bytes() == first
