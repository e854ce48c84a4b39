"""LibreOffice opens the exported workbook, computes the same totals from our formulas, and prints it."""

from __future__ import annotations

import csv
import re
import shutil
import subprocess
import zipfile
from pathlib import Path

import pytest

from giapp.core.report import compute
from giapp.examples import example_report
from giapp.exchange.xlsx import workbook_bytes
from giapp.exchange.xlsx_layout import build_layout

SOFFICE = shutil.which("soffice") or shutil.which("libreoffice")
pytestmark = [
    pytest.mark.slow,
    pytest.mark.skipif(SOFFICE is None, reason="LibreOffice (soffice) is not installed on this machine"),
]
# Recalculate every formula on load instead of trusting the cached values we wrote.
PROFILE = """<?xml version="1.0" encoding="UTF-8"?>
<oor:items xmlns:oor="http://openoffice.org/2001/registry" xmlns:xs="http://www.w3.org/2001/XMLSchema"
 xmlns:xsi="http://www.w3.org/2001/XMLSchema-instance">
<item oor:path="/org.openoffice.Office.Calc/Formula/Load"><prop oor:name="OOXMLRecalcMode" oor:op="fuse">
<value>0</value></prop></item>
</oor:items>
"""
ALL_SHEETS_CSV = "csv:Text - txt - csv (StarCalc):44,34,76,1,,0,false,true,false,false,false,-1"


def soffice(tmp_path: Path, target: str, src: Path, outdir: Path | None = None) -> None:
    # a private profile: other LibreOffice runs on this machine do not block it, and it recalculates on load
    profile = tmp_path / "lo-profile"
    (profile / "user").mkdir(parents=True, exist_ok=True)
    (profile / "user" / "registrymodifications.xcu").write_text(PROFILE, encoding="utf-8")
    env = f"-env:UserInstallation={profile.as_uri()}"
    outdir = outdir or src.parent
    command = [SOFFICE, env, "--headless", "--convert-to", target, "--outdir", str(outdir), str(src)]
    subprocess.run(command, check=True, capture_output=True, timeout=180)


def poisoned(data: bytes) -> bytes:
    """The workbook with every cached total replaced by 999999, so the totals read back are LibreOffice's own."""
    import io

    src, out = zipfile.ZipFile(io.BytesIO(data)), io.BytesIO()
    with zipfile.ZipFile(out, "w", zipfile.ZIP_DEFLATED) as dst:
        for item in src.infolist():
            body = src.read(item)
            if item.filename.startswith("xl/worksheets/"):
                body = re.sub(rb"(</f>)<v>[^<]*</v>", rb"\1<v>999999</v>", body)
            dst.writestr(item, body)
    return out.getvalue()


@pytest.mark.parametrize("form_id", ["gov-2019", "gov-2021"])
def test_libreoffice_computes_the_same_totals(tmp_path, form_id):
    spec, report = example_report(form_id)
    data = workbook_bytes(spec, report)
    assert b"<v>999999</v>" not in data
    src = tmp_path / "book.xlsx"
    src.write_bytes(poisoned(data))
    soffice(tmp_path, ALL_SHEETS_CSV, src)
    layout = build_layout(spec, report.units)
    expected = compute(spec, report.values)
    checked = 0
    for sheet in layout.sheets:
        with (tmp_path / f"book-{sheet.name}.csv").open(encoding="utf-8") as f:
            grid = list(csv.reader(f))
        for key, _ in spec.derived:
            owner, r, c = layout.place[key]
            if owner is sheet:
                assert grid[r - 1][c - 1] == str(expected[key]), key
                checked += 1
    assert checked == len(spec.derived)


def test_libreoffice_prints_the_tables_on_a4_with_page_numbers(tmp_path):
    spec, report = example_report("gov-2021")
    src = tmp_path / "book.xlsx"
    src.write_bytes(workbook_bytes(spec, report))
    soffice(tmp_path, "pdf", src)
    pdf = tmp_path / "book.pdf"
    text = subprocess.run(
        ["pdftotext", "-layout", str(pdf), "-"], check=True, capture_output=True
    ).stdout.decode()
    compact = re.sub(r"\s+", "", text)
    for label in (
        "二、主动公开政府信息情况",
        "三、收到和处理政府信息公开申请情况",
        "（七）总计",
        "复议后起诉",
        "第1页共3页",
    ):
        assert label in compact
    assert "giapp-workbook" not in text  # the hidden sheet is not printed
    if shutil.which("pdftoppm"):
        subprocess.run(
            ["pdftoppm", "-r", "50", "-png", "-f", "2", "-l", "2", str(pdf), str(tmp_path / "page")],
            check=True,
        )
        assert list(tmp_path.glob("page*.png"))


def test_a_workbook_saved_again_by_libreoffice_imports_back_identical(tmp_path):
    from giapp.catalog import all_forms
    from giapp.exchange.xlsx import read_workbook

    spec, report = example_report("gov-2021")
    src = tmp_path / "book.xlsx"
    src.write_bytes(workbook_bytes(spec, report))
    out = tmp_path / "saved"
    out.mkdir()
    soffice(tmp_path, "xlsx:Calc MS Excel 2007 XML", src, out)
    resaved = out / "book.xlsx"
    assert resaved.read_bytes() != src.read_bytes()
    assert b"LibreOffice" in zipfile.ZipFile(resaved).read("docProps/app.xml")
    _, back, findings = read_workbook(resaved, all_forms())
    assert (back.values, back.texts, back.agency, back.year) == (
        report.values,
        report.texts,
        report.agency,
        report.year,
    )
    assert findings == []
