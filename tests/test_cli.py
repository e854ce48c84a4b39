"""The headless `giapp` commands, run as a clerk or a script would run them."""

import json
import subprocess
import sys

import pytest


def giapp(*args, cwd=None):
    return subprocess.run(
        [sys.executable, "-m", "giapp", *args],
        capture_output=True,
        text=True,
        cwd=cwd,
        timeout=120,
        check=False,
    )


def test_forms_lists_both_formats():
    r = giapp("forms")
    assert r.returncode == 0
    assert "gov-2019" in r.stdout and "gov-2021" in r.stdout
    assert "国办公开办函〔2021〕30号" in r.stdout


def test_check_on_the_sample_prints_its_errors_and_exits_1(tmp_path):
    path = tmp_path / "sample.giapp.json"
    assert giapp("example", "--form", "gov-2019", "-o", str(path)).returncode == 0
    r = giapp("check", str(path))
    assert r.returncode == 1, r.stderr
    assert "共 4 个错误" in r.stdout
    assert "“自然人”一列不平衡" in r.stdout
    assert "Traceback" not in r.stdout + r.stderr


def test_check_json_has_the_documented_keys(tmp_path):
    path = tmp_path / "sample.giapp.json"
    giapp("example", "--form", "gov-2019", "-o", str(path))
    r = giapp("check", str(path), "--json")
    findings = json.loads(r.stdout)
    s1 = [f for f in findings if f["rule"] == "S1"]
    assert s1 == [
        {
            "rule": "S1",
            "severity": "error",
            "table": "三、收到和处理政府信息公开申请情况",
            "row": "",
            "column": "自然人",
            "expected": "3",
            "found": "5",
            "message": s1[0]["message"],
            "section": "",
            "start": -1,
            "end": -1,
        }
    ]
    assert {tuple(sorted(f)) for f in findings} == {
        (
            "column",
            "end",
            "expected",
            "found",
            "message",
            "row",
            "rule",
            "section",
            "severity",
            "start",
            "table",
        )
    }


def test_check_on_a_consistent_report_exits_0(tmp_path):
    path = tmp_path / "ok.giapp.json"
    giapp("example", "--form", "gov-2021", "-o", str(path))
    r = giapp("check", str(path))
    assert r.returncode == 0
    assert "检查通过" in r.stdout


@pytest.mark.parametrize("content", [b"{not json", b"\x00\x01\x02", b'{"format": "other"}'])
def test_check_on_a_bad_file_exits_2_with_one_line_and_no_traceback(tmp_path, content):
    path = tmp_path / "bad.giapp.json"
    path.write_bytes(content)
    r = giapp("check", str(path))
    assert r.returncode == 2
    assert r.stdout == ""
    assert len(r.stderr.strip().splitlines()) == 1
    assert "Traceback" not in r.stderr and "bad.giapp.json" in r.stderr


def test_check_on_a_missing_file_exits_2(tmp_path):
    r = giapp("check", str(tmp_path / "missing.giapp.json"))
    assert r.returncode == 2 and "找不到" in r.stderr


def test_example_writes_the_sample_exactly_as_published(tmp_path, forms):
    from giapp.exchange.reportfile import read_report_file

    path = tmp_path / "s.giapp.json"
    giapp("example", "--form", "gov-2019", "-o", str(path))
    spec, report = read_report_file(path, forms)
    assert report.agency == "黑龙江省人民防空办公室" and report.year == 2020
    assert report.values["applications.new.natural"] == 3
    assert report.entered_totals["applications.new.total"] == 0  # printed wrong, kept as printed


def test_an_unwritable_output_is_said_in_chinese(tmp_path):
    r = giapp("example", "-o", str(tmp_path / "没有的文件夹" / "x.giapp.json"))
    assert r.returncode == 2
    assert "文件或文件夹不存在" in r.stderr
    assert "No such file" not in r.stderr
    r = giapp("example", "-o", str(tmp_path))
    assert r.returncode == 2 and "No such" not in r.stderr and "Is a directory" not in r.stderr


def test_drafts_with_a_data_folder_that_cannot_be_made_exits_2_in_chinese(tmp_path):
    import os

    blocker = tmp_path / "blocker"
    blocker.write_text("x")
    r = subprocess.run(
        [sys.executable, "-m", "giapp", "drafts", "list"],
        capture_output=True,
        text=True,
        timeout=120,
        check=False,
        env={**os.environ, "GIAPP_HOME": str(blocker / "data")},
    )
    assert r.returncode == 2
    assert "无法使用保存草稿的文件夹" in r.stderr and "Traceback" not in r.stderr


@pytest.mark.parametrize(
    ("args", "says"),
    [
        (["check"], "缺少必须给出的参数"),
        (["drafts", "export", "abc", "-o", "x"], "“abc”不是整数"),
        (["frobnicate"], "“frobnicate”不在可选范围内"),
        (["example", "--form", "gov-1999", "-o", "x"], "“gov-1999”不在可选范围内"),
    ],
)
def test_a_mistyped_command_is_explained_in_chinese(args, says):
    r = giapp(*args)
    assert r.returncode == 2
    assert says in r.stderr and "命令写法不对" in r.stderr
    for english in ("usage:", "error:", "required", "invalid"):
        assert english not in r.stderr


def test_a_bug_of_ours_is_one_chinese_line_and_the_traceback_goes_to_the_log(monkeypatch, capsys, giapp_home):
    from giapp import cli

    def broken(args):
        raise RuntimeError("a bug")

    monkeypatch.delenv("GIAPP_DEBUG", raising=False)
    monkeypatch.setattr(cli, "cmd_forms", broken)
    assert cli.main(["forms"]) == 2
    err = capsys.readouterr().err
    assert "程序出错，没有完成" in err and "Traceback" not in err
    log = (giapp_home / "giapp-errors.log").read_text(encoding="utf-8")
    assert "RuntimeError: a bug" in log
