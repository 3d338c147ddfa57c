"""The backups' sentences in the caller's language: a damaged restore point is still named (with its pack and
page) in German, and the refusals (a folder name Windows keeps, a restore by staff, a full stick) come back in
Spanish with their values filled in and the numbers in that language's format."""

from __future__ import annotations

import dataclasses
from pathlib import Path

import pytest

from app.core import i18n
from app.domain.backups import BAD, BackupRefusedError, BadBackupError
from app.domain.errors import ForbiddenError, ValidationError
from app.services.backups.space import check_room
from tests.services.support_backup import add_client, flip_bit, packs_of


def test_a_damaged_restore_point_is_named_in_german_and_its_restore_refused(backups, opened, stick, clock):
    older = backups.backup_now(opened.user)
    clock.advance(3600)
    add_client(opened, clock)
    newer = backups.backup_now(opened.user)
    pack = max(packs_of(stick.backups), key=lambda p: p.stat().st_mtime_ns)  # the newer point's own pages
    flip_bit(pack)
    with i18n.speaking("de"):
        states = {r.name: r for r in backups.verify(opened.user)}
        with pytest.raises(BadBackupError) as refused:
            backups.restore(opened.user, newer.name)
    damaged = states[newer.name]
    assert damaged.state == BAD and states[older.name].problems == ()
    assert damaged.problems[0].startswith(f"Der Wiederherstellungspunkt {newer.name} wird nicht neu aufgebaut: Seite ")
    assert damaged.problems[0].endswith(f" in Paket {pack.name[:12]} ist beschädigt.")
    sentence = str(refused.value)
    assert sentence.startswith(f"Die Sicherung {newer.name} wird nicht wiederhergestellt: Der "
                               f"Wiederherstellungspunkt {newer.name} wird nicht neu aufgebaut: Seite ")
    assert pack.name[:12] in sentence and sentence.endswith("Wähle eine andere Sicherung.")
    assert "restore" not in sentence and "damaged" not in sentence


def test_the_refusals_come_back_in_spanish(backups, opened, tmp_path):
    taken = backups.backup_now(opened.user)
    staff = dataclasses.replace(opened.user, id="u-staff", username="sam", role="staff")
    with i18n.speaking("es"):
        with pytest.raises(ValidationError) as reserved:
            backups.export(opened.user, taken.name, str(tmp_path / "CON"))
        with pytest.raises(ForbiddenError) as staff_restore:
            backups.restore(staff, taken.name)
        with pytest.raises(BackupRefusedError) as full:
            check_room(tmp_path, 1_000_000, free=lambda _folder: 1_500_000)
        with pytest.raises(ValidationError) as relative:
            backups.export(opened.user, taken.name, "usb")
    assert str(reserved.value).startswith("'CON' no se puede usar como nombre de carpeta: Windows reserva ese nombre")
    assert str(staff_restore.value) == "Solo un administrador puede restaurar una copia de seguridad."
    assert str(full.value).startswith("No se ha hecho la copia de seguridad: la memoria USB tiene 1,5 MB libres y "
                                      "una copia necesita 3,0 MB (la copia, más el doble")
    assert str(relative.value) == ("'usb' no es la ruta completa de una carpeta. Indica una como /media/usb o "
                                   "D:\\copias.")
    assert not list(Path(tmp_path).glob("*.zip"))
