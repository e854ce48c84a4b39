"""`giapp drafts list | export | import`: drafts to and from report files, errors as one Chinese line."""

from __future__ import annotations

import json

from giapp.cli import main
from giapp.exchange.reportfile import read_report_file
from giapp.store import DraftStore


def test_import_list_export_round_trip(tmp_path, capsys, forms):
    example = tmp_path / "example.giapp.json"
    assert main(["example", "--form", "gov-2019", "-o", str(example)]) == 0
    assert main(["drafts", "list"]) == 0
    assert "还没有草稿" in capsys.readouterr().out
    assert main(["drafts", "import", str(example), "--name", "去年的报告"]) == 0
    assert "已导入为草稿 1：黑龙江省人民防空办公室2020年政府信息公开工作年度报告" in capsys.readouterr().out
    assert main(["drafts"]) == 0
    line = capsys.readouterr().out.strip()
    assert line.startswith("1\t去年的报告\tgov-2019\t2020\t最后修改：")
    out = tmp_path / "back.giapp.json"
    assert main(["drafts", "export", "1", "-o", str(out)]) == 0
    assert json.loads(out.read_text("utf-8")) == json.loads(example.read_text("utf-8"))
    assert read_report_file(out, forms) == read_report_file(example, forms)


def test_list_all_shows_the_bin(capsys, forms):
    with DraftStore.open() as s:
        s.delete(s.create("gov-2021", "某县", 2023, name="旧稿"))
    assert main(["drafts", "list"]) == 0
    assert "旧稿" not in capsys.readouterr().out
    assert main(["drafts", "list", "--all"]) == 0
    out = capsys.readouterr().out
    assert "旧稿\tgov-2021\t2023" in out and out.strip().endswith("[回收站]")


def test_errors_exit_2_with_one_chinese_line(tmp_path, capsys, giapp_home):
    bad = tmp_path / "bad.giapp.json"
    bad.write_text(
        '{"format": "giapp-report", "version": 1, "form": "gov-2021", "values": {"x.y.z": 1}}', "utf-8"
    )
    cases = [
        (["drafts", "export", "9", "-o", str(tmp_path / "x.json")], "找不到编号为 9 的草稿"),
        (["drafts", "import", str(bad)], "本表式没有的填报格“x.y.z”"),
        (["drafts", "import", str(tmp_path / "missing.giapp.json")], "找不到文件"),
    ]
    for argv, says in cases:
        assert main(argv) == 2
        err = capsys.readouterr().err
        assert says in err and len(err.strip().splitlines()) == 1 and "Traceback" not in err
    assert main(["drafts", "list"]) == 0 and "还没有草稿" in capsys.readouterr().out  # nothing was imported
    (giapp_home / "drafts.sqlite3").write_bytes(b"not a database" * 100)
    assert main(["drafts", "list"]) == 2
    assert "已损坏" in capsys.readouterr().err
