"""`giapp --self-test` prints one Chinese line per step, never touches the real data folder, fails loudly."""

from __future__ import annotations

import importlib.util
import os

from giapp import cli, selftest


def _run(monkeypatch=None) -> tuple[int, list[str]]:
    lines: list[str] = []
    code = selftest.run_self_test(out=lines.append)
    return code, lines


def _statuses(lines: list[str]) -> dict[str, str]:
    """'PDF：读回：OK（…）' → {'PDF：读回': 'OK'} for the step lines."""
    labels = [label for label, _ in selftest.STEPS]
    out = {}
    for line in lines:
        for label in labels:
            if line.startswith(label + "："):
                out[label] = line[len(label) + 1 :].split("（", 1)[0]
    return out


def test_self_test_passes_with_one_line_per_step(giapp_home):
    code, lines = _run()
    assert code == 0, "\n".join(lines)
    statuses = _statuses(lines)
    assert list(statuses) == [label for label, _ in selftest.STEPS]
    assert statuses["检查：示例报告的已知问题"] == "OK"
    assert "错误 I1、I2、I2、S1，提醒 N1、C3" in next(x for x in lines if x.startswith("检查："))
    assert statuses["界面：Qt 组件可以启动"] == "OK"
    assert lines[-1].startswith("自检通过")


def test_each_optional_part_is_used_when_this_build_has_it():
    """After the PDF, workbook and store branches are merged, their steps must say OK, not 未包含."""
    _, lines = _run()
    statuses = _statuses(lines)
    parts = {
        "giapp.exchange.pdf": ["PDF：导出示例报告", "PDF：读回"],
        "giapp.exchange.xlsx": ["Excel工作簿：导出示例报告", "Excel工作簿：读回"],
    }
    for module, labels in parts.items():
        expected = selftest.OK if importlib.util.find_spec(module) else selftest.ABSENT
        for label in labels:
            assert statuses[label] == expected, (label, lines)
    import giapp.store

    store_expected = selftest.OK if hasattr(giapp.store, "DraftStore") else selftest.ABSENT
    assert statuses["草稿库：保存后重新打开"] == store_expected, lines


def test_self_test_works_in_a_temporary_folder_and_leaves_the_data_folder_alone(giapp_home):
    before = os.environ["GIAPP_HOME"]
    _, lines = _run()
    folder_line = next(x for x in lines if x.startswith("数据文件夹"))
    assert "giapp-自检-" in folder_line
    assert os.environ["GIAPP_HOME"] == before
    assert not giapp_home.exists() or not any(giapp_home.iterdir())


def test_a_program_folder_without_its_resources_fails_with_a_reason(monkeypatch, tmp_path):
    # an incomplete copy: the forms are there, the resources folder is empty
    import giapp.paths

    empty = tmp_path / "resources"
    empty.mkdir()
    monkeypatch.setattr(giapp.paths, "resources_dir", lambda: empty)
    code, lines = _run()
    assert code == 1
    line = next(x for x in lines if x.startswith("程序文件"))
    assert "失败" in line and "resources/fonts/wqy-microhei.ttc" in line
    assert lines[-1].startswith("自检未通过：") and lines[-1].endswith("请把以上内容发给技术支持。")


def test_a_step_that_crashes_becomes_a_failed_line_not_a_traceback(monkeypatch, capsys):
    def broken(run):
        raise KeyError("gov-2019")

    monkeypatch.setattr(selftest, "STEPS", [("示例报告：载入", broken)])
    code, lines = _run()
    assert code == 1
    assert lines[1] == "示例报告：载入：失败（KeyError：'gov-2019'）"
    assert "Traceback" not in capsys.readouterr().err


def test_cli_flag_runs_the_self_test_before_any_window(capsys):
    assert cli.main(["--self-test"]) == 0
    out = capsys.readouterr().out
    assert "自检（程序位置" in out
    assert "自检通过" in out
