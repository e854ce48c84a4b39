"""The fast workbook reader gives exactly what openpyxl gives, or steps aside and lets openpyxl read the file."""

from __future__ import annotations

import io
import zipfile
from datetime import datetime
from decimal import Decimal
from pathlib import Path

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from openpyxl import load_workbook
from test_xlsx_hostile import CATALOGUE, THREE, edited, good, lol_bomb, rezip
from test_xlsx_libreoffice import SOFFICE, soffice
from test_xlsx_roundtrip import reports

from giapp.catalog import all_forms
from giapp.core.report import Report
from giapp.core.rules import check
from giapp.examples import example_report
from giapp.exchange.xlsx import WorkbookError, read_workbook, workbook_bytes
from giapp.exchange.xlsx_fast import FastBook, Unsupported, xml_part
from giapp.exchange.xlsx_layout import build_layout
from giapp.exchange.xlsx_read import read_fast, read_openpyxl

FORMS = all_forms()
FIELDS = (
    "form_id",
    "agency",
    "year",
    "date",
    "values",
    "entered_totals",
    "texts",
    "units",
    "notes",
    "carried",
)


def outcome(read, path: Path):
    """What a reader makes of a file: the report's fields and findings, or the refusal's message."""
    try:
        spec, report = read(path, FORMS)
    except WorkbookError as e:
        return "refused", str(e)
    fields = {f: getattr(report, f) for f in FIELDS}
    types = {
        k: type(v) for k, v in report.values.items()
    }  # 3 and Decimal("3") are ==, but not the same value
    return spec.id, fields, types, check(spec, report)


def public(path: Path, forms):
    spec, report, findings = read_workbook(path, forms)
    assert findings == check(spec, report)
    return spec, report


def assert_same_reading(path: Path) -> None:
    """The fast reader either reads the file exactly as openpyxl does, or refuses to read it at all."""
    reference = outcome(read_openpyxl, path)
    try:
        fast = outcome(read_fast, path)
    except Exception:  # stepped aside: read_workbook then gives openpyxl's reading
        fast = None
    if fast is not None and fast[0] != "refused":
        assert fast == reference
    assert outcome(public, path) == reference


def _written(tmp_path: Path, spec, report: Report) -> Path:
    path = tmp_path / "r.xlsx"
    path.write_bytes(workbook_bytes(spec, report, exported_at=datetime(2024, 1, 20, 9, 30)))
    return path


@pytest.mark.parametrize("form_id", ["gov-2019", "gov-2021"])
def test_random_reports_read_identically_by_both_readers(form_id, tmp_path_factory):
    spec = FORMS[form_id]

    @settings(max_examples=25, deadline=None, suppress_health_check=[HealthCheck.too_slow])
    @given(reports(spec))
    def run(report):
        path = _written(tmp_path_factory.mktemp("fast"), spec, report)
        spec_fast, fast = read_fast(path, FORMS)  # giapp's own workbooks never need openpyxl
        assert outcome(read_fast, path) == outcome(read_openpyxl, path)
        assert (fast.values, fast.agency, fast.texts) == (
            report.values,
            report.agency,
            {k: v for k, v in report.texts.items() if v},
        )

    run()


# Raw values a clerk (or a program) may put into cells: what openpyxl writes for each becomes the test input.
RAW = st.one_of(
    st.none(),
    st.integers(-(10**12), 10**12),
    st.floats(allow_nan=True, allow_infinity=True),
    st.booleans(),
    st.text(st.characters(codec="utf-8", exclude_categories=["Cs", "Cc"]), max_size=12),
    st.sampled_from(["=1+2", "=SUM(D6:I6)", " 40 ", "4068.208", "x005F_1", "#N/A", "=D6"]),
    st.datetimes(datetime(1990, 1, 1), datetime(2100, 1, 1)),
)


def test_cells_filled_with_anything_read_identically(tmp_path_factory):
    """Input cells and totals overwritten in a spreadsheet program: the same values, or the same refusal."""
    spec, report = example_report("gov-2021")
    base = workbook_bytes(spec, report)
    cells = st.sampled_from(["D6", "E6", "J6", "D7", "J30", "D30", "I28", "A8"])

    @settings(max_examples=40, deadline=None, suppress_health_check=[HealthCheck.too_slow])
    @given(st.dictionaries(cells, RAW, min_size=1, max_size=3))
    def run(changes):
        wb = load_workbook(io.BytesIO(base))
        for coordinate, value in changes.items():
            wb[THREE][coordinate].value = value
        path = tmp_path_factory.mktemp("any") / "r.xlsx"
        wb.save(path)
        assert_same_reading(path)

    run()


@pytest.mark.parametrize(("case", "build", "fragments"), CATALOGUE, ids=[c[0] for c in CATALOGUE])
def test_the_fast_reader_never_accepts_a_hostile_workbook(tmp_path, case, build, fragments):
    path = tmp_path / "来件.xlsx"
    path.write_bytes(build())
    with pytest.raises(Exception):  # noqa: B017 — refusal or stepping aside; read_workbook then says why
        read_fast(path, FORMS)
    with pytest.raises(WorkbookError) as caught:
        read_workbook(path, FORMS)
    assert ("refused", str(caught.value)) == outcome(read_openpyxl, path)
    for fragment in fragments:
        assert fragment in str(caught.value)


@pytest.mark.parametrize(
    "body",
    [
        lol_bomb("worksheet"),
        b'<?xml version="1.0"?><!DOCTYPE w [<!ENTITY x SYSTEM "file:///etc/passwd">]><w>&x;</w>',
        b'<?xml version="1.0"?><!DOCTYPE w SYSTEM "http://example.invalid/w.dtd"><w/>',
        '<?xml version="1.0" encoding="UTF-16"?><!DOCTYPE w [<!ENTITY a "b">]><w>&a;</w>'.encode("utf-16"),
        '<!DOCTYPE w [<!ENTITY a "b">]><w>&a;</w>'.encode("utf-16-le"),  # no BOM: expat would guess it
        b'<?xml version="1.0" encoding="ISO-8859-1"?><w/>',
        b"<w><!-- a comment --></w>",
    ],
)
def test_the_fast_reader_parses_no_dtd_and_only_utf8(body):
    buf = io.BytesIO()
    with zipfile.ZipFile(buf, "w") as z:
        z.writestr("x.xml", body)
    with zipfile.ZipFile(buf) as z, pytest.raises(Unsupported):
        xml_part(z, "x.xml")


@pytest.mark.parametrize("part", ["docProps/core.xml", "xl/_rels/workbook.xml.rels", "[Content_Types].xml"])
def test_xml_bombs_in_other_parts_are_still_refused_as_unsafe(tmp_path, part):
    path = tmp_path / "r.xlsx"
    path.write_bytes(rezip(good(), {part: lol_bomb("x")}))
    with pytest.raises(WorkbookError, match="不安全的 XML"):
        read_workbook(path, FORMS)


def _styled_date() -> bytes:
    def change(wb):
        cell = wb[THREE]["D6"]
        cell.value = 45000
        cell.number_format = "yyyy-mm-dd"

    return edited(change)


def _date_as_default_style() -> bytes:
    """A number without a style attribute, in a workbook whose default cell style (0) is a date format."""
    data = good()
    z = zipfile.ZipFile(io.BytesIO(data))
    styles = z.read("xl/styles.xml").replace(
        b'<cellXfs count="9"><xf numFmtId="0"', b'<cellXfs count="9"><xf numFmtId="14"'
    )
    sheet = z.read("xl/worksheets/sheet2.xml").replace(b'<c r="D6" s="6" t="n">', b'<c r="D6" t="n">')
    return rezip(data, {"xl/styles.xml": styles, "xl/worksheets/sheet2.xml": sheet})


def _shared_formula() -> bytes:
    data = good()
    sheet = zipfile.ZipFile(io.BytesIO(data)).read("xl/worksheets/sheet2.xml")
    sheet = sheet.replace(b"<f>SUM(D6:I6)</f>", b'<f t="shared" ref="J6" si="0">SUM(D6:I6)</f>', 1)
    return rezip(data, {"xl/worksheets/sheet2.xml": sheet})


def _with_comment_part() -> bytes:
    return rezip(good(), add={"xl/comments1.xml": b"<comments/>"})


def _rows_swapped() -> bytes:
    data = good()
    sheet = zipfile.ZipFile(io.BytesIO(data)).read("xl/worksheets/sheet2.xml").decode()
    six_start = sheet.index('<row r="6"')
    seven_start = sheet.index('<row r="7"')
    eight_start = sheet.index('<row r="8"')
    swapped = (
        sheet[:six_start]
        + sheet[seven_start:eight_start]
        + sheet[six_start:seven_start]
        + sheet[eight_start:]
    )
    return rezip(data, {"xl/worksheets/sheet2.xml": swapped.encode()})


@pytest.mark.parametrize(
    ("case", "build"),
    [
        ("number with a date format", _styled_date),
        ("number in the default style, a date format", _date_as_default_style),
        ("shared formula", _shared_formula),
        ("part the fast reader does not know", _with_comment_part),
        ("rows out of order", _rows_swapped),
    ],
)
def test_what_the_fast_reader_does_not_understand_goes_to_openpyxl(tmp_path, case, build):
    path = tmp_path / "r.xlsx"
    path.write_bytes(build())
    with pytest.raises(Unsupported):
        FastBook(path).rows(THREE, 30, 10)
    assert_same_reading(path)


def test_a_workbook_with_a_file_name_openpyxl_refuses_is_refused_alike(tmp_path):
    path = tmp_path / "r.zip"
    path.write_bytes(good())
    with pytest.raises(Unsupported):
        FastBook(path)
    with pytest.raises(WorkbookError) as caught:
        read_workbook(path, FORMS)
    assert str(caught.value) == outcome(read_openpyxl, path)[1]


def test_money_typed_as_text_and_totals_typed_over_read_identically(tmp_path):
    def change(wb):
        wb["二、主动公开"]["B16"].value = " 12.5 "
        wb[THREE]["J6"].value = 999  # a number over our SUM: an entered total
        wb[THREE]["J7"].value = "=D7+E7"  # someone else's formula: its cached value (none here) is read

    path = tmp_path / "r.xlsx"
    path.write_bytes(edited(change))
    spec, report = read_fast(path, FORMS)
    layout = build_layout(spec, report.units)
    b16 = next(
        k for k, (sheet, r, c) in layout.place.items() if (sheet.name, r, c) == ("二、主动公开", 16, 2)
    )
    assert report.values[b16] == Decimal("12.5")
    assert report.entered_totals["applications.new.total"] == 999
    assert_same_reading(path)


@pytest.mark.slow
@pytest.mark.skipif(SOFFICE is None, reason="LibreOffice (soffice) is not installed on this machine")
@pytest.mark.parametrize("form_id", ["gov-2019", "gov-2021"])
def test_a_workbook_saved_again_by_libreoffice_reads_identically_and_fast(tmp_path, form_id):
    spec, report = example_report(form_id)

    def change(wb):  # a total typed over and another replaced by a foreign formula, as clerks do
        first = wb[THREE]
        totals = [
            c for row in first.iter_rows() for c in row if isinstance(c.value, str) and "SUM" in c.value
        ]
        totals[0].value = 7
        totals[-1].value = totals[-1].value.replace("SUM(", "0+SUM(")

    src = tmp_path / "book.xlsx"
    wb = load_workbook(io.BytesIO(workbook_bytes(spec, report)))
    change(wb)
    wb.save(src)
    out = tmp_path / "saved"
    out.mkdir()
    soffice(tmp_path, "xlsx:Calc MS Excel 2007 XML", src, out)
    resaved = out / "book.xlsx"
    assert b"LibreOffice" in zipfile.ZipFile(resaved).read("docProps/app.xml")
    spec_fast, fast = read_fast(resaved, FORMS)  # LibreOffice's shared strings and rich text: still fast
    assert outcome(read_fast, resaved) == outcome(read_openpyxl, resaved) == outcome(public, resaved)
    assert fast.values == report.values and fast.texts == report.texts
    assert 7 in fast.entered_totals.values()


def test_the_giapp_sheet_is_read_down_to_its_declared_dimension_as_openpyxl_does(tmp_path):
    """Rows past the <dimension> of the hidden sheet are not read; blank rows up to it count as rows."""
    data = good()
    meta = zipfile.ZipFile(io.BytesIO(data)).read("xl/worksheets/sheet4.xml").decode()
    far = '<row r="2600"><c r="A2600" t="inlineStr"><is><t>agency</t></is></c></row></sheetData>'
    for dimension in ("A1:C20", "A1:C2500", "A1:C5"):
        body = meta.replace('<dimension ref="A1:C20" />', f'<dimension ref="{dimension}" />')
        path = tmp_path / f"{dimension.replace(':', '-')}.xlsx"
        path.write_bytes(
            rezip(data, {"xl/worksheets/sheet4.xml": body.replace("</sheetData>", far).encode()})
        )
        assert_same_reading(path)
