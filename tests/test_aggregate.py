"""Adding up agencies' reports: known totals, exact money, refused files with reasons, duplicates, drill-down."""

from __future__ import annotations

import random
from decimal import Decimal
from pathlib import Path

import pytest
from report_support import write_report

from giapp.core.report import compute
from giapp.exchange import aggregate_read
from giapp.exchange.aggregate import (
    DUPLICATE,
    OTHER_FORM,
    OTHER_YEAR,
    SUMMED,
    UNREADABLE,
    AggregateCancelled,
    AggregateError,
    aggregate,
    write_summary,
)
from giapp.exchange.reportfile import read_report_file

write = write_report


def random_values(spec, rng: random.Random) -> dict:
    """A report a clerk might send: mostly small counts, some blanks, some zeros, money with decimals."""
    out = {}
    for key in spec.input_keys:
        roll = rng.random()
        if roll < 0.15:
            continue  # blank
        kind = spec.value_kind(key)
        if kind == "money":
            out[key] = Decimal(rng.randint(0, 99_999_999)).scaleb(-4).normalize()
        elif kind == "signed":
            out[key] = rng.randint(-50, 50)
        else:
            out[key] = 0 if roll < 0.4 else rng.randint(0, 5000)
    return out


def test_three_reports_give_the_known_totals_and_exact_money(tmp_path, forms, spec21):
    write(tmp_path, spec21, "甲局", {"applications.new.natural": 1, "fees.fees.amount": Decimal("0.1")})
    write(tmp_path, spec21, "乙局", {"applications.new.natural": 2, "fees.fees.amount": Decimal("0.2")})
    write(
        tmp_path,
        spec21,
        "丙局",
        {"applications.new.natural": 3, "applications.new.legal": 4, "fees.fees.amount": Decimal("4068.208")},
    )
    summary = aggregate([tmp_path], forms, agency="示例县人民政府")
    assert [s.status for s in summary.sources] == [SUMMED] * 3
    assert (summary.form_id, summary.year, summary.report.agency) == ("gov-2021", 2023, "示例县人民政府")
    values = summary.values
    assert values["applications.new.natural"] == 6
    assert values["applications.new.total"] == 10  # derived, recomputed
    assert values["fees.fees.amount"] == Decimal("4068.508")  # not 4068.5080000000001
    assert isinstance(values["fees.fees.amount"], Decimal)
    # blank in every source stays blank; blank in some counts as 0 in the others' sum
    assert values["applications.new.research"] is None
    assert values["applications.new.legal"] == 4


@pytest.mark.parametrize("form_id", ["gov-2019", "gov-2021"])
def test_every_cell_of_many_random_reports_is_summed(tmp_path, forms, form_id):
    spec = forms[form_id]
    rng = random.Random(form_id)
    reports = [random_values(spec, rng) for _ in range(12)]
    for i, values in enumerate(reports):
        write(tmp_path, spec, f"单位{i:02d}", values, year=2020 if form_id == "gov-2019" else 2023)
    summary = aggregate([tmp_path], forms)
    assert len(summary.summed) == 12
    for key in spec.input_keys:
        present = [r[key] for r in reports if key in r]
        assert summary.report.values.get(key) == (sum(present) if present else None), key
    for key, _ in spec.derived:
        assert summary.values[key] == sum(compute(spec, r)[key] for r in reports), key


def test_money_in_yuan_and_wan_yuan_is_converted_exactly(tmp_path, forms, spec19):
    key = "procurement.central.amount"
    write(tmp_path, spec19, "甲局", {key: Decimal("1.5")}, year=2020)
    write(tmp_path, spec19, "乙局", {key: Decimal("12345.67")}, year=2020, units={"procurement.amount": "元"})
    summary = aggregate([tmp_path], forms)
    assert summary.report.units == {}  # the form's default, 万元
    assert summary.values[key] == Decimal("2.734567")
    yuan = next(s for s in summary.sources if s.agency == "乙局")
    assert "元→万元" in yuan.message
    assert [(a, v) for a, _, v in summary.breakdown(key)] == [
        ("乙局", Decimal("1.234567")),
        ("甲局", Decimal("1.5")),
    ]


def test_all_sources_in_yuan_keep_the_unit(tmp_path, forms, spec19):
    key, units = "procurement.central.amount", {"procurement.amount": "元"}
    write(tmp_path, spec19, "甲局", {key: Decimal("100.5")}, year=2020, units=units)
    write(tmp_path, spec19, "乙局", {key: Decimal("0.5")}, year=2020, units=units)
    summary = aggregate([tmp_path], forms)
    assert summary.report.units == units
    assert summary.values[key] == Decimal("101")


def test_other_forms_years_and_broken_files_are_listed_not_summed(tmp_path, forms, spec19, spec21):
    n = "applications.new.natural"
    write(tmp_path, spec21, "甲局", {n: 1})
    write(tmp_path, spec21, "乙局", {n: 2})
    write(tmp_path, spec21, "丙局", {n: 100}, year=2022)
    write(tmp_path, spec19, "丁局", {n: 1000}, year=2020)
    write(tmp_path, spec21, "戊局", {n: 10000}, year=0)
    (tmp_path / "坏文件.giapp.json").write_text("{not json", encoding="utf-8")
    (tmp_path / "老表格.xls").write_bytes(b"\xd0\xcf\x11\xe0")
    summary = aggregate([tmp_path], forms)
    status = {s.name: (s.status, s.message) for s in summary.sources}
    assert summary.values[n] == 3
    assert status["甲局.giapp.json"][0] == status["乙局.giapp.json"][0] == SUMMED
    assert status["丙局.giapp.json"] == (OTHER_YEAR, "是 2022 年度的报告，本次汇总的是 2023 年度，未计入。")
    assert status["丁局.giapp.json"][0] == OTHER_FORM
    assert "2019年格式" in status["丁局.giapp.json"][1]
    assert status["戊局.giapp.json"][0] == OTHER_YEAR
    assert "没有填写年度" in status["戊局.giapp.json"][1]
    assert status["坏文件.giapp.json"][0] == UNREADABLE
    assert "已损坏" in status["坏文件.giapp.json"][1]
    assert status["老表格.xls"][0] == UNREADABLE
    assert "另存为 .xlsx" in status["老表格.xls"][1]
    assert len(summary.sources) == 7


def test_the_form_and_year_can_be_pinned_instead_of_the_majority(tmp_path, forms, spec21):
    n = "applications.new.natural"
    write(tmp_path, spec21, "甲局", {n: 1})
    write(tmp_path, spec21, "乙局", {n: 2})
    write(tmp_path, spec21, "丙局", {n: 100}, year=2022)
    assert aggregate([tmp_path], forms).values[n] == 3
    pinned = aggregate([tmp_path], forms, year=2022)
    assert (pinned.year, pinned.values[n]) == (2022, 100)
    none = aggregate([tmp_path], forms, form_id="gov-2019")
    assert none.report is None and {s.status for s in none.sources} == {OTHER_FORM}


def test_the_same_agency_twice_is_flagged_and_counted_once(tmp_path, forms, spec21):
    n = "applications.new.natural"
    first = write(tmp_path, spec21, "甲局", {n: 1}, name="a-甲局.giapp.json")
    write(tmp_path, spec21, " 甲局 ", {n: 5}, name="b-甲局-修改版.giapp.json")  # same name, other numbers
    (tmp_path / "c-甲局-副本.giapp.json").write_bytes(first.read_bytes())  # the same file sent twice
    write(tmp_path, spec21, "乙局", {n: 2}, name="d.giapp.json")
    summary = aggregate([tmp_path], forms)
    rows = [(s.name, s.status) for s in summary.sources]
    assert rows == [
        ("a-甲局.giapp.json", SUMMED),
        ("b-甲局-修改版.giapp.json", DUPLICATE),
        ("c-甲局-副本.giapp.json", DUPLICATE),
        ("d.giapp.json", SUMMED),
    ]
    assert summary.values[n] == 3
    b, c = summary.sources[1], summary.sources[2]
    assert "a-甲局.giapp.json" in b.message and "数字不同" in b.message
    assert "内容完全相同" in c.message and c.fingerprint == summary.sources[0].fingerprint


def test_drill_down_lists_each_source_and_its_value(tmp_path, forms, spec21):
    write(tmp_path, spec21, "甲局", {"applications.new.natural": 1, "applications.new.legal": 2})
    write(tmp_path, spec21, "乙局", {"applications.new.natural": 3})
    summary = aggregate([tmp_path], forms)
    rows = summary.breakdown("applications.new.legal")
    assert [(a, Path(f).name, v) for a, f, v in rows] == [
        ("乙局", "乙局.giapp.json", None),  # files in name order
        ("甲局", "甲局.giapp.json", 2),
    ]
    assert [v for _, _, v in summary.breakdown("applications.new.total")] == [3, 3]
    assert (
        sum(v for _, _, v in summary.breakdown("applications.r_total.total"))
        == (summary.values["applications.r_total.total"])
    )
    with pytest.raises(KeyError):
        summary.breakdown("applications.nope.natural")


def test_folders_are_searched_recursively_without_lock_or_hidden_files(tmp_path, forms, spec21):
    write(tmp_path / "乡镇" / "一镇", spec21, "一镇", {"applications.new.natural": 1})
    write(tmp_path / "部门", spec21, "财政局", {"applications.new.natural": 2})
    write(tmp_path / ".hidden", spec21, "隐藏", {"applications.new.natural": 100})
    write(tmp_path / "部门", spec21, "锁", {}, name="~$财政局.giapp.json")
    (tmp_path / "部门" / "说明.docx").write_bytes(b"PK")
    explicit = write(tmp_path / "另外", spec21, "公安局", {"applications.new.natural": 4})
    summary = aggregate([tmp_path / "乡镇", tmp_path / "部门", explicit, explicit], forms)
    assert sorted(s.agency for s in summary.sources) == ["一镇", "公安局", "财政局"]
    assert summary.values["applications.new.natural"] == 7


def test_progress_reaches_the_end_and_cancel_stops(tmp_path, forms, spec21):
    for i in range(5):
        write(tmp_path, spec21, f"单位{i}", {"applications.new.natural": i})
    seen = []
    aggregate([tmp_path], forms, progress=lambda done, total, name: seen.append((done, total)))
    assert seen[-1] == (5, 5) and len(seen) == 5
    with pytest.raises(AggregateCancelled):
        aggregate([tmp_path], forms, cancel=lambda: len(seen) >= 7, progress=lambda *a: seen.append(a))
    assert len(seen) == 7  # stopped after two more files


def test_worker_processes_give_the_same_summary(tmp_path, forms, spec21, monkeypatch):
    rng = random.Random(7)
    for i in range(6):
        write(tmp_path, spec21, f"单位{i}", random_values(spec21, rng))
    (tmp_path / "坏.giapp.json").write_text("[]", encoding="utf-8")
    alone = aggregate([tmp_path], forms, workers=1)
    monkeypatch.setattr(aggregate_read, "POOL_MIN_WORKBOOKS", 0)
    pooled = aggregate([tmp_path], forms, workers=2)
    assert pooled.report.values == alone.report.values
    assert [(s.name, s.status, s.fingerprint) for s in pooled.sources] == [
        (s.name, s.status, s.fingerprint) for s in alone.sources
    ]


def test_summary_is_written_as_a_report_file_and_reads_back(tmp_path, forms, spec21):
    write(tmp_path / "in", spec21, "甲局", {"fees.fees.amount": Decimal("1.25")})
    write(tmp_path / "in", spec21, "乙局", {"fees.fees.amount": Decimal("2")})
    summary = aggregate([tmp_path / "in"], forms, agency="某县")
    write_summary(tmp_path / "汇总.giapp.json", summary)
    spec, back = read_report_file(tmp_path / "汇总.giapp.json", forms)
    assert (spec.id, back.agency, back.year) == ("gov-2021", "某县", 2023)
    assert back.values == {"fees.fees.amount": Decimal("3.25")}
    with pytest.raises(AggregateError, match="只能保存为"):
        write_summary(tmp_path / "汇总.docx", summary)
    assert not (tmp_path / "汇总.docx").exists()


def test_nothing_to_sum_writes_nothing(tmp_path, forms):
    (tmp_path / "坏.giapp.json").write_text("x", encoding="utf-8")
    summary = aggregate([tmp_path], forms)
    assert summary.report is None and summary.sources[0].status == UNREADABLE
    with pytest.raises(AggregateError, match="没有可汇总的报告"):
        write_summary(tmp_path / "out.giapp.json", summary)
    assert not (tmp_path / "out.giapp.json").exists()


def test_summary_goes_to_pdf_through_the_pdf_exporter_and_its_errors_are_explained(
    tmp_path, forms, spec21, monkeypatch
):
    import sys
    import types

    written = []
    fake = types.ModuleType("giapp.exchange.pdf")

    class PdfError(Exception):
        pass

    def write_pdf(path, spec, report):
        if "坏" in str(path):
            raise PdfError("文件夹不存在，请换一个文件夹保存 PDF。")
        written.append((Path(path).name, spec.id, report.values["applications.new.natural"]))

    fake.PdfError, fake.write_pdf = PdfError, write_pdf
    monkeypatch.setitem(sys.modules, "giapp.exchange.pdf", fake)
    write(tmp_path / "in", spec21, "甲局", {"applications.new.natural": 4})
    summary = aggregate([tmp_path / "in"], forms)
    write_summary(tmp_path / "汇总.pdf", summary)
    assert written == [("汇总.pdf", "gov-2021", 4)]
    with pytest.raises(AggregateError, match="请换一个文件夹"):
        write_summary(tmp_path / "坏.pdf", summary)


def _fail_in_worker():
    raise RuntimeError("this worker cannot start")


class FormsThatBreakWorkers(dict):
    """Usable here, but unpickling it in a worker process fails: the pool breaks as a killed worker would."""

    def __reduce__(self):
        return (_fail_in_worker, ())


def test_when_worker_processes_fail_the_files_are_read_in_this_process(tmp_path, forms, spec21, monkeypatch):
    for i in range(4):
        write(tmp_path, spec21, f"单位{i}", {"applications.new.natural": i + 1})
    monkeypatch.setattr(aggregate_read, "POOL_MIN_WORKBOOKS", 0)
    summary = aggregate([tmp_path], FormsThatBreakWorkers(forms), workers=2)
    assert [s.status for s in summary.sources] == [SUMMED] * 4
    assert summary.values["applications.new.natural"] == 10


def test_last_times_summary_in_the_same_folder_is_not_added_again(tmp_path, forms, spec21):
    write(tmp_path, spec21, "甲局", {"applications.new.natural": 1})
    write(tmp_path, spec21, "乙局", {"applications.new.natural": 2})
    first = aggregate([tmp_path], forms, agency="某县人民政府")
    write_summary(tmp_path / "汇总.giapp.json", first)
    again = aggregate([tmp_path], forms, agency="某县人民政府")
    assert again.values["applications.new.natural"] == 3
    mine = next(s for s in again.sources if s.name == "汇总.giapp.json")
    assert mine.status == DUPLICATE and "上次保存的汇总结果" in mine.message


def test_a_folder_that_cannot_be_opened_is_listed_with_the_reason(tmp_path, forms, spec21, monkeypatch):
    write(tmp_path, spec21, "甲局", {"applications.new.natural": 1})
    locked = tmp_path / "锁住的文件夹"
    locked.mkdir()
    real_walk = aggregate_read.os.walk

    def walk(top, onerror=None, **kw):
        onerror(PermissionError(13, "Permission denied", str(locked)))
        yield from real_walk(top, onerror=onerror, **kw)

    monkeypatch.setattr(aggregate_read.os, "walk", walk)
    summary = aggregate([tmp_path], forms)
    refused = next(s for s in summary.sources if s.name == "锁住的文件夹")
    assert refused.status == UNREADABLE and "是否有读取这个文件夹的权限" in refused.message
    assert summary.values["applications.new.natural"] == 1


def test_a_sum_over_the_largest_figure_is_refused_naming_the_cell(tmp_path, forms, spec21, capsys):
    from giapp.cli import main

    for name in ("甲局", "乙局"):
        write(tmp_path, spec21, name, {"licensing.permits.decisions": 600_000_000})
    with pytest.raises(AggregateError, match="行政许可.*999,999,999"):
        aggregate([tmp_path], forms)
    assert main(["aggregate", str(tmp_path), "-o", str(tmp_path / "汇总.xlsx")]) == 2
    assert "超过了表格能填写的最大数" in capsys.readouterr().err
    assert not (tmp_path / "汇总.xlsx").exists()


def test_yuan_converted_to_wan_yuan_keeps_at_most_six_places(tmp_path, forms, spec19):
    amount = "procurement.central.amount"
    write(tmp_path, spec19, "甲局", {amount: Decimal("1.5")}, year=2020)
    write(
        tmp_path,
        spec19,
        "乙局",
        {amount: Decimal("600.123456")},
        year=2020,
        units={"procurement.amount": "元"},
    )
    summary = aggregate([tmp_path], forms)
    assert summary.values[amount] == Decimal("1.560012")  # 600.123456 元 = 0.0600123456 万元 → 0.060012
