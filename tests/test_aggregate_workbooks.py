"""Summing the agencies' Excel workbooks, mixed with report files, and writing the summary as a workbook."""

from __future__ import annotations

from decimal import Decimal

import pytest
from openpyxl import load_workbook
from report_support import complete_report

from giapp.cli import main
from giapp.core.report import Report
from giapp.exchange import aggregate_read
from giapp.exchange.aggregate import SUMMED, UNREADABLE, AggregateError, aggregate, write_summary
from giapp.exchange.reportfile import write_report_file
from giapp.exchange.xlsx import read_workbook, write_workbook


def report(spec, agency: str, values: dict, year: int = 2023) -> Report:
    return complete_report(spec, agency, values, year)


def test_workbooks_and_report_files_are_summed_together(tmp_path, forms, spec21):
    n, fee = "applications.new.natural", "fees.fees.amount"
    write_workbook(tmp_path / "甲局.xlsx", spec21, report(spec21, "甲局", {n: 3, fee: Decimal("4068.208")}))
    write_workbook(tmp_path / "乙局.xlsx", spec21, report(spec21, "乙局", {n: 4, fee: Decimal("0.002")}))
    write_report_file(tmp_path / "丙局.giapp.json", spec21, report(spec21, "丙局", {n: 5}))
    summary = aggregate([tmp_path], forms)
    assert [(s.agency, s.status) for s in summary.sources] == [
        ("丙局", SUMMED),
        ("乙局", SUMMED),
        ("甲局", SUMMED),
    ]
    assert summary.values[n] == 12 and summary.values["applications.new.total"] == 12
    assert summary.values[fee] == Decimal("4068.21")


def test_a_workbook_with_a_wrong_printed_total_is_summed_and_its_error_listed(tmp_path, forms, spec21):
    path = tmp_path / "甲局.xlsx"
    write_workbook(path, spec21, report(spec21, "甲局", {"applications.new.natural": 3}))
    wb = load_workbook(path)
    ws = next(ws for ws in wb.worksheets if any(c.value == 3 for row in ws.iter_rows() for c in row))
    cell = next(
        c for row in ws.iter_rows() for c in row if isinstance(c.value, str) and c.value.startswith("=SUM")
    )
    cell.value = 99  # a clerk typed over a total
    wb.save(path)
    summary = aggregate([tmp_path], forms)
    src = summary.sources[0]
    assert src.status == SUMMED and src.errors >= 1
    assert any(f.found == "99" for f in src.findings)


def test_a_damaged_workbook_is_listed_as_unreadable(tmp_path, forms, spec21):
    write_workbook(tmp_path / "好.xlsx", spec21, report(spec21, "好", {"applications.new.natural": 1}))
    (tmp_path / "坏.xlsx").write_bytes(b"this is not a zip")
    (tmp_path / "~$好.xlsx").write_bytes(b"lock file of Excel")
    summary = aggregate([tmp_path], forms)
    assert [(s.name, s.status) for s in summary.sources] == [("坏.xlsx", UNREADABLE), ("好.xlsx", SUMMED)]
    assert summary.sources[0].message.startswith("“坏.xlsx”")


def test_workbooks_read_in_worker_processes(tmp_path, forms, spec21, monkeypatch):
    for i in range(4):
        write_workbook(
            tmp_path / f"{i}.xlsx", spec21, report(spec21, f"单位{i}", {"applications.new.natural": i})
        )
    monkeypatch.setattr(aggregate_read, "POOL_MIN_WORKBOOKS", 2)
    summary = aggregate([tmp_path], forms, workers=2)
    assert summary.values["applications.new.natural"] == 6
    assert [s.status for s in summary.sources] == [SUMMED] * 4


def test_the_summary_workbook_reads_back_with_the_same_numbers(tmp_path, forms, spec21):
    n, r, fee = "applications.new.natural", "applications.r_public.natural", "fees.fees.amount"
    (tmp_path / "in").mkdir()
    write_workbook(
        tmp_path / "in" / "甲.xlsx", spec21, report(spec21, "甲", {n: 2, r: 2, fee: Decimal("1.5")})
    )
    write_report_file(tmp_path / "in" / "乙.giapp.json", spec21, report(spec21, "乙", {n: 1, r: 1}))
    out = tmp_path / "汇总.xlsx"
    assert main(["aggregate", str(tmp_path / "in"), "-o", str(out), "--agency", "某县"]) == 0
    spec, back, findings = read_workbook(out, forms)
    assert (spec.id, back.agency, back.year) == ("gov-2021", "某县", 2023)
    assert back.values[n] == 3 and back.values[fee] == Decimal("1.5")
    # the numbers are right; the summary's own texts are still to be written by the office
    assert [f for f in findings if f.is_error] == []
    assert {f.rule for f in findings} <= {"C1", "C3", "C5"}  # texts, 六 and the date are to come


def test_a_summary_workbook_that_cannot_be_written_is_explained(tmp_path, forms, spec21):
    write_report_file(tmp_path / "甲.giapp.json", spec21, report(spec21, "甲", {}))
    summary = aggregate([tmp_path], forms)
    target = tmp_path / "没有的文件夹" / "汇总.xlsx"
    with pytest.raises(AggregateError, match="汇总.xlsx"):
        write_summary(target, summary)
    assert not target.exists()


def test_workbooks_of_another_form_or_year_and_copies_are_listed_not_summed(tmp_path, forms, spec19, spec21):
    n = "applications.new.natural"
    write_workbook(tmp_path / "a-甲局.xlsx", spec21, report(spec21, "甲局", {n: 1}))
    write_workbook(tmp_path / "b-乙局.xlsx", spec21, report(spec21, "乙局", {n: 2}))
    write_workbook(tmp_path / "c-丙局.xlsx", spec21, report(spec21, "丙局", {n: 40}, year=2022))
    write_workbook(tmp_path / "d-丁局.xlsx", spec19, report(spec19, "丁局", {n: 300}, year=2020))
    (tmp_path / "e-甲局（副本）.xlsx").write_bytes((tmp_path / "a-甲局.xlsx").read_bytes())
    summary = aggregate([tmp_path], forms)
    assert [s.status for s in summary.sources] == ["已汇总", "已汇总", "年度不符", "格式不符", "重复"]
    assert summary.values[n] == 3
    assert "a-甲局.xlsx" in summary.sources[4].message
