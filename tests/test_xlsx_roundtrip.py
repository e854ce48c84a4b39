"""A report exported to a workbook comes back identical: values, blanks, money, metadata, texts."""

from __future__ import annotations

import io
import shutil
from datetime import date
from decimal import Decimal
from pathlib import Path

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from openpyxl import load_workbook

from giapp.catalog import all_forms
from giapp.cli import main
from giapp.core.formspec import FormSpec
from giapp.core.report import Report, compute
from giapp.core.text import clean_line, clean_text
from giapp.core.values import MAX_VALUE, format_value
from giapp.examples import example_report
from giapp.exchange.reportfile import write_report_file
from giapp.exchange.xlsx import WorkbookError, read_workbook, workbook_bytes, write_workbook
from giapp.exchange.xlsx_layout import build_layout, ref
from giapp.paths import resource

FORMS = all_forms()
TEMPLATE = resource("templates", "example-province-gov-2021.xlsx")
MAPPING = resource("templates", "example-province-gov-2021.toml")
TEXT = st.text(st.characters(codec="utf-8", exclude_categories=["Cs"]), max_size=60)


def _value(kind: str):
    blank_or_zero = st.sampled_from([None, Decimal(0) if kind == "money" else 0])
    if kind == "count":
        return st.one_of(blank_or_zero, st.integers(0, MAX_VALUE))
    if kind == "signed":
        return st.one_of(blank_or_zero, st.integers(-MAX_VALUE, MAX_VALUE))
    money = st.builds(
        lambda whole, frac, places: Decimal(whole) + Decimal(frac).scaleb(-places) % 1,
        st.integers(0, MAX_VALUE - 1),
        st.integers(0, 999_999),
        st.integers(1, 6),
    )
    return st.one_of(blank_or_zero, money)


@st.composite
def reports(draw, spec: FormSpec) -> Report:
    report = Report(
        spec.id,
        agency=clean_line(draw(TEXT)),
        year=draw(st.sampled_from([0, spec.years[0], min(spec.years[1], 2100)])),
        date=draw(st.one_of(st.just(""), st.dates(date(2000, 1, 1), date(2100, 12, 31)).map(str))),
    )
    for key in spec.input_keys:
        v = draw(_value(spec.cells[key].kind))
        if v is not None:
            report.values[key] = v
    for sec in spec.sections:
        if not sec.tables and draw(st.booleans()):
            report.texts[sec.id] = clean_text(draw(TEXT))
    for t in spec.tables.values():
        for c in t.columns:
            if len(c.units) > 1:
                report.units[f"{t.id}.{c.id}"] = draw(st.sampled_from(c.units))
    report.notes = draw(st.dictionaries(st.sampled_from(["S1:x", "X3:y"]), TEXT.map(clean_text), max_size=2))
    return report


def _exported_and_read(tmp_path: Path, spec: FormSpec, report: Report) -> Report:
    path = tmp_path / "r.xlsx"
    path.write_bytes(workbook_bytes(spec, report))
    spec2, back, _ = read_workbook(path, FORMS)
    assert spec2 is spec
    return back


def _same(a: Report, b: Report) -> None:
    assert b.values == a.values
    assert {k: format_value(v) for k, v in b.values.items()} == {
        k: format_value(v) for k, v in a.values.items()
    }
    assert {k: type(v) for k, v in b.values.items()} == {k: type(v) for k, v in a.values.items()}
    assert (b.form_id, b.agency, b.year, b.date) == (a.form_id, a.agency, a.year, a.date)
    assert b.texts == {k: v for k, v in a.texts.items() if v}
    assert (b.units, b.notes) == (a.units, a.notes)


@pytest.mark.parametrize("form_id", ["gov-2019", "gov-2021"])
def test_random_reports_survive_the_round_trip(form_id, tmp_path_factory):
    spec = FORMS[form_id]

    @settings(max_examples=20, deadline=None, suppress_health_check=[HealthCheck.too_slow])
    @given(reports(spec))
    def run(report):
        back = _exported_and_read(tmp_path_factory.mktemp("rt"), spec, report)
        _same(report, back)
        assert back.entered_totals == {
            k: v for k, v in compute(spec, report.values).items() if k in dict(spec.derived)
        }

    run()


def test_long_texts_pasted_from_word_keep_their_lines_and_lose_invisible_controls(tmp_path, spec21):
    report = Report(
        "gov-2021", "某局\x0b", 2021, texts={"overview": "第一段\r\n\t第二段\x07\x0b" + "很长" * 40_000}
    )
    back = _exported_and_read(tmp_path, spec21, report)
    assert back.agency == "某局"
    assert back.texts == {"overview": "第一段\n\t第二段\n" + "很长" * 40_000}


def test_example_reports_round_trip_with_their_carry_over(tmp_path):
    for form_id in FORMS:
        spec, report = example_report(form_id)
        report.carried = {"applications.carried.natural": 3}
        report.carried_from = "上年报告.giapp.json"
        back = _exported_and_read(tmp_path, spec, report)
        _same(report, back)
        assert (back.carried, back.carried_from) == (report.carried, report.carried_from)


def test_a_total_typed_over_in_excel_is_read_as_entered_and_checked(tmp_path, spec21):
    spec, report = example_report("gov-2021")
    path = tmp_path / "r.xlsx"
    path.write_bytes(workbook_bytes(spec, report))
    wb = load_workbook(path)
    _, r, c = build_layout(spec).place["applications.new.total"]
    wb["三、依申请公开"].cell(r, c).value = 47  # a colleague lifted the protection and typed a number
    wb.save(path)
    _, back, findings = read_workbook(path, FORMS)
    assert back.entered_totals["applications.new.total"] == 47
    assert [(f.rule, f.row, f.expected, f.found) for f in findings] == [
        ("I1", "一、本年新收政府信息公开申请数量", "48", "47")
    ]


def test_a_foreign_formula_in_a_total_is_read_from_the_cached_value(tmp_path, spec21):
    spec, report = example_report("gov-2021")
    layout = build_layout(spec)
    _, r, c = layout.place["applications.new.total"]
    path = tmp_path / "r.xlsx"
    path.write_bytes(workbook_bytes(spec, report))
    # as Excel would save it: another formula, with the value it showed
    data = path.read_bytes()
    from giapp.exchange.xlsx_write import add_cached_values

    wb = load_workbook(io.BytesIO(data))
    wb["三、依申请公开"].cell(r, c).value = "=D6+E6"
    buf = io.BytesIO()
    wb.save(buf)
    path.write_bytes(add_cached_values(buf.getvalue(), {"三、依申请公开": {ref(r, c): 45}}))
    _, back, findings = read_workbook(path, FORMS)
    assert back.entered_totals["applications.new.total"] == 45
    assert [(f.rule, f.expected, f.found) for f in findings] == [("I1", "48", "45")]


def test_office_template_is_filled_without_touching_its_formatting_and_reads_back(tmp_path):
    spec, report = example_report("gov-2021")
    out = tmp_path / "报送.xlsx"
    write_workbook(out, spec, report, template=TEMPLATE, mapping=MAPPING)
    before, after = load_workbook(TEMPLATE), load_workbook(out)
    ws0, ws1 = before["报送表"], after["报送表"]
    f0, f1 = ws0["A1"].font, ws1["A1"].font
    assert ws1["A1"].value == ws0["A1"].value
    assert (f1.name, f1.sz, f1.color.rgb) == (f0.name, f0.sz, f0.color.rgb) == ("黑体", 16, "001F497D")
    assert ws1["D5"].fill.fgColor.rgb == ws0["D5"].fill.fgColor.rgb == "FFDCE6F1"
    assert ws1.column_dimensions["C"].width == ws0.column_dimensions["C"].width
    assert {str(r) for r in ws1.merged_cells.ranges} == {str(r) for r in ws0.merged_cells.ranges}
    assert ws1["C2"].value == "示例县人民政府办公室" and ws1["C3"].value == 2023
    total_cell = next(
        c for row in ws1.iter_rows(min_col=4, max_col=4) for c in row if str(c.value).startswith("=SUM")
    )
    assert total_cell.value == ws0[total_cell.coordinate].value  # the office's own formula stays
    shown = load_workbook(out, data_only=True)["报送表"]
    assert isinstance(shown[total_cell.coordinate].value, int)  # …with the total it shows cached
    spec2, back, findings = read_workbook(out, FORMS, mapping=MAPPING)
    _same(report, back)
    assert findings == []
    assert back.entered_totals == {
        k: v for k, v in compute(spec, report.values).items() if k in dict(spec.derived)
    }


def test_mapping_for_another_form_or_a_missing_sheet_is_refused(tmp_path, spec19):
    spec, report = example_report("gov-2019")
    with pytest.raises(WorkbookError, match="是为表式“gov-2021”写的"):
        write_workbook(tmp_path / "x.xlsx", spec, report, template=TEMPLATE, mapping=MAPPING)
    bad = tmp_path / "m.toml"
    bad.write_text(MAPPING.read_text(encoding="utf-8").replace("报送表!D6", "汇总表!D6"), encoding="utf-8")
    spec21, report21 = example_report("gov-2021")
    with pytest.raises(WorkbookError, match="没有对照表“m.toml”所写的工作表“汇总表”"):
        write_workbook(tmp_path / "x.xlsx", spec21, report21, template=TEMPLATE, mapping=bad)
    bad.write_text(
        'form = "gov-2021"\n[cells]\n"applications.nope.natural" = "报送表!D6"\n', encoding="utf-8"
    )
    with pytest.raises(WorkbookError, match="不是表式 gov-2021 的单元格"):
        write_workbook(tmp_path / "x.xlsx", spec21, report21, template=TEMPLATE, mapping=bad)
    bad.write_text(
        MAPPING.read_text(encoding="utf-8").replace(
            '"rule_docs.regulations.repealed" = "报送表!D7"', '"rule_docs.regulations.repealed" = "报送表!D6"'
        ),
        encoding="utf-8",
    )
    with pytest.raises(WorkbookError, match="都填到了同一格"):
        write_workbook(tmp_path / "x.xlsx", spec21, report21, template=TEMPLATE, mapping=bad)
    with pytest.raises(WorkbookError, match="都填到了同一格"):
        read_workbook(TEMPLATE, FORMS, mapping=bad)
    assert sorted(p.name for p in tmp_path.iterdir()) == ["m.toml"]


def test_the_committed_example_template_matches_its_generator(tmp_path):
    script = resource("templates", "make_example_template.py")
    copy = tmp_path / "templates"
    copy.mkdir()
    shutil.copy(script, copy)
    text = script.read_text(encoding="utf-8").replace(
        "sys.path.insert(0, str(HERE.parent.parent))", f"sys.path.insert(0, {str(script.parents[2])!r})"
    )
    (copy / script.name).write_text(text, encoding="utf-8")
    import runpy

    runpy.run_path(str(copy / script.name), run_name="__main__")
    assert (copy / MAPPING.name).read_text(encoding="utf-8") == MAPPING.read_text(encoding="utf-8")
    fresh, committed = load_workbook(copy / TEMPLATE.name), load_workbook(TEMPLATE)
    assert fresh.sheetnames == committed.sheetnames
    for a, b in zip(fresh.worksheets, committed.worksheets, strict=True):
        assert [[c.value for c in r] for r in a.iter_rows()] == [[c.value for c in r] for r in b.iter_rows()]


# ---------------------------------------------------------------- CLI


def report_file(tmp_path: Path, form_id: str) -> tuple[Path, Report]:
    spec, report = example_report(form_id)
    src = tmp_path / "r.giapp.json"
    write_report_file(src, spec, report)
    return src, report


def test_cli_export_writes_a_workbook_that_check_accepts(tmp_path, capsys):
    src, report = report_file(tmp_path, "gov-2021")
    out = tmp_path / "r.xlsx"
    assert main(["export", str(src), "-o", str(out)]) == 0
    assert main(["check", str(out)]) == 0
    assert "检查通过" in capsys.readouterr().out


def test_cli_export_refuses_a_report_with_errors_unless_forced(tmp_path, capsys):
    src, report = report_file(tmp_path, "gov-2019")
    out = tmp_path / "r.xlsx"
    assert main(["export", str(src), "-o", str(out)]) == 1
    assert "个错误，没有导出" in capsys.readouterr().err
    assert not out.exists()
    assert main(["export", str(src), "-o", str(out), "--force"]) == 0
    assert main(["check", str(out)]) == 1
    assert "[错误 S1]" in capsys.readouterr().out


def test_cli_export_through_the_office_template(tmp_path):
    src, report = report_file(tmp_path, "gov-2021")
    out = tmp_path / "out.xlsx"
    args = ["export", str(src), "-o", str(out), "--template", str(TEMPLATE), "--mapping", str(MAPPING)]
    assert main(args) == 0
    assert read_workbook(out, FORMS, mapping=MAPPING)[1].values == report.values


def test_cli_check_on_a_damaged_workbook_exits_2_with_a_chinese_line(tmp_path, capsys):
    bad = tmp_path / "坏.xlsx"
    bad.write_bytes(b"PK\x03\x04 not really")
    assert main(["check", str(bad)]) == 2
    err = capsys.readouterr().err
    assert "已损坏" in err and "Traceback" not in err


def test_cli_export_unknown_suffix_and_half_template_options(tmp_path, capsys):
    src, report = report_file(tmp_path, "gov-2021")
    assert main(["export", str(src), "-o", str(tmp_path / "r.docx")]) == 2
    assert main(["export", str(src), "-o", str(tmp_path / "r.xlsx"), "--template", str(TEMPLATE)]) == 2
    err = capsys.readouterr().err
    assert "写成 .pdf、.xlsx 之一" in err and "--template 和 --mapping 要一起使用" in err
