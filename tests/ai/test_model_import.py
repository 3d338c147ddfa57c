"""Importing a GGUF model: its metadata shown, the copy on the stick pinned by SHA-256, a changed file refused
until imported again, a model too big for this computer's memory refused, admins only."""

from __future__ import annotations

import hashlib

import pytest

pytest.importorskip("gguf", reason="the assistant's extra (pip install .[ai]) is not installed")

from app.ai.errors import ModelChangedError, ModelFileError, NotEnoughMemoryError  # noqa: E402
from app.domain.errors import ForbiddenError  # noqa: E402


def test_import_reads_the_metadata_copies_the_file_and_pins_its_hash(models, opened, stick, tiny_gguf):
    info = models.import_model(opened.user, tiny_gguf)
    copy = stick.data / "models" / info.file_name
    assert copy.is_file() and copy.read_bytes() == tiny_gguf.read_bytes()
    assert info.sha256 == hashlib.sha256(tiny_gguf.read_bytes()).hexdigest() and info.id == info.sha256[:16]
    assert (info.name, info.architecture, info.licence, info.context_length) == ("Tiny Test Llama", "llama",
                                                                                  "apache-2.0", 512)
    assert info.size_bytes == tiny_gguf.stat().st_size and 100_000 < info.parameters < 200_000
    assert info.memory_bytes > info.size_bytes and info.imported_by == opened.user.username
    assert models.current() == info and models.list(opened.user) == [info]
    assert models.verified_path(info) == copy
    assert not list((stick.data / "models").glob(".*"))  # no temp file left behind


def test_inspect_shows_the_metadata_without_copying(models, opened, stick, tiny_gguf):
    info = models.inspect(opened.user, tiny_gguf)
    assert info.name == "Tiny Test Llama" and info.sha256 == ""
    assert not (stick.data / "models").exists() and models.current() is None


def test_a_changed_model_file_is_refused_until_imported_again(models, opened, tiny_gguf):
    info = models.import_model(opened.user, tiny_gguf)
    path = models.verified_path(info)
    data = bytearray(path.read_bytes())
    data[-1] ^= 0xFF  # one flipped bit in the last weight
    path.write_bytes(bytes(data))
    with pytest.raises(ModelChangedError, match="changed since it was imported.*imports it again"):
        models.verified_path(models.current())
    path.unlink()
    with pytest.raises(ModelChangedError, match="no longer on the stick"):
        models.verified_path(models.current())
    again = models.import_model(opened.user, tiny_gguf)
    assert models.verified_path(again).read_bytes() == tiny_gguf.read_bytes()


def test_a_model_too_big_for_the_free_memory_is_refused_with_a_sentence(models, opened, memory, stick, tiny_gguf):
    memory.free = 10 * 1024 * 1024  # 10 MB free: less than the tiny model's estimate (weights + KV + buffers)
    with pytest.raises(NotEnoughMemoryError, match=r"needs about 0\.1 GB of memory.*0\.0 GB free.*smaller model"):
        models.import_model(opened.user, tiny_gguf)
    assert models.current() is None and not list((stick.data / "models").glob("*.gguf"))
    memory.free = None
    info = models.import_model(opened.user, tiny_gguf)
    memory.free = info.memory_bytes - 1
    with pytest.raises(NotEnoughMemoryError):
        models.check_memory(info)
    memory.free = info.memory_bytes
    models.check_memory(info)


def test_a_file_that_is_not_gguf_is_refused_with_a_sentence(models, opened, tmp_path):
    fake = tmp_path / "notes.gguf"
    fake.write_bytes(b"these are not the weights you are looking for" * 100)
    with pytest.raises(ModelFileError, match="notes.gguf is not a GGUF model file"):
        models.import_model(opened.user, fake)
    with pytest.raises(ModelFileError, match="There is no file at"):
        models.import_model(opened.user, tmp_path / "missing.gguf")


def test_only_an_admin_imports_lists_or_removes_models(models, opened, staff, tiny_gguf):
    with pytest.raises(ForbiddenError, match="Only an admin can import an assistant model"):
        models.import_model(staff, tiny_gguf)
    info = models.import_model(opened.user, tiny_gguf)
    for call in (lambda: models.list(staff), lambda: models.remove(staff, info.id), lambda: models.use(staff, info.id)):
        with pytest.raises(ForbiddenError):
            call()
    assert models.current() == info  # staff's assistant still finds it (the engine reads current())


def test_removing_the_model_deletes_its_file_and_forgets_its_pin(models, opened, stick, tiny_gguf):
    info = models.import_model(opened.user, tiny_gguf)
    models.remove(opened.user, info.id)
    assert models.current() is None and models.list(opened.user) == []
    assert not (stick.data / "models" / info.file_name).exists()


def test_the_pin_lives_in_the_encrypted_settings_and_survives_a_reopen(created, stick, memory, tiny_gguf):
    from app.ai.models import ModelService
    from tests.conftest import ADMIN, ADMIN_PASSWORD

    service, _ = created
    first = service.unlock(ADMIN, ADMIN_PASSWORD)
    info = ModelService(first.db, stick, memory=memory).import_model(first.user, tiny_gguf)
    first.close()
    assert info.sha256.encode() not in (stick.data / "studio.db").read_bytes()  # encrypted at rest
    again = service.unlock(ADMIN, ADMIN_PASSWORD)
    try:
        assert ModelService(again.db, stick, memory=memory).current() == info
    finally:
        again.close()
