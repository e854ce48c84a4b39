"""A catalogue of bad and hostile workbooks: each is refused with one Chinese message, nothing written."""

from __future__ import annotations

import io
import json
import zipfile
from datetime import datetime
from pathlib import Path

import pytest
from openpyxl import Workbook, load_workbook

from giapp.catalog import all_forms
from giapp.cli import main
from giapp.examples import example_report
from giapp.exchange.xlsx import WorkbookError, read_workbook, workbook_bytes
from giapp.exchange.xlsx_safety import OLE_MAGIC

FORMS = all_forms()
THREE = "三、依申请公开"
D6 = "工作表“三、依申请公开”单元格 D6（三、收到和处理政府信息公开申请情况 / 一、本年新收政府信息公开申请数量 / 自然人）"


def good() -> bytes:
    spec, report = example_report("gov-2021")
    return workbook_bytes(spec, report)


def rezip(data: bytes, replace: dict[str, bytes] | None = None, add: dict[str, bytes] | None = None) -> bytes:
    src = zipfile.ZipFile(io.BytesIO(data))
    out = io.BytesIO()
    with zipfile.ZipFile(out, "w", zipfile.ZIP_DEFLATED) as dst:
        for item in src.infolist():
            dst.writestr(item.filename, (replace or {}).get(item.filename, src.read(item)))
        for name, body in (add or {}).items():
            dst.writestr(name, body)
    return out.getvalue()


def edited(change) -> bytes:
    wb = load_workbook(io.BytesIO(good()))
    change(wb)
    buf = io.BytesIO()
    wb.save(buf)
    return buf.getvalue()


def set_cell(sheet: str, coordinate: str, value):
    def change(wb):
        wb[sheet][coordinate].value = value

    return edited(change)


def set_meta(key: str, text: str) -> bytes:
    def change(wb):
        for row in wb["giapp"].iter_rows():
            if row[0].value == key:
                row[1].value = text

    return edited(change)


def lol_bomb(root: str) -> bytes:
    ents = ['<!ENTITY a0 "lollollollollollollollollol">'] + [
        f'<!ENTITY a{i} "{("&a" + str(i - 1) + ";") * 10}">' for i in range(1, 10)
    ]
    return (
        f'<?xml version="1.0"?><!DOCTYPE {root} [{"".join(ents)}]>'
        f'<{root} xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/main">&a9;</{root}>'
    ).encode()


def zip_of(members: dict[str, bytes]) -> bytes:
    out = io.BytesIO()
    with zipfile.ZipFile(out, "w", zipfile.ZIP_DEFLATED) as z:
        for name, body in members.items():
            z.writestr(name, body)
    return out.getvalue()


def encrypted(data: bytes) -> bytes:
    """Set the "encrypted" flag of every part, as a password-protecting zip tool does."""
    buf = bytearray(data)
    for signature, offset in ((b"PK\x03\x04", 6), (b"PK\x01\x02", 8)):
        at = buf.find(signature)
        while at != -1:
            buf[at + offset] |= 0x1
            at = buf.find(signature, at + 4)
    return bytes(buf)


def hundred_thousand_rows() -> bytes:
    rows = "".join(f'<row r="{i}"><c r="A{i}"><v>{i}</v></c></row>' for i in range(1, 100_001))
    sheet = (
        '<worksheet xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/main">'
        f"<sheetData>{rows}</sheetData></worksheet>"
    ).encode()
    return rezip(good(), replace={"xl/worksheets/sheet2.xml": sheet})


def corrupted_part() -> bytes:
    """Flip bytes inside the compressed data of sheet 三: the directory is intact, the part is not."""
    data = bytearray(good())
    info = zipfile.ZipFile(io.BytesIO(bytes(data))).getinfo("xl/worksheets/sheet2.xml")
    start = info.header_offset + 30 + len(info.filename.encode()) + len(info.extra)
    for i in range(start + 100, start + 140):
        data[i] ^= 0x5A
    return bytes(data)


def not_ours() -> bytes:
    wb = Workbook()
    wb.active.title = "Sheet1"
    wb.active["A1"] = "某某统计表"
    buf = io.BytesIO()
    wb.save(buf)
    return buf.getvalue()


MINIMAL = {"[Content_Types].xml": b"<Types/>", "xl/workbook.xml": b"<workbook/>"}

# (case, builder, fragments the message must contain)
CATALOGUE = [
    ("empty file", lambda: b"", ["文件是空的"]),
    ("plain text renamed", lambda: "这是一个文本文件".encode() + b"\n", ["不是 Excel 工作簿"]),
    ("old .xls or password", lambda: OLE_MAGIC + bytes(4096), ["Excel 97-2003", "另存为"]),
    ("truncated zip", lambda: good()[: len(good()) // 2], ["已损坏或不完整"]),
    ("corrupted part (CRC)", corrupted_part, ["已损坏"]),
    ("zip that is a document", lambda: zip_of({"word/document.xml": b"<w/>"}), ["不是 Excel 工作簿"]),
    ("thousand-part zip", lambda: zip_of({f"x/{i}.xml": b"" for i in range(1000)}), ["1000 个部件"]),
    (
        "zip bomb (huge part)",
        lambda: zip_of({**MINIMAL, "xl/worksheets/sheet1.xml": bytes(60 * 1024 * 1024)}),
        ["远超年度报告所需", "恶意"],
    ),
    (
        "zip bomb (ratio)",
        lambda: zip_of({**MINIMAL, "xl/sharedStrings.xml": b" " * (3 * 1024 * 1024)}),
        ["压缩比异常", "压缩炸弹"],
    ),
    ("encrypted part", lambda: encrypted(zip_of(MINIMAL)), ["加密"]),
    ("macros (.xlsm)", lambda: rezip(good(), add={"xl/vbaProject.bin": b"\0" * 64}), ["含有宏"]),
    (
        "XML bomb in workbook.xml",
        lambda: rezip(good(), {"xl/workbook.xml": lol_bomb("workbook")}),
        ["不安全的 XML"],
    ),
    (
        "XML bomb in a sheet",
        lambda: rezip(good(), {"xl/worksheets/sheet2.xml": lol_bomb("worksheet")}),
        ["不安全的 XML"],
    ),
    (
        "external entity in styles",
        lambda: rezip(
            good(),
            {
                "xl/styles.xml": b'<?xml version="1.0"?><!DOCTYPE s [<!ENTITY x SYSTEM "file:///etc/passwd">]>'
                b'<styleSheet xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/main">&x;</styleSheet>'
            },
        ),
        ["不安全的 XML"],
    ),
    (
        "garbage sheet XML",
        lambda: rezip(good(), {"xl/worksheets/sheet2.xml": b"<worksheet><sheetData><row"}),
        ["已损坏"],
    ),
    ("100,000-row sheet", hundred_thousand_rows, ["工作表“三、依申请公开”", "远超年度报告所需"]),
    ("somebody else's workbook", not_ours, ["不是本程序导出的工作簿", "对照表"]),
    (
        "section sheet deleted",
        lambda: edited(lambda wb: wb.remove(wb["四、复议诉讼"])),
        ["缺少工作表“四、复议诉讼”"],
    ),
    (
        "section sheet renamed",
        lambda: edited(lambda wb: setattr(wb[THREE], "title", "Sheet3")),
        ["缺少工作表“三、依申请公开”"],
    ),
    ("unknown form in giapp sheet", lambda: set_meta("form", json.dumps("gov-1999")), ["gov-1999", "不认识"]),
    ("tampered giapp sheet", lambda: set_meta("agency", "{"), ["“agency”一项已被改动"]),
    ("bad year in giapp sheet", lambda: set_meta("year", json.dumps("二〇二一")), ["年度", "2000 至 2100"]),
    (
        "rows inserted",
        lambda: edited(lambda wb: wb[THREE].insert_rows(8)),
        ["单元格 A8 应为“三、本年度办理结果”", "插入"],
    ),
    ("text in a count cell", lambda: set_cell(THREE, "D6", "三件"), [D6, "不是数字"]),
    ("negative count", lambda: set_cell(THREE, "D6", -3), [D6, "负数"]),
    ("formula in an input cell", lambda: set_cell(THREE, "D6", "=1+2"), [D6, "是公式"]),
    ("decimal in a count cell", lambda: set_cell(THREE, "D6", 2.5), [D6, "有小数"]),
    ("number too large", lambda: set_cell(THREE, "D6", 10**10), [D6, "太大了"]),
    ("date in a count cell", lambda: set_cell(THREE, "D6", datetime(2021, 3, 1)), [D6, "日期"]),
    ("TRUE in a count cell", lambda: set_cell(THREE, "D6", True), [D6, "是/否"]),
    ("negative money", lambda: set_cell("二、主动公开", "B16", -1.5), ["单元格 B16", "金额不能为负数"]),
    ("text in a total", lambda: set_cell(THREE, "J6", "见附表"), ["单元格 J6", "不是数字"]),
]


@pytest.mark.parametrize(("case", "build", "fragments"), CATALOGUE, ids=[c[0] for c in CATALOGUE])
def test_hostile_workbook_is_refused_with_a_chinese_message_and_nothing_written(
    tmp_path, case, build, fragments
):
    path = tmp_path / "来件.xlsx"
    path.write_bytes(build())
    before = sorted(tmp_path.iterdir())
    with pytest.raises(WorkbookError) as caught:
        read_workbook(path, FORMS)
    message = str(caught.value)
    for fragment in fragments:
        assert fragment in message
    assert any("\u4e00" <= ch <= "\u9fff" for ch in message)
    assert sorted(tmp_path.iterdir()) == before


def test_catalogue_is_at_least_fifteen_files():
    assert len(CATALOGUE) >= 15


@pytest.mark.parametrize(("case", "build", "fragments"), CATALOGUE[::3], ids=[c[0] for c in CATALOGUE[::3]])
def test_cli_check_refuses_hostile_workbooks_with_exit_2_and_no_traceback(
    tmp_path, capsys, case, build, fragments
):
    path = tmp_path / "来件.xlsx"
    path.write_bytes(build())
    assert main(["check", str(path)]) == 2
    err = capsys.readouterr().err
    assert err.startswith("giapp：") and fragments[0] in err and "Traceback" not in err


def test_missing_file_and_folder_are_refused(tmp_path):
    with pytest.raises(WorkbookError, match="找不到文件"):
        read_workbook(tmp_path / "没有.xlsx", FORMS)
    folder = tmp_path / "文件夹.xlsx"
    folder.mkdir()
    with pytest.raises(WorkbookError, match="是文件夹"):
        read_workbook(folder, FORMS)


def test_a_number_typed_as_text_is_accepted_like_a_typed_number(tmp_path):
    path = tmp_path / "r.xlsx"
    path.write_bytes(set_cell(THREE, "D6", " 40 "))
    assert read_workbook(path, FORMS)[1].values["applications.new.natural"] == 40


def test_workbook_refilled_and_saved_by_openpyxl_still_imports(tmp_path):
    path = tmp_path / "r.xlsx"
    path.write_bytes(set_cell(THREE, "E6", 6))
    _, report, findings = read_workbook(path, FORMS)
    assert report.values["applications.new.commercial"] == 6
    assert report.entered_totals["applications.new.total"] == 49  # our SUM formula, recomputed
    # the balance breaks, and the 总体情况 text still quotes 48 received, 8 from organisations
    assert [f.rule for f in findings] == ["S1", "N1", "N1"]
    assert {f.found for f in findings if f.rule == "N1"} == {"48", "8"}


def test_openpyxl_parses_untrusted_xml_with_defusedxml():
    from openpyxl.xml import DEFUSEDXML, functions

    assert DEFUSEDXML
    assert functions.iterparse.__module__.startswith("defusedxml")
    assert functions.fromstring.__module__.startswith("defusedxml")


def test_refusal_reads_only_the_file_given(tmp_path):
    path: Path = tmp_path / "r.xlsx"
    path.write_bytes(b"PK\x05\x06" + bytes(18))  # an empty zip: no workbook inside
    with pytest.raises(WorkbookError, match="不是 Excel 工作簿"):
        read_workbook(path, FORMS)


@pytest.mark.parametrize(
    ("key", "value", "says"),
    [("form", ["gov-2021"], "本程序不认识"), ("units", {"fees.amount": ["x"]}, "units")],
)
def test_a_tampered_giapp_sheet_is_refused_not_a_crash(tmp_path, key, value, says):
    import json

    import openpyxl

    from giapp.examples import example_report
    from giapp.exchange.xlsx import write_workbook

    spec, report = example_report("gov-2021")
    path = tmp_path / "改过.xlsx"
    write_workbook(path, spec, report)
    wb = openpyxl.load_workbook(path)
    ws = wb["giapp"]
    cells = [c for row in ws.iter_rows() for c in row if c.value == key]
    assert cells, f"the giapp sheet has a row for {key}"
    ws.cell(cells[0].row, cells[0].column + 1).value = json.dumps(value)
    wb.save(path)
    with pytest.raises(WorkbookError, match=says):
        read_workbook(path, FORMS)
