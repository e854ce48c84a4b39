"""The .giapp.json report file round-trips a report and refuses a bad one, writing nothing."""

import json
from decimal import Decimal

import pytest

from giapp.core.report import Report, fingerprint
from giapp.exchange.reportfile import ReportFileError, read_report_file, write_report_file


def _report():
    r = Report("gov-2019", "某县档案局", 2020, "2021-01-25")
    r.values = {
        "applications.new.natural": 0,
        "procurement.central.amount": Decimal("12.3400"),
        "licensing.permits.delta": -2,
    }
    r.units = {"procurement.amount": "元"}
    r.texts = {"overview": "总体情况……", "other": "无。"}
    r.notes = {"W1:rule_docs.regulations.new_public": "去年漏报，今年补录。"}
    return r


def test_round_trip_keeps_blanks_zeros_money_units_texts_and_notes(tmp_path, forms, spec19):
    path = tmp_path / "r.giapp.json"
    write_report_file(path, spec19, _report())
    spec, back = read_report_file(path, forms)
    assert spec is spec19
    assert back.values == {
        "applications.new.natural": 0,
        "procurement.central.amount": Decimal("12.34"),
        "licensing.permits.delta": -2,
    }
    assert "applications.new.commercial" not in back.values  # blank stays blank, not 0
    assert (back.agency, back.year, back.date) == ("某县档案局", 2020, "2021-01-25")
    assert back.units == {"procurement.amount": "元"}
    assert back.texts == _report().texts and back.notes == _report().notes
    assert fingerprint(spec, back) == fingerprint(spec19, _report())


def test_money_is_written_as_text_so_no_float_rounding(tmp_path, spec19):
    path = tmp_path / "r.giapp.json"
    write_report_file(path, spec19, _report())
    data = json.loads(path.read_text("utf-8"))
    assert data["values"]["procurement.central.amount"] == "12.34"
    assert data["format"] == "giapp-report" and data["version"] == 1


BAD = [
    (b"\xff\xfe\x00garbage", "不是 UTF-8"),
    (b'{"format": "giapp-report",', "已损坏"),
    (b"[1, 2, 3]", "不是本程序的报告文件"),
    (b'{"format": "giapp-report", "version": 7, "form": "gov-2021"}', "版本"),
    (b'{"format": "giapp-report", "version": 1, "form": "gov-1999"}', "gov-1999"),
    (b'{"format": "giapp-report", "version": 1, "form": "gov-2021", "year": 1850}', "年度"),
    (b'{"format": "giapp-report", "version": 1, "form": "gov-2021", "values": {"x.y.z": 1}}', "x.y.z"),
    (
        b'{"format": "giapp-report", "version": 1, "form": "gov-2021", "values": {"applications.new.natural": -1}}',
        "负数",
    ),
    (
        b'{"format": "giapp-report", "version": 1, "form": "gov-2021", "values": {"applications.new.natural": "abc"}}',
        "不是数字",
    ),
    (
        b'{"format": "giapp-report", "version": 1, "form": "gov-2021", "values": {"applications.new.total": 3}}',
        "没有的填报格",
    ),
    (
        b'{"format": "giapp-report", "version": 1, "form": "gov-2021", "values": {"applications.new.natural": 1.5}}',
        "不是数字",
    ),
    (b'{"format": "giapp-report", "version": 1, "form": "gov-2021", "texts": {"chapter9": "x"}}', "chapter9"),
    (
        b'{"format": "giapp-report", "version": 1, "form": "gov-2021", "units": {"fees.amount": "\xe5\x85\x83"}}',
        "单位",
    ),
    (b"[" * 100000 + b"]" * 100000, "嵌套"),
    (
        b'{"format": "giapp-report", "version": 1, "form": "gov-2021", "texts": {"other": "a\\ud800b"}}',
        "无法识别的字符",
    ),
]


@pytest.mark.parametrize(("raw", "part"), BAD)
def test_a_bad_report_file_is_refused_with_a_chinese_reason(tmp_path, forms, raw, part):
    path = tmp_path / "bad.giapp.json"
    path.write_bytes(raw)
    with pytest.raises(ReportFileError) as e:
        read_report_file(path, forms)
    assert part in str(e.value)
    assert "bad.giapp.json" in str(e.value)


def test_missing_file_and_folder_are_refused(tmp_path, forms):
    with pytest.raises(ReportFileError, match="找不到"):
        read_report_file(tmp_path / "nope.giapp.json", forms)
    with pytest.raises(ReportFileError, match="文件夹"):
        read_report_file(tmp_path, forms)


def test_a_huge_file_is_refused_before_reading(tmp_path, forms):
    path = tmp_path / "huge.giapp.json"
    path.write_bytes(b" " * (6 * 1024 * 1024))
    with pytest.raises(ReportFileError, match="太大"):
        read_report_file(path, forms)


def test_a_form_that_is_not_text_is_refused_not_a_crash(tmp_path, forms):
    path = tmp_path / "odd.giapp.json"
    path.write_text('{"format": "giapp-report", "version": 1, "form": ["gov-2021"]}', encoding="utf-8")
    with pytest.raises(ReportFileError, match="不认识"):
        read_report_file(path, forms)


def test_text_pasted_from_word_is_cleaned_on_import(tmp_path, forms):
    path = tmp_path / "w.giapp.json"
    path.write_text(
        '{"format": "giapp-report", "version": 1, "form": "gov-2021", "agency": " 某县\\u000b财政局 ",'
        ' "texts": {"other": "无。\\u000b第二行\\u0007"}}',
        encoding="utf-8",
    )
    _, report = read_report_file(path, forms)
    assert report.agency == "某县 财政局"
    assert report.texts == {"other": "无。\n第二行"}
