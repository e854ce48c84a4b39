"""What the office takes away from a summary: the sources workbook and the `giapp aggregate` command."""

from __future__ import annotations

from openpyxl import load_workbook
from report_support import write_report

from giapp.cli import main
from giapp.exchange.aggregate import aggregate, write_sources_workbook
from giapp.exchange.reportfile import read_report_file

write = write_report


def unbalanced(n: int) -> dict:
    """Applications received but no result given: the S1 balance error, one per column that has any."""
    return {"applications.new.natural": n}


def balanced(n: int) -> dict:
    return {"applications.new.natural": n, "applications.r_public.natural": n}


def test_sources_workbook_lists_every_file_and_every_problem(tmp_path, forms, spec21, spec19):
    write(tmp_path, spec21, "甲局", balanced(2))
    write(tmp_path, spec21, "乙局", unbalanced(3))
    write(tmp_path, spec19, "丙局", balanced(1), year=2020)
    summary = aggregate([tmp_path], forms)
    out = tmp_path / "来源.xlsx"
    write_sources_workbook(out, summary)

    wb = load_workbook(out)
    assert wb.sheetnames == ["来源清单", "问题清单"]
    ws = wb["来源清单"]
    rows = list(ws.iter_rows(values_only=True))
    assert rows[0][:6] == ("序号", "机关名称", "文件", "状态", "错误数", "提醒数")
    by_agency = {r[1]: r for r in rows[1:]}
    assert by_agency["乙局"][3:6] == ("已汇总", 1, 0)
    assert by_agency["甲局"][3:6] == ("已汇总", 0, 0)
    assert by_agency["丙局"][3:8] == ("格式不符", 0, 0, "2019年格式", 2020)
    assert by_agency["乙局"][8] == summary.sources[1].fingerprint
    assert ws.auto_filter.ref == "A1:K4"
    assert ws.freeze_panes == "A2"

    problems = list(wb["问题清单"].iter_rows(values_only=True))
    assert problems[0] == ("机关名称", "文件", "类别", "规则", "表", "行", "列", "应为", "实为", "说明")
    assert wb["问题清单"].auto_filter.ref == "A1:J3"
    assert [p[:4] for p in problems[1:]] == [
        ("丙局", "丙局.giapp.json", "格式不符", None),
        ("乙局", "乙局.giapp.json", "错误", "S1"),
    ]
    s1 = problems[2]
    assert (s1[6], s1[7], s1[8]) == ("自然人", "3", "0")
    assert "不平衡" in s1[9]


def test_agency_names_that_look_like_formulas_stay_text(tmp_path, forms, spec21):
    write(tmp_path, spec21, "=HYPERLINK(1)", balanced(1))
    summary = aggregate([tmp_path], forms)
    write_sources_workbook(tmp_path / "s.xlsx", summary)
    cell = load_workbook(tmp_path / "s.xlsx")["来源清单"]["B2"]
    assert (cell.value, cell.data_type) == ("=HYPERLINK(1)", "s")


def test_cli_sums_prints_each_source_and_exits_0_when_all_clean(tmp_path, spec21, capsys):
    write(tmp_path / "in", spec21, "甲局", balanced(2))
    write(tmp_path / "in", spec21, "乙局", balanced(5))
    out = tmp_path / "汇总.giapp.json"
    code = main(["aggregate", str(tmp_path / "in"), "-o", str(out), "--agency", "某县人民政府"])
    text = capsys.readouterr().out
    assert code == 0
    assert "1. [已汇总] 乙局 乙局.giapp.json 错误 0，提醒 0" in text
    assert "共 2 个文件：已汇总 2。" in text
    assert "某县人民政府2023年政府信息公开工作年度报告" in text
    assert "  本年新收政府信息公开申请：7" in text
    _, back = read_report_file(out, {spec21.id: spec21})
    assert back.values == {"applications.new.natural": 7, "applications.r_public.natural": 7}


def test_cli_exits_1_when_a_file_is_refused_or_has_errors(tmp_path, spec21, capsys):
    write(tmp_path / "in", spec21, "甲局", balanced(2))
    write(tmp_path / "in", spec21, "乙局", balanced(2), year=2022)
    out, sources = tmp_path / "汇总.giapp.json", tmp_path / "来源.xlsx"
    assert main(["aggregate", str(tmp_path / "in"), "-o", str(out), "--sources", str(sources)]) == 1
    text = capsys.readouterr().out
    assert "[年度不符] 乙局" in text and "共 2 个文件：已汇总 1，年度不符 1。" in text
    assert out.exists() and sources.exists()

    (tmp_path / "in" / "乙局.giapp.json").unlink()
    write(tmp_path / "in", spec21, "乙局", unbalanced(1))
    assert main(["aggregate", str(tmp_path / "in"), "-o", str(out)]) == 1
    assert "[已汇总] 乙局 乙局.giapp.json 错误 1，提醒 0" in capsys.readouterr().out


def test_cli_exits_2_and_writes_nothing_when_nothing_can_be_summed(tmp_path, capsys):
    (tmp_path / "in").mkdir()
    (tmp_path / "in" / "坏.giapp.json").write_text("{", encoding="utf-8")
    out = tmp_path / "汇总.giapp.json"
    assert main(["aggregate", str(tmp_path / "in"), "-o", str(out)]) == 2
    captured = capsys.readouterr()
    assert "[无法读取]" in captured.out and "没有写出汇总结果" in captured.err
    (tmp_path / "空").mkdir()
    assert main(["aggregate", str(tmp_path / "空"), "-o", str(out)]) == 2
    assert "没有找到任何报告文件" in capsys.readouterr().err
    assert main(["aggregate", str(tmp_path / "没有这个文件夹"), "-o", str(out)]) == 2
    assert "找不到“" in capsys.readouterr().out
    assert main(["aggregate", str(tmp_path / "in"), "-o", str(tmp_path / "x.doc")]) == 2
    assert not out.exists()


def test_a_sources_list_named_other_than_xlsx_is_refused_before_work(tmp_path, spec21, capsys):
    from giapp.cli import main

    write(tmp_path, spec21, "甲局", {"applications.new.natural": 1})
    assert (
        main(
            ["aggregate", str(tmp_path), "-o", str(tmp_path / "s.xlsx"), "--sources", str(tmp_path / "s.txt")]
        )
        == 2
    )
    assert "写成 .xlsx 结尾" in capsys.readouterr().err
    assert not (tmp_path / "s.txt").exists() and not (tmp_path / "s.xlsx").exists()
