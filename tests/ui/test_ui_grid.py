"""The report grid driven as a clerk drives it: typing, Enter/Tab, Delete, paste from Excel, undo and redo."""

from __future__ import annotations

from PySide6.QtCore import Qt
from PySide6.QtGui import QGuiApplication
from PySide6.QtTest import QTest
from PySide6.QtWidgets import QApplication
from ui_support import grid_of, ime_type, new_report, shown, type_into

from giapp.ui.gridmodel import KIND_ROLE

T = "applications"


def rules(doc, rule, col=None):
    return [f for f in doc.findings if f.rule == rule and (col is None or f.col_id == col)]


def test_typing_leaf_cells_updates_totals_and_balance(qtbot, window):
    doc = new_report(window)
    grid = grid_of(window)
    type_into(qtbot, grid, f"{T}.new.natural", "3")
    assert shown(grid, f"{T}.new.natural") == "3"
    assert shown(grid, f"{T}.new.total") == "3"  # the row's 总计, computed at once
    assert rules(doc, "S1", "natural"), "3 applications and no result: the balance must fail"
    panel_texts = [
        window.editor.checks.topLevelItem(i).text(6) for i in range(window.editor.checks.topLevelItemCount())
    ]
    assert any("不平衡" in t for t in panel_texts)
    assert "错误 1 个" in window.counts.text()

    type_into(qtbot, grid, f"{T}.r_public.natural", "2")
    type_into(qtbot, grid, f"{T}.r_partial.natural", "1")
    assert shown(grid, f"{T}.r_total.natural") == "3"  # （七）总计
    assert shown(grid, f"{T}.r_total.total") == "3"
    assert not rules(doc, "S1")
    panel = window.editor.checks
    assert all(panel.topLevelItem(i).text(0) == "提醒" for i in range(panel.topLevelItemCount()))
    assert "错误 0 个" in window.counts.text() or "检查通过" in window.counts.text()
    assert "已自动保存" in window.saved.text()
    # the store has every value, not just the screen
    assert window.store.load(doc.draft_id).values[f"{T}.r_partial.natural"] == 1


def test_enter_moves_down_tab_moves_right_and_totals_are_not_typed(qtbot, window):
    new_report(window)
    grid = grid_of(window)
    m = grid.model()
    type_into(qtbot, grid, f"{T}.new.natural", "5")
    assert m.key_at(grid.currentIndex()) == f"{T}.carried.natural"
    type_into(qtbot, grid, f"{T}.new.natural", "6", end=Qt.Key.Key_Tab)
    assert m.key_at(grid.currentIndex()) == f"{T}.new.commercial"
    assert grid.state() != grid.State.EditingState  # the next cell waits for the clerk to type
    qtbot.keyClick(grid, Qt.Key.Key_Tab)  # Tab without editing moves right too
    assert m.key_at(grid.currentIndex()) == f"{T}.new.research"
    qtbot.keyClick(grid, Qt.Key.Key_Down)
    assert m.key_at(grid.currentIndex()) == f"{T}.carried.research"
    total = m.index_of(f"{T}.new.total")
    assert not m.flags(total) & Qt.ItemFlag.ItemIsEditable
    assert m.data(total, KIND_ROLE) == "derived"
    grid.select_key(f"{T}.new.total")
    qtbot.keyClick(grid, "9")
    assert QApplication.focusWidget() is grid  # no editor opens on a total
    assert shown(grid, f"{T}.new.total") == "6"


def test_full_width_digits_f2_and_delete(qtbot, window):
    doc = new_report(window)
    grid = grid_of(window)
    ime_type(grid, f"{T}.new.research", "１２")  # what a Chinese IME in full-width mode commits
    assert doc.report.values[f"{T}.new.research"] == 12
    grid.select_key(f"{T}.new.research")
    qtbot.keyClick(grid, Qt.Key.Key_F2)
    editor = QApplication.focusWidget()
    assert editor.text() == "12"
    qtbot.keyClick(editor, Qt.Key.Key_End)
    qtbot.keyClicks(editor, "0")
    qtbot.keyClick(editor, Qt.Key.Key_Return)
    QApplication.processEvents()
    assert doc.report.values[f"{T}.new.research"] == 120
    grid.select_key(f"{T}.new.research")
    qtbot.keyClick(grid, Qt.Key.Key_Delete)
    assert f"{T}.new.research" not in doc.report.values
    assert shown(grid, f"{T}.new.research") == ""  # blank, not 0


def test_a_bad_typed_value_is_refused_with_a_message(qtbot, window, messenger):
    doc = new_report(window)
    grid = grid_of(window)
    type_into(qtbot, grid, f"{T}.new.legal", "2.5")
    assert f"{T}.new.legal" not in doc.report.values
    assert any("法律服务机构" in t and "整数" in t for t in messenger.texts())


def test_paste_a_block_from_excel(qtbot, window):
    doc = new_report(window)
    grid = grid_of(window)
    grid.select_key(f"{T}.r_public.natural")
    QGuiApplication.clipboard().setText("1\t2\t3\t4\r\n5\t6\t7\t8\r\n9\t10\t11\t12\r\n")
    qtbot.keyClick(grid, Qt.Key.Key_V, Qt.KeyboardModifier.ControlModifier)
    v = doc.report.values
    assert [v[f"{T}.r_public.{c}"] for c in ("natural", "commercial", "research", "nonprofit")] == [
        1,
        2,
        3,
        4,
    ]
    assert v[f"{T}.r_partial.nonprofit"] == 8  # second row of the block: the next data row
    assert v[f"{T}.r_withheld_secret.natural"] == 9
    assert shown(grid, f"{T}.r_total.natural") == "15"
    assert shown(grid, f"{T}.r_public.total") == "10"
    # Ctrl+C gives the same block back, tab-separated
    QGuiApplication.clipboard().clear()
    qtbot.keyClick(grid, Qt.Key.Key_C, Qt.KeyboardModifier.ControlModifier)
    assert QGuiApplication.clipboard().text().splitlines() == ["1\t2\t3\t4", "5\t6\t7\t8", "9\t10\t11\t12"]
    # one paste is one undo step
    window.undo_action.trigger()
    assert not any(k.startswith(f"{T}.r_") for k in doc.report.values)
    window.editor.show_table("reviews")
    window.redo_action.trigger()
    assert doc.report.values[f"{T}.r_withheld_secret.research"] == 11
    assert window.editor.current_grid() is grid  # redo brings the changed cells back into view
    assert window.store.load(doc.draft_id).values[f"{T}.r_withheld_secret.research"] == 11


def test_a_pasted_block_with_one_bad_value_writes_nothing(qtbot, window, messenger):
    doc = new_report(window)
    grid = grid_of(window)
    grid.select_key(f"{T}.new.natural")
    assert not grid.paste("1\t2\t3\n4\t五\t6\n")
    assert doc.report.values == {}
    assert window.store.load(doc.draft_id).values == {}
    message = messenger.texts()[-1]
    assert "没有粘贴任何内容" in message
    assert "二、上年结转政府信息公开申请数量" in message and "商业企业" in message
    # a block wider than the table is refused whole too
    assert not grid.paste("1\t2\t3\t4\t5\t6\t7\t8\n")
    assert "超出了表格" in messenger.texts()[-1]
    assert doc.report.values == {}


def test_undo_and_redo_typed_edits(qtbot, window):
    doc = new_report(window)
    grid = grid_of(window)
    type_into(qtbot, grid, f"{T}.new.natural", "4")
    type_into(qtbot, grid, f"{T}.new.natural", "7")
    grid.setFocus()
    qtbot.keyClick(grid, Qt.Key.Key_Z, Qt.KeyboardModifier.ControlModifier)
    assert doc.report.values[f"{T}.new.natural"] == 4
    assert shown(grid, f"{T}.new.total") == "4"
    qtbot.keyClick(grid, Qt.Key.Key_Z, Qt.KeyboardModifier.ControlModifier)
    assert f"{T}.new.natural" not in doc.report.values
    qtbot.keyClick(grid, Qt.Key.Key_Y, Qt.KeyboardModifier.ControlModifier)
    assert doc.report.values[f"{T}.new.natural"] == 4
    assert window.store.load(doc.draft_id).values[f"{T}.new.natural"] == 4


def test_header_rows_and_labels_are_the_official_chinese_ones(window):
    new_report(window, year=2020)
    grid = grid_of(window)
    m = grid.model()
    texts = {m.data(m.index(r, c)) for r in range(m.rowCount()) for c in range(m.columnCount())}
    for label in (
        "申请人情况",
        "法人或其他组织",
        "社会公益组织",
        "（本列数据的勾稽关系为：第一项加第二项之和，等于第三项加第四项之和）",
        "三、本年度办理结果",
        "（三）不予公开",
        "（七）总计",
        "四、结转下年度继续办理",
    ):
        assert label in texts
    # the parent label runs down all its rows; the header note covers 3 rows × 3 label columns
    assert grid.rowSpan(m.layout.position[f"{T}.r_public.natural"][0], 0) == 20
    assert grid.rowSpan(0, 0) == 3 and grid.columnSpan(0, 0) == 3
    reviews = grid_of(window, "reviews").model()
    assert reviews.data(reviews.index(0, 0)) == "行政复议"
    assert reviews.data(reviews.index(1, 5)) == "未经复议直接起诉"


def test_money_cells_show_their_unit(window):
    new_report(window, year=2020)
    grid = grid_of(window, "procurement")
    m = grid.model()
    texts = {m.data(m.index(r, c)) for r in range(m.rowCount()) for c in range(m.columnCount())}
    assert "采购总金额（单位：万元）" in texts
    assert "单位：万元" in m.data(m.index_of("procurement.central.amount"), Qt.ItemDataRole.ToolTipRole)


def test_painting_the_grid_keeps_python_healthy(window):
    """PySide6 6.12.0 drops a reference to None on every call that returns nothing; on Python 3.11 the app
    crashed ("deallocating None") after a few seconds of painting. pyproject pins a release without it."""
    import sys

    window.start.example_buttons["gov-2019"].click()
    grid = grid_of(window)
    QApplication.processEvents()
    before = sys.getrefcount(None)
    for _ in range(5000):  # with the bug: 5000 references lost here alone
        window.setWindowTitle(window.windowTitle())
    for _ in range(30):
        grid.viewport().repaint()
        window.editor.checks.viewport().repaint()
    # a margin for objects freed meanwhile that held None; the bug would take thousands
    assert sys.getrefcount(None) > before - 1000


def test_when_the_store_refuses_nothing_pretends_to_be_saved(qtbot, window, messenger):
    doc = new_report(window)
    grid = grid_of(window)
    type_into(qtbot, grid, f"{T}.new.natural", "2")
    window.store.close()  # e.g. the disk went away: every write now fails
    type_into(qtbot, grid, f"{T}.new.natural", "9")
    assert doc.report.values[f"{T}.new.natural"] == 2
    assert shown(grid, f"{T}.new.natural") == "2" and shown(grid, f"{T}.new.total") == "2"
    assert messenger.shown[-1][0] == "error" and "没有保存" in messenger.shown[-1][1]
    assert doc.undo_stack.count() == 1  # the refused edit is not an undo step
    editor = window.editor.show_section("other")
    editor.text.setPlainText("新的文字")
    editor.flush()
    assert doc.report.texts.get("other") != "新的文字"
    assert "没有保存" in messenger.shown[-1][1]


def test_pasting_a_row_with_its_total_skips_the_total(window):
    doc = new_report(window)
    grid = grid_of(window)
    grid.select_key(f"{T}.new.natural")
    assert grid.paste("1\t2\t0\t0\t0\t0\t99\n")  # a row copied from a sheet, 总计 included (and wrong)
    assert doc.report.values[f"{T}.new.commercial"] == 2
    assert f"{T}.new.total" not in doc.report.values
    assert shown(grid, f"{T}.new.total") == "3"  # computed, not the pasted 99
    assert "合计" in window.statusBar().currentMessage()


def test_full_width_digits_typed_as_key_presses(window):
    from PySide6.QtCore import QEvent
    from PySide6.QtGui import QKeyEvent

    doc = new_report(window)
    grid = grid_of(window)
    grid.select_key(f"{T}.new.other")
    for ch in "３０":  # a full-width keyboard mode sends the characters as key presses
        target = QApplication.focusWidget()
        QApplication.sendEvent(target, QKeyEvent(QEvent.Type.KeyPress, 0, Qt.KeyboardModifier.NoModifier, ch))
    editor = QApplication.focusWidget()
    assert editor is not grid and editor.text() == "３０"
    QTest.keyClick(editor, Qt.Key.Key_Return)
    QApplication.processEvents()
    assert doc.report.values[f"{T}.new.other"] == 30
