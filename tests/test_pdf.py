"""The printed report: every label, number and paragraph is in the PDF, on A4, with embedded fonts."""

from __future__ import annotations

import re
from datetime import datetime
from decimal import Decimal

import pytest
from pdf_helpers import fonts_of, no_space, page_texts, read, row_values, squeeze, whole_text

from giapp.core.report import Report, fingerprint
from giapp.examples import example_report
from giapp.exchange.pdf import PdfError, pdf_bytes, signing_date, write_pdf

EXPORTED = datetime(2024, 1, 25, 9, 30)


@pytest.fixture(params=["gov-2019", "gov-2021"])
def example(request):
    return example_report(request.param)


@pytest.fixture
def exported(example):
    spec, report = example
    return spec, report, pdf_bytes(spec, report, exported_at=EXPORTED)


def all_labels(spec) -> set[str]:
    labels = {s.heading for s in spec.sections if s.heading}
    for t in spec.tables.values():
        labels.update(h.text for h in t.header if h.text)
        labels.update(lab for r in t.rows for lab in r.labels)
        if t.heading:
            labels.add(t.heading)
    return labels


def test_every_label_of_every_table_is_printed(exported):
    spec, _report, data = exported
    text = no_space(whole_text(data))
    missing = [lab for lab in sorted(all_labels(spec)) if no_space(lab) not in text]
    assert not missing


def test_every_row_prints_its_label_then_its_numbers(exported):
    spec, report, data = exported
    text = whole_text(data)
    for t in spec.tables.values():
        for row in t.rows:
            numbers = " ".join(row_values(spec, report, t.id, row.id))
            assert f"{no_space(row.label)}{numbers}" in text, (t.id, row.id, numbers)


def test_every_narrative_paragraph_is_printed(exported):
    spec, report, data = exported
    text = no_space(whole_text(data))
    for section in spec.sections:
        for line in report.texts.get(section.id, "").splitlines():
            assert no_space(line) in text, line[:30]


def test_title_and_signature(exported):
    spec, report, data = exported
    first = no_space(page_texts(data)[0])
    assert no_space(report.title) in first
    last = no_space(page_texts(data)[-1])
    assert last.endswith(no_space(report.agency + signing_date(report.date))) or (
        no_space(report.agency + signing_date(report.date)) in last
    )


def test_pages_are_a4_and_numbered_consecutively(exported):
    _spec, _report, data = exported
    pages = read(data).pages
    assert len(pages) >= 3
    for p in pages:
        assert (round(float(p.mediabox.width)), round(float(p.mediabox.height))) == (595, 842)
    numbers = [int(m.group(1)) for t in page_texts(data) for m in [re.search(r"—\s*(\d+)\s*—", t)] if m]
    assert numbers == list(range(1, len(pages) + 1))


def test_every_font_is_an_embedded_truetype_subset(exported):
    _spec, _report, data = exported
    fonts = fonts_of(data)
    assert fonts
    for f in fonts:
        assert f["/Subtype"] == "/TrueType", f["/BaseFont"]  # never a CID font, never a standard Type1
        assert "/FontFile2" in f["/FontDescriptor"], f["/BaseFont"]
        assert re.match(r"/[A-Z]{6}\+", f["/BaseFont"]), f["/BaseFont"]  # subset


def test_fingerprint_and_export_time_on_every_page(exported):
    spec, report, data = exported
    expected = fingerprint(spec, report)
    for t in page_texts(data):
        m = re.search(r"文档指纹\s*([0-9A-F-]+)\s*导出时间\s*2024-01-25 09:30", t)
        assert m and m.group(1) == expected


def test_same_report_and_time_give_the_same_bytes(example):
    spec, report = example
    assert pdf_bytes(spec, report, exported_at=EXPORTED) == pdf_bytes(spec, report, exported_at=EXPORTED)


def test_sample_report_prints_recomputed_totals_and_the_totals_it_was_filed_with():
    spec, report = example_report("gov-2019")
    text = whole_text(pdf_bytes(spec, report, exported_at=EXPORTED))
    # as printed in 2020: 一 总计 0 (should be 3), （七）总计 自然人 0 (should be 5), both printed with a mark
    assert "一、本年新收政府信息公开申请数量3 0 0 0 0 0 3*" in text
    assert "（七）总计5* 0 0 0 0 0 5*" in text
    note = no_space(text)
    assert "导入文件中所填为：" in note
    assert "一、本年新收政府信息公开申请数量/总计0" in note
    assert "（七）总计/自然人0" in note
    # the rows it got right print without a mark
    partial = "（二）部分公开（区分处理的，只计这一情形，不计其他情形）3 0 0 0 0 0 3"
    assert partial in text and partial + "*" not in text


def test_blank_cells_print_as_zero(spec21):
    report = Report("gov-2021", "某某局", 2023, "2024-01-20")
    text = whole_text(pdf_bytes(spec21, report, exported_at=EXPORTED))
    assert "一、本年新收政府信息公开申请数量0 0 0 0 0 0 0" in text
    assert "行政事业性收费0" in text
    assert "2024年1月20日" in text


def test_money_header_shows_the_chosen_unit(spec19):
    report = Report("gov-2019", "某某局", 2020, "", units={"procurement.amount": "元"})
    report.values["procurement.central.amount"] = Decimal("12345.5")
    text = no_space(whole_text(pdf_bytes(spec19, report, exported_at=EXPORTED)))
    assert "采购总金额（单位：元）" in text
    assert "12345.5" in text


def test_money_header_does_not_repeat_a_unit_already_in_its_label(spec21):
    report = Report("gov-2021", "某某局", 2023, "")
    text = no_space(whole_text(pdf_bytes(spec21, report, exported_at=EXPORTED)))
    assert text.count("（单位：万元）") == 1


def test_nine_digit_numbers_fit_their_cells(spec21):
    report = Report("gov-2021", "某某局", 2023, "")
    for key in spec21.input_keys:
        report.values[key] = Decimal("999999999.1234") if spec21.cells[key].kind == "money" else 999_999_999
    text = whole_text(pdf_bytes(spec21, report, exported_at=EXPORTED))
    assert "一、本年新收政府信息公开申请数量" + " ".join(["999999999"] * 6 + ["5999999994"]) in text
    assert "999999999.1234" in text


def test_date_is_written_in_chinese_and_left_blank_to_fill_by_hand():
    assert signing_date("2024-01-20") == "2024年1月20日"
    assert signing_date("") == "　　　　年　　月　　日"
    assert signing_date("2024年1月") == "2024年1月"


def test_write_pdf_writes_the_file(tmp_path, example):
    spec, report = example
    out = tmp_path / "报告.pdf"
    write_pdf(out, spec, report, exported_at=EXPORTED)
    assert out.read_bytes() == pdf_bytes(spec, report, exported_at=EXPORTED)


def test_write_pdf_into_a_missing_folder_says_so_in_chinese(tmp_path, example):
    spec, report = example
    with pytest.raises(PdfError, match="文件夹.*不存在"):
        write_pdf(tmp_path / "没有" / "报告.pdf", spec, report)
    with pytest.raises(PdfError, match="是一个文件夹"):
        write_pdf(tmp_path, spec, report)
    assert list(tmp_path.iterdir()) == []


def test_squeeze_keeps_numbers_apart():
    assert squeeze("数量\n40\n5 0\n合计") == "数量40 5 0合计"


def test_a_table_across_a_page_break_repeats_its_header_rows():
    from giapp.core.formload import build_form

    form = build_form(
        {
            "schema": 1,
            "id": "long",
            "name": "长表",
            "document": "测试",
            "years": [2000, 2099],
            "tables": [
                {
                    "id": "t",
                    "corner": "项目名称",
                    "columns": [{"id": "a", "label": "甲栏数量", "kind": "count"}],
                    "rows": [{"id": f"r{i}", "labels": [f"第{i}项"]} for i in range(90)],
                }
            ],
            "sections": [{"id": "s", "heading": "一、很长的表", "tables": ["t"]}],
        }
    )
    report = Report("long", "某某局", 2023, values={f"t.r{i}.a": i for i in range(90)})
    data = pdf_bytes(form, report, exported_at=EXPORTED)
    with_rows = [no_space(t) for t in page_texts(data) if "项" in no_space(t).replace("项目名称", "")]
    assert len(with_rows) >= 2
    for t in with_rows:
        assert "项目名称甲栏数量" in t
    assert "第89项89" in no_space(whole_text(data))


def test_no_line_starts_with_a_closing_mark(spec21):
    # for some n the mark falls exactly where a line would break, whatever the font's measure
    marks = "，。、；：！？）》”"
    texts = "\n".join("字" * n + mark + "后文" * 20 for n in range(20, 34) for mark in "，。、；）》”")
    report = Report("gov-2021", "某某局", 2023, texts={"problems": texts})
    pages = page_texts(pdf_bytes(spec21, report, exported_at=EXPORTED))
    lines = [line.strip() for t in pages for line in t.splitlines() if line.strip()]
    assert not [line for line in lines if line[0] in marks]
    sample = example_report("gov-2019")
    lines = [ln.strip() for t in page_texts(pdf_bytes(*sample)) for ln in t.splitlines() if ln.strip()]
    assert not [line for line in lines if line[0] in marks]


def _x_of(page, pattern: str) -> float:
    """Where on the page (points from the left) a text matching pattern starts, via pypdf's text visitor."""
    found = []

    def visit(text, cm, tm, font, size):
        if re.search(pattern, text):
            found.append(cm[4] + tm[4] * cm[0])

    page.extract_text(visitor_text=visit)
    assert found, pattern
    return found[0]


def test_page_numbers_odd_right_even_left_and_signature_at_the_right(exported):
    _spec, report, data = exported
    pages = read(data).pages
    assert _x_of(pages[0], r"—\s*1\s*—") > 400  # odd: right, near the type area's right edge (28+156 mm)
    assert _x_of(pages[1], r"—\s*2\s*—") < 120  # even: left
    assert _x_of(pages[-1], re.escape(report.agency)) > 250  # 落款: right half, centred over the date
