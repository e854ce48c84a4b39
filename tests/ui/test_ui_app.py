"""The app as a whole: start page, drafts that survive closing, checks that lead to the cell, file menu."""

from __future__ import annotations

import sys

from PySide6.QtCore import QPoint, Qt
from PySide6.QtTest import QTest
from PySide6.QtWidgets import QApplication
from ui_support import RecordingMessenger, grid_of, new_report, type_into

from giapp.catalog import all_forms
from giapp.exchange.reportfile import read_report_file, write_report_file
from giapp.store import DraftStore
from giapp.ui import app as app_module
from giapp.ui.mainwindow import MainWindow
from giapp.ui.narrative import SAVE_DELAY_MS

T = "applications"


def test_start_page_preselects_the_format_of_the_year(window):
    start = window.start
    start.year.setValue(2020)
    assert start.form.currentData() == "gov-2019"
    start.year.setValue(2023)
    assert start.form.currentData() == "gov-2021"


def test_a_new_report_needs_an_agency_and_shows_it_in_the_title(qtbot, window):
    window.start.create_button.click()
    assert window.doc is None
    assert "机关名称" in window.start.hint.text()
    window.start.agency.setFocus()
    qtbot.keyClicks(window.start.agency, "abc")  # typed from the keyboard, then Enter
    window.start.agency.setText("某县财政局")
    qtbot.keyClick(window.start.agency, Qt.Key.Key_Return)
    assert window.doc is not None
    title = window.windowTitle()
    assert "某县财政局" in title and str(window.start.year.value()) in title and window.doc.spec.name in title
    assert window.doc.report.agency == "某县财政局"
    assert window.doc.spec.id == window.start.form.currentData()
    # the text sections start from the form's template
    assert window.doc.report.texts["overview"].startswith("（一）主动公开情况")


def test_close_and_reopen_finds_every_value_and_text(qtbot, window, messenger):
    doc = new_report(window, agency="某区教育局")
    grid = grid_of(window)
    type_into(qtbot, grid, f"{T}.new.natural", "8")
    type_into(qtbot, grid, f"{T}.r_public.natural", "6")
    grid.select_key(f"{T}.forward.natural")
    grid.paste("2\t1\n")
    editor = window.editor.show_section("problems")
    editor.text.setFocus()
    editor.text.selectAll()
    qtbot.keyClicks(editor.text, "text")
    editor.text.insertPlainText(
        "人员变动较大，培训不足。"
    )  # what an IME would commit; closed before the debounce
    window.close()

    again = MainWindow(DraftStore.open(), RecordingMessenger())
    qtbot.addWidget(again)
    again.restore_last()
    assert again.doc is not None, "the last draft opens by itself"
    assert again.doc.draft_id == doc.draft_id
    values = again.doc.report.values
    assert values[f"{T}.new.natural"] == 8
    assert values[f"{T}.r_public.natural"] == 6
    assert values[f"{T}.forward.natural"] == 2 and values[f"{T}.forward.commercial"] == 1
    assert again.doc.report.texts["problems"] == "text人员变动较大，培训不足。"
    assert again.editor.sections["problems"].text.toPlainText() == "text人员变动较大，培训不足。"
    assert "某区教育局" in again.windowTitle()


def test_narrative_is_saved_while_typing(qtbot, window):
    doc = new_report(window)
    editor = window.editor.show_section("other")
    editor.text.setFocus()
    editor.text.selectAll()
    qtbot.keyClicks(editor.text, "no fees")
    qtbot.waitUntil(
        lambda: window.store.load(doc.draft_id).texts.get("other") == "no fees", timeout=SAVE_DELAY_MS * 6
    )
    assert "已自动保存" in window.saved.text()


def test_selecting_a_finding_lands_on_its_cell(qtbot, window):
    window.start.example_buttons["gov-2019"].click()
    doc = window.doc
    assert doc.report.agency == "黑龙江省人民防空办公室"
    rules = {f.rule for f in doc.findings}
    assert {"I1", "I2", "S1"} <= rules  # the printed totals of the sample are wrong, and so is its balance
    window.editor.show_section("overview")
    panel = window.editor.checks
    kinds = set()
    for i in range(panel.topLevelItemCount()):
        item = panel.topLevelItem(i)
        f = panel.finding(item)
        panel.scrollToItem(item)
        QApplication.processEvents()  # let the small panel scroll before clicking
        rect = panel.visualItemRect(item)
        # a different spot each time: two quick clicks on one spot would be a double-click
        spot = QPoint(rect.left() + 20 + 60 * i, rect.center().y())
        QTest.mouseClick(panel.viewport(), Qt.MouseButton.LeftButton, pos=spot)
        assert panel.currentItem() is item
        if f.in_text:  # a figure in the text that contradicts the table: the sentence is selected
            editor = window.editor.sections[f.section]
            assert window.editor.pages.currentWidget() is editor and editor.text.hasFocus()
            assert editor.text.textCursor().selectedText() == doc.report.texts[f.section][f.start : f.end]
            kinds.add("text")
        elif f.cells:
            grid = window.editor.current_grid()
            assert grid is not None
            assert grid.grid_model().key_at(grid.currentIndex()) == f.cells[0]
            assert grid.hasFocus()
            kinds.add("cell")
        elif f.section:
            assert window.editor.pages.currentWidget() is window.editor.sections[f.section]
            kinds.add("section")
        else:  # 成文日期 missing: the date field of the first page
            assert QApplication.focusWidget() is window.editor.sections["preamble"].info.date
            kinds.add("field")
    assert kinds == {"text", "cell", "section", "field"}
    # the text's sentence is marked in its editor too
    overview = window.editor.sections["overview"]
    assert overview.text.extraSelections()
    # the badge of table 三 counts its errors
    item = window.editor._items[T]
    assert item.text(1) == f"错{len(doc.findings_of_table(T))}"
    # adopting the computed totals leaves only what is really wrong
    window.editor.accept_totals.click()
    assert {f.rule for f in doc.findings if f.is_error} == {"S1", "N1"} or {
        f.rule for f in doc.findings if f.is_error
    } == {"S1"}
    assert not window.editor.banner.isVisible()


def test_a_warning_keeps_its_explanation(qtbot, window):
    doc = new_report(window, year=2020)
    grid = grid_of(window, "rule_docs")
    grid.select_key("rule_docs.regulations.new_public")
    grid.paste("5\t3\n")  # 本年新公开 5 > 对外公开总数 3
    panel = window.editor.checks
    items = [panel.topLevelItem(i) for i in range(panel.topLevelItemCount())]
    item = next(i for i in items if panel.finding(i).rule == "W1")
    assert item.text(0) == "提醒"
    item.setText(7, "去年公开的规章今年废止了一部分")
    f = panel.finding(item)
    assert window.store.load(doc.draft_id).notes[f.id] == "去年公开的规章今年废止了一部分"


def test_import_and_export_a_report_file(qtbot, window, messenger, tmp_path):
    from giapp.examples import example_report

    spec, report = example_report("gov-2021")
    source = tmp_path / "in.giapp.json"
    write_report_file(source, spec, report)
    messenger.answers = [str(source), True]
    window.start.import_button.click()
    assert window.doc is not None and window.doc.report.values == report.values
    assert any("检查通过" in t or "检查发现" in t for t in messenger.texts())
    out = tmp_path / "out"
    messenger.answers = [str(out)]
    from giapp.ui import files

    files.export_report_file(window)
    _, back = read_report_file(str(out) + ".giapp.json", all_forms())
    assert back.values == report.values and back.texts == report.texts


def test_file_menu_copy_rename_delete(window, messenger):
    doc = new_report(window, agency="某乡政府")
    from giapp.ui import files

    messenger.answers = ["某乡政府（修改稿）"]
    files.save_copy(window)
    assert window.doc.draft_id != doc.draft_id
    names = {i.name for i in window.store.list()}
    assert "某乡政府（修改稿）" in names
    messenger.answers = ["最终稿"]
    files.rename(window)
    assert any(i.name == "最终稿" for i in window.store.list())
    messenger.answers = [True]
    files.delete(window)
    assert window.doc is None and window.stack.currentWidget() is window.start
    assert all(i.name != "最终稿" for i in window.store.list())
    assert any(i.name == "最终稿" for i in window.store.list(include_deleted=True))


def test_no_traceback_reaches_the_clerk(giapp_home, monkeypatch):
    shown = []
    monkeypatch.setattr(sys, "excepthook", sys.excepthook)
    app_module.install_excepthook(lambda title, text: shown.append(text))
    try:
        raise RuntimeError("boom")
    except RuntimeError:
        sys.excepthook(*sys.exc_info())
    assert shown and "意外问题" in shown[0] and "Traceback" not in shown[0]
    log = (giapp_home / app_module.LOG_NAME).read_text(encoding="utf-8")
    assert "RuntimeError: boom" in log
    # it promises nothing it cannot know: the failed action may itself have been a save
    assert "已经保存的内容不受影响" in shown[0] and "都已自动保存" not in shown[0]
    assert str(giapp_home / app_module.LOG_NAME) in shown[0]


def test_qt_speaks_chinese_and_the_bundled_font_has_every_label_glyph(window):
    from PySide6.QtCore import QCoreApplication
    from PySide6.QtGui import QFontDatabase, QFontMetrics

    assert QCoreApplication.translate("QPlatformTheme", "Cancel") == "取消"
    assert any("WenQuanYi" in f or "文泉" in f for f in QFontDatabase.families())
    font = QApplication.font()
    fm = QFontMetrics(font)
    spec = all_forms()["gov-2019"]
    chars = {ch for t in spec.tables.values() for h in t.header for ch in h.text}
    chars |= {ch for t in spec.tables.values() for r in t.rows for lab in r.labels for ch in lab}
    missing = [ch for ch in chars if not ch.isspace() and not fm.inFontUcs4(ord(ch))]
    assert not missing


def test_money_unit_can_be_switched_and_is_kept(window):
    doc = new_report(window, year=2020)
    grid = grid_of(window, "procurement")
    m = grid.model()
    doc.set_unit("procurement", "amount", "元")
    texts = {m.data(m.index(r, c)) for r in range(m.rowCount()) for c in range(m.columnCount())}
    assert "采购总金额（单位：元）" in texts
    assert window.store.load(doc.draft_id).units == {"procurement.amount": "元"}


def test_f8_walks_through_the_findings(qtbot, window):
    window.start.example_buttons["gov-2019"].click()
    doc = window.doc
    seen = [window.editor.next_finding() for _ in doc.findings]
    assert [f.id for f in seen] == [f.id for f in doc.findings]
    assert window.editor.next_finding() == doc.findings[0]  # wraps around
    grid = window.editor.current_grid()
    assert grid.grid_model().key_at(grid.currentIndex()) == doc.findings[0].cells[0]


def test_print_document_has_the_merged_official_table(window):
    from giapp.examples import example_report
    from giapp.ui.printing import report_html, text_document

    spec, report = example_report("gov-2021")
    html = report_html(spec, report)
    assert "（本列数据的勾稽关系为：第一项加第二项之和，等于第三项加第四项之和）" in html
    assert 'rowspan="3" colspan="3"' in html
    assert "三、本年度办理结果" in html and report.texts["overview"].splitlines()[0] in html
    assert text_document(spec, report).pageCount() >= 1


def test_window_geometry_is_remembered_in_the_data_folder(qtbot, window, giapp_home):
    window.resize(720, 503)  # within the offscreen screen (800 × 600)
    size = (window.width(), window.height())
    assert size != (1280, 820)  # not the default size
    window.close()
    assert (giapp_home / "window.ini").exists()
    again = MainWindow(DraftStore.open(), RecordingMessenger())
    qtbot.addWidget(again)
    assert (again.width(), again.height()) == size


def test_open_dialog_lists_drafts_and_restores_a_deleted_one(qtbot, window, messenger):
    from giapp.ui.files import OpenDialog

    doc = new_report(window, agency="某镇政府")
    draft = doc.draft_id
    messenger.answers = [True]
    from giapp.ui import files

    files.delete(window)
    dialog = OpenDialog(window.store, window)
    qtbot.addWidget(dialog)
    assert dialog.list.count() == 0
    dialog.show_deleted.setChecked(True)
    assert dialog.list.count() == 1 and "已删除" in dialog.list.item(0).text()
    dialog.restore_button.click()
    assert any(i.id == draft for i in window.store.list())
    dialog.open_button.click()
    assert dialog.chosen == draft


RUN_AND_CLOSE = """
import sys
from PySide6.QtCore import QTimer
from PySide6.QtWidgets import QApplication
from giapp.ui import app as app_module
from giapp.ui.mainwindow import MainWindow
seen = []
def look_and_close():
    windows = [w for w in QApplication.topLevelWidgets() if isinstance(w, MainWindow) and w.isVisible()]
    seen.extend(w.windowTitle() for w in windows)
    for w in windows:
        w.close()
    QApplication.quit()
app_module.setup_application([])
QTimer.singleShot(50, look_and_close)
rc = app_module.run([])
print(rc, sys.excepthook is not sys.__excepthook__, "|".join(seen))
"""


def test_run_shows_the_window_and_returns_when_it_closes(giapp_home):
    # In its own process: once an application's event loop has run and quit, Qt in that process no longer
    # delivers a worker thread's queued signals to later tests.
    import os
    import subprocess

    env = {**os.environ, "QT_QPA_PLATFORM": "offscreen", "GIAPP_HOME": str(giapp_home)}
    r = subprocess.run(
        [sys.executable, "-c", RUN_AND_CLOSE],
        capture_output=True,
        text=True,
        env=env,
        timeout=120,
        check=False,
    )
    rc, hooked, titles = r.stdout.strip().splitlines()[-1].split(" ", 2)
    assert (rc, hooked) == ("0", "True"), r.stderr
    assert "政府信息公开年度报告填报助手" in titles


def test_looking_at_a_section_writes_nothing(window):
    window.start.example_buttons["gov-2019"].click()  # the sample has no 六、其他需要报告的事项
    doc = window.doc
    before = list(doc.findings)
    editor = window.editor.show_text("other")
    assert editor.text.toPlainText()  # the template is offered…
    grid = grid_of(window)
    grid.setFocus()  # …leaving the box does not make it the clerk's text
    assert "other" not in window.store.load(doc.draft_id).texts
    assert doc.findings == before
