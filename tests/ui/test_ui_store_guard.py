"""What the clerk typed is saved at close, and every refusal of the store is told in Chinese (never a crash)."""

from __future__ import annotations

from PySide6.QtCore import Qt
from PySide6.QtGui import QInputMethodEvent
from PySide6.QtWidgets import QApplication
from ui_support import RecordingMessenger, grid_of, new_report, shown, type_into

from giapp.store import DraftStore, StoreBusy
from giapp.store.errors import BUSY_MESSAGE
from giapp.ui import files
from giapp.ui.mainwindow import MainWindow

T = "applications"


def _ime_commit(widget, text: str) -> None:
    """Chinese text as an input method commits it."""
    event = QInputMethodEvent("", [])
    event.setCommitString(text)
    QApplication.sendEvent(widget, event)


def _type_info(qtbot, window, agency: str, date: str):
    info = window.editor.show_section("preamble").info
    info.agency.setFocus()
    info.agency.selectAll()
    _ime_commit(info.agency, agency)
    info.date.setFocus()
    info.date.selectAll()
    if date.isascii():
        qtbot.keyClicks(info.date, date)  # the cursor stays in the field: no editingFinished
    else:
        _ime_commit(info.date, date)
    return info


def test_agency_and_date_typed_just_before_closing_are_kept(qtbot, window):
    doc = new_report(window, agency="某县统计局")
    _type_info(qtbot, window, "某县统计局（新名）", "2022/1/20")
    window.close()
    stored = window.store.load(doc.draft_id)
    assert (stored.agency, stored.date) == ("某县统计局（新名）", "2022-01-20")

    again = MainWindow(DraftStore.open(), RecordingMessenger())
    qtbot.addWidget(again)
    again.restore_last()
    info = again.editor.sections["preamble"].info
    assert info.agency.text() == "某县统计局（新名）" and info.date.text() == "2022-01-20"
    assert "某县统计局（新名）" in again.windowTitle()


def test_a_date_that_is_not_a_date_is_not_dropped_silently(qtbot, window, messenger):
    doc = new_report(window)
    info = _type_info(qtbot, window, doc.report.agency, "2022-13-45")
    messenger.answers = [False]  # 仍然关闭吗？ 否
    window.close()
    assert window.isVisible(), "the clerk chose to go back and correct it"
    assert "2022-13-45" in messenger.shown[-1][1] and "没有保存" in messenger.shown[-1][1]
    assert info.date.text() == "2022-13-45" and "不是有效的日期" in info.hint.text()
    assert window.store.load(doc.draft_id).date == ""
    # switching to another draft tells it too
    window.show_start()
    assert messenger.shown[-1][0] == "warn" and "2022-13-45" in messenger.shown[-1][1]


def test_rename_with_a_name_too_long_shows_the_stores_message(window, messenger):
    doc = new_report(window, agency="某乡政府")
    before = {i.id: i.name for i in window.store.list()}
    messenger.answers = ["长" * 300]
    files.rename(window)
    kind, text = messenger.shown[-1]
    assert kind == "error" and "草稿名称太长" in text and "300" in text
    assert {i.id: i.name for i in window.store.list()} == before
    assert window.doc.draft_id == doc.draft_id


def test_a_busy_store_during_a_cell_edit_is_told_and_the_cell_shows_the_stored_value(
    qtbot, window, messenger, monkeypatch
):
    doc = new_report(window)
    grid = grid_of(window)
    type_into(qtbot, grid, f"{T}.new.natural", "3")

    def busy(*_args, **_kwargs):
        raise StoreBusy(BUSY_MESSAGE)

    monkeypatch.setattr(window.store, "set_values", busy)
    type_into(qtbot, grid, f"{T}.new.natural", "9")
    assert messenger.shown[-1] == ("error", "刚才的修改没有保存。" + BUSY_MESSAGE)
    assert shown(grid, f"{T}.new.natural") == "3" and shown(grid, f"{T}.new.total") == "3"
    monkeypatch.undo()
    assert window.store.load(doc.draft_id).values[f"{T}.new.natural"] == 3


def test_open_dialog_and_new_report_survive_a_busy_store(window, messenger, monkeypatch):
    new_report(window)

    def busy(*_args, **_kwargs):
        raise StoreBusy(BUSY_MESSAGE)

    monkeypatch.setattr(window.store, "duplicate", busy)
    messenger.answers = ["副本"]
    files.save_copy(window)
    assert messenger.shown[-1] == ("error", BUSY_MESSAGE)
    monkeypatch.setattr(window.store, "create", busy)
    window.show_start()
    window.start.agency.setText("另一个局")
    window.start.create_button.click()
    assert window.doc is None and messenger.shown[-1] == ("error", BUSY_MESSAGE)


def test_undo_refused_by_the_store_leaves_the_stack_and_the_view(qtbot, window, messenger, monkeypatch):
    doc = new_report(window)
    grid = grid_of(window)
    type_into(qtbot, grid, f"{T}.new.natural", "4")
    type_into(qtbot, grid, f"{T}.new.natural", "7")
    grid.select_key(f"{T}.forward.natural")
    where = grid.currentIndex()

    def busy(*_args, **_kwargs):
        raise StoreBusy(BUSY_MESSAGE)

    monkeypatch.setattr(window.store, "set_values", busy)
    grid.setFocus()
    qtbot.keyClick(grid, Qt.Key.Key_Z, Qt.KeyboardModifier.ControlModifier)
    assert doc.undo_stack.index() == 2, "nothing was undone, so the stack stays"
    assert doc.report.values[f"{T}.new.natural"] == 7 and shown(grid, f"{T}.new.natural") == "7"
    assert grid.currentIndex() == where, "the view does not jump to a change that did not happen"
    kind, text = messenger.shown[-1]
    assert kind == "error" and text.startswith("撤销没有完成") and BUSY_MESSAGE in text
    assert window.undo_action.isEnabled()

    monkeypatch.undo()  # the store accepts again: the same step can be undone now
    qtbot.keyClick(grid, Qt.Key.Key_Z, Qt.KeyboardModifier.ControlModifier)
    assert doc.undo_stack.index() == 1 and window.store.load(doc.draft_id).values[f"{T}.new.natural"] == 4

    monkeypatch.setattr(window.store, "set_values", busy)
    qtbot.keyClick(grid, Qt.Key.Key_Y, Qt.KeyboardModifier.ControlModifier)
    assert doc.undo_stack.index() == 1 and shown(grid, f"{T}.new.natural") == "4"
    assert messenger.shown[-1][1].startswith("重做没有完成")
    monkeypatch.undo()
    qtbot.keyClick(grid, Qt.Key.Key_Y, Qt.KeyboardModifier.ControlModifier)
    assert doc.undo_stack.index() == 2 and window.store.load(doc.draft_id).values[f"{T}.new.natural"] == 7


def test_switching_part_or_draft_saves_agency_and_date(qtbot, window):
    doc = new_report(window, agency="某镇人民政府")
    _type_info(qtbot, window, "某镇人民政府办公室", "2023年2月1日")
    window.editor.show_table(T)  # another part, the cursor still in the date box
    assert window.store.load(doc.draft_id).date == "2023-02-01"
    assert window.store.load(doc.draft_id).agency == "某镇人民政府办公室"
    _type_info(qtbot, window, "某镇人民政府办公室", "2023-02-03")
    window.show_start()  # another draft (or the start page)
    assert window.store.load(doc.draft_id).date == "2023-02-03"
