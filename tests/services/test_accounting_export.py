"""The accountant's ZIP: every file listed, the manifest verifies, tampering is caught, no health or contact data."""

from __future__ import annotations

import hashlib
import os
import subprocess
import sys
import zipfile
from pathlib import Path

import pytest

from app.domain.errors import ForbiddenError, ValidationError
from app.services.reports.accounting import AccountingExport
from tests.conftest import ADMIN, ADMIN_PASSWORD
from tests.services.support_document_studio import CLIENT_LAST, SECRETS, fill
from tests.services.support_money_studio import NOON, create_money_studio

DAY = NOON.date()
FILES = {"payments.csv", "day_closes.csv", "by_method.csv", "by_artist.csv", "summary.pdf", "README.txt",
         "manifest-sha256.txt"}


@pytest.fixture(scope="module")
def export(shared, tmp_path_factory):
    """The ZIP of the filled studio's day, unzipped next to it."""
    shared.reset()
    fill(shared)
    out = tmp_path_factory.mktemp("accounting")
    made = AccountingExport(shared.db, shared.paths, shared.clock).export(shared.admin, DAY, DAY, out)
    with zipfile.ZipFile(made.path) as archive:
        archive.extractall(out / "unzipped")
    return shared, made, out / "unzipped" / "accounting-2025-01-15-to-2025-01-15"


def test_zip_holds_every_file_under_its_final_name_only(export):
    _, made, folder = export
    assert made.path.name == "accounting-2025-01-15-to-2025-01-15.zip" and made.size == made.path.stat().st_size
    assert {p.name for p in folder.iterdir()} == FILES
    assert [p.name for p in made.path.parent.iterdir() if p.name.endswith(".partial")] == []


def test_manifest_lists_every_other_file_with_its_sha256(export):
    _, _, folder = export
    lines = (folder / "manifest-sha256.txt").read_text().splitlines()
    listed = dict(reversed(line.split("  ", 1)) for line in lines)
    assert set(listed) == FILES - {"manifest-sha256.txt"}
    for name, digest in listed.items():
        assert hashlib.sha256((folder / name).read_bytes()).hexdigest() == digest
    readme = (folder / "README.txt").read_text()
    assert "sha256sum -c manifest-sha256.txt" in readme and "Get-FileHash" in readme


def test_documented_command_verifies_and_catches_tampering(export, tmp_path):
    _, made, _ = export
    with zipfile.ZipFile(made.path) as archive:
        archive.extractall(tmp_path)
    folder = tmp_path / made.path.stem
    ok = subprocess.run(["sha256sum", "-c", "manifest-sha256.txt"], cwd=folder, capture_output=True, text=True)
    assert ok.returncode == 0 and ok.stdout.count(": OK") == len(FILES) - 1
    payments = folder / "payments.csv"
    payments.write_bytes(payments.read_bytes().replace(b"200.00", b"20.00"))
    bad = subprocess.run(["sha256sum", "-c", "manifest-sha256.txt"], cwd=folder, capture_output=True, text=True)
    assert bad.returncode != 0 and "payments.csv: FAILED" in bad.stdout


def test_no_health_or_contact_data_and_no_client_names_inside(export):
    _, _, folder = export
    texts = {}
    for path in folder.iterdir():
        if path.suffix == ".pdf":
            texts[path.name] = subprocess.run(["pdftotext", str(path), "-"], capture_output=True, text=True,
                                              check=True).stdout
        else:
            texts[path.name] = path.read_text(encoding="utf-8-sig")
    assert "€315.50" in texts["summary.pdf"] and "315.50" in texts["by_method.csv"]
    for name, text in texts.items():
        for secret in (*SECRETS, CLIENT_LAST, "O'Neil"):
            assert secret not in text, f"{secret!r} found in {name}"


def test_staff_cannot_export_and_a_missing_folder_is_refused(export, tmp_path):
    studio, _, _ = export
    service = AccountingExport(studio.db, studio.paths, studio.clock)
    with pytest.raises(ForbiddenError):
        service.export(studio.staff, DAY, DAY, tmp_path)
    with pytest.raises(ValidationError, match="does not exist"):
        service.export(studio.admin, DAY, DAY, tmp_path / "nowhere")
    assert list(tmp_path.iterdir()) == []


def test_cli_writes_the_zip_for_an_admin(tmp_path):
    studio = create_money_studio(tmp_path / "stick")
    studio.opened.close()
    out = tmp_path / "out"
    out.mkdir()
    env = {**os.environ, "TATTOO_HOME": str(tmp_path / "stick")}
    done = subprocess.run([sys.executable, "-m", "app", "export-accounting", "--from", "2025-01-01", "--to",
                           "2025-01-31", "--out", str(out), "--user", ADMIN, "--password-stdin"],
                          input=ADMIN_PASSWORD + "\n", capture_output=True, text=True, env=env,
                          cwd=Path(__file__).resolve().parents[2])
    assert done.returncode == 0, done.stderr
    assert (out / "accounting-2025-01-01-to-2025-01-31.zip").is_file() and "7 files" in done.stdout
