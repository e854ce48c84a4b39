"""The 汇总 dialog, driven offscreen: progress ends, tables fill, drill-down, cancel, saving."""

from __future__ import annotations

import threading

import pytest
from openpyxl import load_workbook
from report_support import write_report

from giapp.exchange.reportfile import read_report_file
from giapp.ui.aggregate_dialog import AggregateDialog

write = write_report


class FakeStore:
    def __init__(self):
        self.created = []

    def create(self, form_id, agency, year, name="", report=None) -> int:
        self.created.append((form_id, agency, year, name, report))
        return 41


@pytest.fixture
def folder(tmp_path, spec21, spec19):
    d = tmp_path / "各单位"
    write(d, spec21, "一局", {"applications.new.natural": 2, "applications.r_public.natural": 2})
    write(d, spec21, "二局", {"applications.new.natural": 5})  # unbalanced: an error
    write(d, spec19, "三局", {"applications.new.natural": 9, "applications.r_public.natural": 9}, year=2020)
    return d


@pytest.fixture
def dialog(qtbot, forms, monkeypatch):
    monkeypatch.setattr("giapp.ui.aggregate_dialog.QMessageBox.information", lambda *a: None)
    store = FakeStore()
    dlg = AggregateDialog(None, forms, store=store)
    qtbot.addWidget(dlg)
    return dlg


def run(qtbot, dlg, paths) -> None:
    with qtbot.waitSignal(dlg.summaryReady, timeout=20000):
        dlg.start([str(p) for p in paths])
    qtbot.waitUntil(lambda: dlg.worker is None, timeout=5000)


def cells(model, column: int) -> list:
    return [model.index(r, column).data() for r in range(model.rowCount())]


def test_progress_ends_and_the_sources_table_is_filled(qtbot, dialog, folder):
    dialog.agency_edit.setText("某县人民政府")
    run(qtbot, dialog, [folder])
    assert (dialog.progress.value(), dialog.progress.maximum()) == (3, 3)
    m = dialog.sources_view.model()
    assert cells(m, 1) == ["一局", "三局", "二局"]
    assert cells(m, 3) == ["已汇总", "格式不符", "已汇总"]
    assert cells(m, 4) == [0, 0, 1]
    assert "共 3 个文件：已汇总 2，格式不符 1" in dialog.status_label.text()
    assert "1 个单位的报告有错误" in dialog.status_label.text()
    assert "某县人民政府2023年" in dialog.status_label.text()
    # sortable: by 错误 descending puts the unit to chase first
    dialog.sources_view.sortByColumn(
        4, dialog.sources_view.horizontalHeader().sortIndicatorOrder().DescendingOrder
    )
    assert m.index(0, 1).data() == "二局"
    assert dialog.export_button.isEnabled() and dialog.draft_button.isEnabled()


def test_choosing_a_summed_cell_lists_each_unit_and_its_value(qtbot, dialog, folder):
    run(qtbot, dialog, [folder])
    view = dialog.cells_view
    m = view.model()
    row = next(
        r
        for r in range(m.rowCount())
        if m.index(r, 1).data().startswith("一、本年新收") and m.index(r, 2).data() == "总计"
    )
    assert m.index(row, 3).data() == "7"
    view.setCurrentIndex(m.index(row, 0))
    b = dialog.breakdown_view.model()
    assert [(b.index(r, 0).data(), b.index(r, 2).data()) for r in range(b.rowCount())] == [
        ("一局", "2"),
        ("二局", "5"),
    ]
    assert "2 个单位，合计 7" in dialog.breakdown_label.text()


def test_cancel_stops_the_work_and_leaves_no_result(qtbot, dialog, tmp_path, spec21, monkeypatch):
    import giapp.ui.aggregate_views as module

    for i in range(20):
        write(tmp_path / "多", spec21, f"单位{i:02d}", {"applications.new.natural": i})
    reached, go = threading.Event(), threading.Event()
    real = module.aggregate

    def held_after_first_file(paths, forms, *, progress, **kw):
        def hold(*args):
            progress(*args)
            reached.set()
            go.wait(10)

        return real(paths, forms, progress=hold, **kw)

    monkeypatch.setattr(module, "aggregate", held_after_first_file)
    dialog.start([str(tmp_path / "多")])
    assert reached.wait(10)
    dialog.cancel()  # pressed while the worker is between files
    go.set()
    qtbot.waitUntil(lambda: dialog.worker is None, timeout=20000)
    assert dialog.summary is None
    assert dialog.status_label.text() == "已取消汇总，没有生成任何结果。"
    assert dialog.sources_view.model().rowCount() == 0
    assert dialog.start_button.isEnabled() and not dialog.export_button.isEnabled()


def test_the_summary_is_saved_as_a_draft_and_exported(qtbot, dialog, folder, tmp_path, forms):
    run(qtbot, dialog, [folder])
    dialog.agency_edit.setText("某县")  # typed after the summary was made
    with qtbot.waitSignal(dialog.draftCreated) as created:
        assert dialog.save_draft() == 41
    assert created.args == [41]
    form_id, agency, year, name, report = dialog.store.created[0]
    assert (form_id, agency, year, name) == ("gov-2021", "某县", 2023, "某县2023年汇总（2 个单位）")
    assert report.values["applications.new.natural"] == 7

    assert dialog.export_summary(str(tmp_path / "汇总.giapp.json"))
    assert read_report_file(tmp_path / "汇总.giapp.json", forms)[1].values["applications.new.natural"] == 7
    assert dialog.export_sources(str(tmp_path / "来源.xlsx"))
    assert load_workbook(tmp_path / "来源.xlsx").sheetnames == ["来源清单", "问题清单"]


def test_an_empty_folder_says_nothing_was_found(qtbot, dialog, tmp_path):
    (tmp_path / "空").mkdir()
    run(qtbot, dialog, [tmp_path / "空"])
    assert "没有找到任何工作簿" in dialog.status_label.text()
    assert not dialog.export_button.isEnabled() and not dialog.draft_button.isEnabled()


def test_without_a_store_handed_in_the_summary_is_saved_in_the_clerks_drafts(
    qtbot, forms, folder, monkeypatch
):
    from giapp.store import DraftStore

    monkeypatch.setattr("giapp.ui.aggregate_dialog.QMessageBox.information", lambda *a: None)
    dlg = AggregateDialog(None, forms)
    qtbot.addWidget(dlg)
    run(qtbot, dlg, [folder])
    assert dlg.draft_button.isEnabled()
    draft_id = dlg.save_draft()
    with DraftStore.open() as store:
        assert store.load(draft_id).values["applications.new.natural"] == 7


def test_closing_the_window_while_summing_stops_the_worker(qtbot, dialog, tmp_path, spec21, monkeypatch):
    import giapp.ui.aggregate_views as module

    for i in range(5):
        write(tmp_path / "多", spec21, f"单位{i}", {"applications.new.natural": i})
    reached = threading.Event()
    real = module.aggregate

    def slow(paths, forms, *, progress, cancel, **kw):
        def hold(*args):
            progress(*args)
            reached.set()
            while not cancel():  # a long file: only 取消 or closing ends it
                threading.Event().wait(0.01)

        return real(paths, forms, progress=hold, cancel=cancel, **kw)

    monkeypatch.setattr(module, "aggregate", slow)
    dialog.start([str(tmp_path / "多")])
    assert reached.wait(10)
    worker = dialog.worker
    dialog.reject()
    assert worker.isFinished()
    assert dialog.summary is None


def test_choosing_a_file_lists_its_own_problems(qtbot, dialog, folder):
    run(qtbot, dialog, [folder])
    view = dialog.sources_view
    m = view.model()
    row = cells(m, 1).index("二局")  # received 5 applications, gave no result: the balance error
    view.setCurrentIndex(m.index(row, 0))
    p = dialog.problems_view.model()
    assert [
        (p.index(r, 0).data(), p.index(r, 1).data(), p.index(r, 4).data()) for r in range(p.rowCount())
    ] == [("错误", "S1", "自然人")]
    assert dialog.problems_label.text() == "二局（二局.giapp.json）：已汇总，错误 1 个，提醒 0 个"
    view.setCurrentIndex(m.index(cells(m, 1).index("三局"), 0))
    assert p.index(0, 0).data() == "格式不符" and "2019年格式" in p.index(0, 7).data()


def test_worker_processes_started_from_the_dialog_thread_finish(qtbot, dialog, folder, monkeypatch):
    from giapp.exchange import aggregate_read

    monkeypatch.setattr(aggregate_read, "POOL_MIN_WORKBOOKS", 0)  # the pool even for these three files
    run(qtbot, dialog, [folder])
    assert cells(dialog.sources_view.model(), 3) == ["已汇总", "格式不符", "已汇总"]
    assert dialog.summary.values["applications.new.natural"] == 7
