"""The 导出 menu: hidden without the exporters, wired to them when they are installed, asks before
exporting a report with errors, and shows what an imported workbook's checks found before keeping it."""

from __future__ import annotations

import importlib.machinery
import sys
import types

import pytest
from ui_support import RecordingMessenger

from giapp.store import DraftStore
from giapp.ui.mainwindow import MainWindow


class PdfError(Exception):
    pass


def _module(name: str, **funcs) -> types.ModuleType:
    m = types.ModuleType(name)
    m.__spec__ = importlib.machinery.ModuleSpec(name, None)
    for k, v in funcs.items():
        setattr(m, k, v)
    return m


@pytest.fixture
def exporters(monkeypatch):
    calls = []
    PdfError.__module__ = "giapp.exchange.pdf"

    def write_pdf(path, spec, report):
        if "refuse" in str(path):
            raise PdfError("文件夹不存在，请换一个文件夹保存 PDF。")
        calls.append(("pdf", str(path), spec.id, dict(report.values)))

    def write_workbook(path, spec, report):
        calls.append(("xlsx", str(path), spec.id, dict(report.values)))

    def read_workbook(path, forms):
        from giapp.core.rules import check
        from giapp.examples import example_report

        spec, report = example_report("gov-2019")
        return spec, report, check(spec, report)

    monkeypatch.setitem(sys.modules, "giapp.exchange.pdf", _module("giapp.exchange.pdf", write_pdf=write_pdf))
    monkeypatch.setitem(
        sys.modules,
        "giapp.exchange.xlsx",
        _module("giapp.exchange.xlsx", write_workbook=write_workbook, read_workbook=read_workbook),
    )
    return calls


def _window(qtbot, messenger):
    w = MainWindow(DraftStore.open(), messenger)
    qtbot.addWidget(w)
    return w


def test_export_menu_is_always_there_and_needs_an_open_report(qtbot):
    w = _window(qtbot, RecordingMessenger())
    menu = next(a.menu() for a in w.menuBar().actions() if a.text().startswith("导出"))
    texts = [a.text() for a in menu.actions() if not a.isSeparator()]
    assert texts == ["导出PDF(&P)…", "打印预览(&V)…", "打印(&R)…", "导出Excel(&E)…", "导入Excel(&I)…"]
    assert all(a.isVisible() for a in w.export_actions.values())
    assert [n for n, a in w.export_actions.items() if a.isEnabled()] == [
        "import_xlsx"
    ]  # the rest need a report
    w.new_report("某市统计局", 2021, "gov-2021")
    assert all(a.isEnabled() for a in w.export_actions.values())


def test_export_pdf_and_workbook_through_the_exchange_layer(qtbot, exporters, tmp_path):
    messenger = RecordingMessenger()
    w = _window(qtbot, messenger)
    w.new_report("某市统计局", 2021, "gov-2021")
    w.doc.set_values({"applications.new.natural": 2, "applications.r_public.natural": 2}, "填写")
    assert w.export_actions["pdf"].isVisible() and w.export_actions["pdf"].isEnabled()
    messenger.answers = [str(tmp_path / "report"), False]  # the file name; not opened afterwards
    w.export_actions["pdf"].trigger()
    messenger.answers = [str(tmp_path / "report.xlsx")]
    w.export_actions["xlsx"].trigger()
    assert [c[:3] for c in exporters] == [
        ("pdf", str(tmp_path / "report.pdf"), "gov-2021"),
        ("xlsx", str(tmp_path / "report.xlsx"), "gov-2021"),
    ]
    assert exporters[0][3]["applications.new.natural"] == 2
    # no errors: nothing to confirm; only the offer to open the PDF, declined
    assert [text.splitlines()[-1] for kind, text in messenger.shown if kind == "ask"] == [
        "现在用PDF 阅读器打开它吗？"
    ]
    assert messenger.opened == []
    messenger.answers = [str(tmp_path / "refuse" / "x.pdf")]
    w.export_actions["pdf"].trigger()
    assert messenger.shown[-1] == ("error", "文件夹不存在，请换一个文件夹保存 PDF。")


def test_a_report_with_errors_asks_before_export(qtbot, exporters, tmp_path):
    messenger = RecordingMessenger()
    w = _window(qtbot, messenger)
    w.new_report("某市统计局", 2021, "gov-2021")
    w.doc.set_values({"applications.new.natural": 2}, "填写")  # 2 applications, no result: S1 fails
    messenger.answers = [False]
    w.export_actions["pdf"].trigger()
    assert exporters == []
    assert "1 个错误" in messenger.texts()[-1]
    messenger.answers = [True, str(tmp_path / "anyway.pdf")]
    w.export_actions["pdf"].trigger()
    assert exporters and exporters[0][1].endswith("anyway.pdf")


def test_import_workbook_shows_the_findings_first(qtbot, exporters, tmp_path):
    messenger = RecordingMessenger()
    w = _window(qtbot, messenger)
    messenger.answers = [str(tmp_path / "in.xlsx"), False]
    w.export_actions["import_xlsx"].trigger()
    assert w.doc is None and w.store.list() == []
    summary = messenger.texts()[-1]
    assert "检查发现 4 个错误" in summary and "不平衡" in summary
    messenger.answers = [str(tmp_path / "in.xlsx"), True]
    w.export_actions["import_xlsx"].trigger()
    assert w.doc is not None and w.doc.report.agency == "黑龙江省人民防空办公室"


def test_export_pdf_with_the_real_exporter(qtbot, tmp_path):
    messenger = RecordingMessenger()
    w = _window(qtbot, messenger)
    w.open_example("gov-2021")
    assert w.export_actions["pdf"].isVisible() and w.export_actions["pdf"].isEnabled()
    messenger.answers = [str(tmp_path / "年度报告"), True]  # then yes, open it
    w.export_actions["pdf"].trigger()
    pdf = tmp_path / "年度报告.pdf"
    assert pdf.read_bytes().startswith(b"%PDF")
    assert "已导出" in w.statusBar().currentMessage()
    assert messenger.opened == [str(pdf)]


def test_workbook_export_and_import_with_the_real_exchange(qtbot, tmp_path):
    messenger = RecordingMessenger()
    w = _window(qtbot, messenger)
    w.open_example("gov-2021")
    values = dict(w.doc.report.values)
    assert w.doc.counts()[0] == 0  # the current-format example is right: no question before export
    messenger.answers = [str(tmp_path / "报告.xlsx")]
    w.export_actions["xlsx"].trigger()
    assert (tmp_path / "报告.xlsx").exists()
    messenger.answers = [str(tmp_path / "报告.xlsx"), True]
    w.export_actions["import_xlsx"].trigger()
    assert "导入" in w.store.list()[0].name
    assert w.doc.report.values == values
