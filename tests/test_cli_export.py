"""`giapp export`: a PDF from a report file; refused (exit 1) while the report has errors unless --force."""

from __future__ import annotations

import json

from pdf_helpers import no_space, whole_text

from giapp.cli import main
from giapp.paths import resource

SAMPLE = str(resource("examples", "gov-2019-sample.giapp.json"))  # the real 2020 report, 4 errors
EXAMPLE = str(resource("examples", "gov-2021-example.giapp.json"))  # consistent


def test_export_writes_the_pdf(tmp_path, capsys):
    out = tmp_path / "报告.pdf"
    assert main(["export", EXAMPLE, "-o", str(out)]) == 0
    assert "已导出PDF" in capsys.readouterr().out
    assert "示例县人民政府办公室2023年政府信息公开工作年度报告" in no_space(whole_text(out.read_bytes()))


def test_a_report_with_errors_is_not_exported_without_force(tmp_path, capsys):
    out = tmp_path / "报告.pdf"
    assert main(["export", SAMPLE, "-o", str(out)]) == 1
    err = capsys.readouterr().err
    assert "4 个错误" in err and "--force" in err
    assert not out.exists()


def test_force_exports_a_report_with_errors_with_all_its_numbers(tmp_path, capsys):
    out = tmp_path / "报告.PDF"
    assert main(["export", SAMPLE, "-o", str(out), "--force"]) == 0
    assert "4 个错误" in capsys.readouterr().out
    assert "一、本年新收政府信息公开申请数量3 0 0 0 0 0 3*" in whole_text(out.read_bytes())


def test_unknown_output_suffix_is_a_chinese_error(tmp_path, capsys):
    assert main(["export", EXAMPLE, "-o", str(tmp_path / "报告.docx")]) == 2
    assert "“.docx”" in capsys.readouterr().err
    assert list(tmp_path.iterdir()) == []


def test_unreadable_report_or_unwritable_output_exits_2(tmp_path, capsys):
    bad = tmp_path / "坏.giapp.json"
    bad.write_text(json.dumps({"format": "other"}), encoding="utf-8")
    assert main(["export", str(bad), "-o", str(tmp_path / "a.pdf")]) == 2
    assert "无法导入" in capsys.readouterr().err
    assert main(["export", EXAMPLE, "-o", str(tmp_path / "没有的文件夹" / "a.pdf")]) == 2
    assert "不存在" in capsys.readouterr().err
