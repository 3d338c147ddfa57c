"""extend_exports: the Z report shows each plugin's lines under its own heading; the accountant's ZIP holds each
plugin's files under plugins/<name>/ (path tricks refused and logged) and its lines in the README and summary."""

from __future__ import annotations

import subprocess
import zipfile
from datetime import date

from app.plugins.hookspecs import hookimpl
from app.plugins.spec import ExportExtras, ReportLine

TRICKS = ("../escape.txt", "/etc/passwd", "nested/inner.csv", "con.txt", "voucher\u00e9.csv", ".hidden", "..")


class Vouchers:
    """Voucher sales and redemptions of the period, plus a CSV and some names that try to leave its folder."""

    def __init__(self):
        self.asked: list[tuple[date, date]] = []

    @hookimpl
    def extend_exports(self, start, end):
        self.asked.append((start, end))
        files = {"vouchers.csv": b"code,amount\nGC-1,50.00\n", **{name: b"nope" for name in TRICKS}}
        return ExportExtras(lines=(ReportLine("Vouchers sold", 50_00), ReportLine("Vouchers redeemed", -20_00)),
                            files=files)


class Quiet:
    """Implements the hook and adds nothing."""

    @hookimpl
    def extend_exports(self):
        return ExportExtras()


def _pdf_text(tmp_path, content: bytes) -> str:
    path = tmp_path / "doc.pdf"
    path.write_bytes(content)
    return subprocess.run(["pdftotext", "-layout", str(path), "-"], capture_output=True, text=True,
                          check=True).stdout


def test_the_z_report_shows_each_plugins_lines_under_its_heading(world, plug, tmp_path):
    vouchers = Vouchers()
    plug(("quiet", Quiet()), ("gift_cards", vouchers))
    c, staff = world["client"], world["staff"]
    day = c.get("/api/register/today", headers=staff).json["day"]
    got = c.get(f"/api/reports/z/{day}.pdf", headers=staff)
    assert got.status_code == 200
    text = _pdf_text(tmp_path, got.data)
    assert vouchers.asked == [(date.fromisoformat(day),) * 2]
    heading_at = text.index("From the plugin gift_cards")
    assert text.index("Cash count") < heading_at < text.index("Vouchers sold") < text.index("Vouchers redeemed")
    assert "€50.00" in text.split("Vouchers sold")[1].splitlines()[0]
    assert "-€20.00" in text.split("Vouchers redeemed")[1].splitlines()[0]
    assert "From the plugin quiet" not in text


def test_the_accountants_zip_holds_the_plugins_files_and_lines(world, plug, tmp_path, caplog):
    vouchers = Vouchers()
    plug(("gift_cards", vouchers))
    day = date.fromisoformat(world["client"].get("/api/register/today", headers=world["staff"]).json["day"])
    made = world["container"].services.accounting.export(world["studio"].admin, day, day, tmp_path)
    with zipfile.ZipFile(made.path) as archive:
        names = archive.namelist()
        root = names[0].split("/")[0]
        assert archive.read(f"{root}/plugins/gift_cards/vouchers.csv") == b"code,amount\nGC-1,50.00\n"
        readme = archive.read(f"{root}/README.txt").decode("utf-8")
        manifest = archive.read(f"{root}/manifest-sha256.txt").decode("utf-8")
        summary = _pdf_text(tmp_path, archive.read(f"{root}/summary.pdf"))
    assert [n for n in names if "/plugins/" in n] == [f"{root}/plugins/gift_cards/vouchers.csv"]
    assert not any("escape" in n or "passwd" in n or "inner" in n or "hidden" in n for n in names)
    assert "plugins/gift_cards/vouchers.csv" in manifest
    assert "gift_cards\n    Vouchers sold: 50.00 EUR\n    Vouchers redeemed: -20.00 EUR" in readme
    assert "From the plugin gift_cards" in summary and "Vouchers sold" in summary
    assert vouchers.asked == [(day, day)]  # asked once for the ZIP, its summary included
    refused = [r for r in caplog.records if "export file that was left out" in r.getMessage()]
    assert len(refused) == len(TRICKS)
    assert all("nope" not in r.getMessage() and "passwd" not in r.getMessage() for r in refused)
