"""Helpers for the UI tests: a recording messenger and the clerk's gestures (type into a cell, commit text
from an input method)."""

from __future__ import annotations

from PySide6.QtCore import Qt
from PySide6.QtGui import QInputMethodEvent
from PySide6.QtTest import QTest
from PySide6.QtWidgets import QApplication


class RecordingMessenger:
    """Stands in for the dialogs: records what the clerk would have been told, answers as scripted."""

    def __init__(self):
        self.shown: list[tuple[str, str]] = []
        self.answers: list = []
        self.opened: list[str] = []  # files the clerk chose to open in the system's program

    def open_with_system(self, path) -> bool:
        self.opened.append(path)
        return True

    def _answer(self, default):
        return self.answers.pop(0) if self.answers else default

    def info(self, title, text):
        self.shown.append(("info", text))

    def warn(self, title, text):
        self.shown.append(("warn", text))

    def error(self, title, text):
        self.shown.append(("error", text))

    def ask(self, title, text) -> bool:
        self.shown.append(("ask", text))
        return self._answer(True)

    def get_text(self, title, label, text=""):
        self.shown.append(("text", label))
        return self._answer(None)

    def open_file(self, title, filters):
        return self._answer(None)

    def save_file(self, title, name, filters):
        return self._answer(None)

    def texts(self) -> list[str]:
        return [t for _, t in self.shown]


def new_report(window, year=2021, agency="某市测试局"):
    window.start.agency.setText(agency)
    window.start.year.setValue(year)
    window.start.create_button.click()
    assert window.doc is not None
    return window.doc


def grid_of(window, table="applications"):
    page = window.editor.show_table(table)
    QApplication.processEvents()
    return page.grid.body


def shown(grid, key):
    m = grid.model()
    return m.data(m.index_of(key))


def type_into(qtbot, grid, key, text, end=Qt.Key.Key_Return):
    """Select the cell, type as on a keyboard (the first key opens the editor), finish with Enter."""
    assert grid.select_key(key)
    qtbot.keyClick(grid, text[0])
    editor = QApplication.focusWidget()
    assert editor is not grid, "typing a key should open the cell's editor"
    if text[1:]:
        qtbot.keyClicks(editor, text[1:])
    qtbot.keyClick(editor, end)
    QApplication.processEvents()  # the delegate commits Enter through a queued call


def ime_type(grid, key, text):
    """Text committed by an input method (full-width digits), then Enter."""
    assert grid.select_key(key)
    event = QInputMethodEvent("", [])
    event.setCommitString(text)
    QApplication.sendEvent(grid, event)
    editor = QApplication.focusWidget()
    assert editor is not grid and editor.text() == text
    QTest.keyClick(editor, Qt.Key.Key_Return)
    QApplication.processEvents()
