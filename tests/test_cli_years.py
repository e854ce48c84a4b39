"""`giapp carry` and `giapp check --previous`, as a clerk or a script runs them."""

import json

from giapp.cli import EXIT_ERRORS, EXIT_OK, EXIT_UNREADABLE, main
from giapp.exchange.reportfile import read_report_file


def _sample(tmp_path, capsys):
    path = tmp_path / "2020.giapp.json"
    assert main(["example", "--form", "gov-2019", "-o", str(path)]) == EXIT_OK
    capsys.readouterr()
    return path


def test_carry_writes_next_years_report_in_the_current_format(tmp_path, capsys, forms):
    prev = _sample(tmp_path, capsys)
    out = tmp_path / "2021.giapp.json"
    assert main(["carry", str(prev), "-o", str(out)]) == EXIT_OK
    printed = capsys.readouterr().out
    assert "黑龙江省人民防空办公室2021年政府信息公开工作年度报告" in printed
    assert "二、上年结转政府信息公开申请数量 / 自然人：0" in printed
    assert "沿用了上年的文字（请逐段按本年情况改写）：一、总体情况、五、存在的主要问题及改进情况" in printed
    spec, report = read_report_file(out, forms)
    assert (spec.id, report.year, report.agency) == ("gov-2021", 2021, "黑龙江省人民防空办公室")
    assert report.carried == {
        f"applications.carried.{c}": 0
        for c in ("natural", "commercial", "research", "nonprofit", "legal", "other")
    }
    assert report.texts_carried["overview"].startswith("2020年，省人防办")


def test_carry_does_not_overwrite_a_file(tmp_path, capsys):
    prev = _sample(tmp_path, capsys)
    out = tmp_path / "mine.giapp.json"
    out.write_text("我的草稿", encoding="utf-8")
    assert main(["carry", str(prev), "-o", str(out)]) == EXIT_UNREADABLE
    assert "已经存在" in capsys.readouterr().err
    assert out.read_text(encoding="utf-8") == "我的草稿"


def test_carry_refuses_a_year_that_does_not_follow(tmp_path, capsys):
    prev = _sample(tmp_path, capsys)
    out = tmp_path / "2023.giapp.json"
    assert main(["carry", str(prev), "--year", "2023", "-o", str(out)]) == EXIT_UNREADABLE
    assert "请选择2022年度的报告" in capsys.readouterr().err
    assert not out.exists()


def test_check_with_previous_reports_an_edited_carry_over(tmp_path, capsys, forms):
    prev = _sample(tmp_path, capsys)
    new = tmp_path / "2021.giapp.json"
    main(["carry", str(prev), "-o", str(new)])
    data = json.loads(new.read_text(encoding="utf-8"))
    data["values"]["applications.carried.natural"] = 2
    data["values"]["applications.forward.natural"] = 2
    new.write_text(json.dumps(data, ensure_ascii=False), encoding="utf-8")
    capsys.readouterr()
    for extra in ([], ["--previous", str(prev)]):
        assert main(["check", str(new), *extra]) == EXIT_ERRORS
        out = capsys.readouterr().out
        assert "[错误 X1] 三、收到和处理政府信息公开申请情况 / 自然人：" in out
        assert "（应为 0，实为 2）" in out
        assert "[提醒 C6] 一、总体情况：" in out


def test_check_with_a_previous_report_of_the_wrong_year_is_refused(tmp_path, capsys):
    prev = _sample(tmp_path, capsys)
    assert main(["check", str(prev), "--previous", str(prev)]) == EXIT_UNREADABLE
    assert "请给出2019年度的报告" in capsys.readouterr().err


def test_check_json_points_into_the_text(tmp_path, capsys):
    prev = _sample(tmp_path, capsys)
    assert main(["check", str(prev), "--json"]) == EXIT_ERRORS
    findings = json.loads(capsys.readouterr().out)
    n1 = next(f for f in findings if f["rule"] == "N1")
    assert (n1["section"], n1["expected"], n1["found"], n1["end"] - n1["start"]) == ("overview", "5", "3", 1)
    c3 = next(f for f in findings if f["rule"] == "C3")
    assert (c3["section"], c3["start"]) == ("other", -1)


def test_completeness_warnings_print_without_empty_values(tmp_path, capsys):
    prev = _sample(tmp_path, capsys)
    main(["check", str(prev)])
    out = capsys.readouterr().out
    assert "[提醒 C5] 成文日期：还没有填写成文日期。请填写报告落款处的日期。\n" in out


def test_carry_into_an_impossible_year_says_so(tmp_path):
    import subprocess
    import sys

    last = tmp_path / "2022.giapp.json"
    subprocess.run(
        [sys.executable, "-m", "giapp", "example", "-o", str(last)], check=True, capture_output=True
    )
    r = subprocess.run(
        [
            sys.executable,
            "-m",
            "giapp",
            "carry",
            str(last),
            "-o",
            str(tmp_path / "x.giapp.json"),
            "--year",
            "99999",
        ],
        capture_output=True,
        text=True,
        check=False,
    )
    assert r.returncode == 2
    assert "年度 99999 不对" in r.stderr
