"""The list of every error and warning of the open report; a click goes to the cell, a warning takes a note."""

from __future__ import annotations

from PySide6.QtCore import Qt, Signal
from PySide6.QtGui import QBrush, QColor
from PySide6.QtWidgets import (
    QAbstractItemView,
    QApplication,
    QStyle,
    QTreeWidget,
    QTreeWidgetItem,
)

from giapp.core.rules import Finding
from giapp.ui.document import ReportDocument

COLUMNS = ("级别", "表格", "行", "列", "应为", "实为", "问题及改正方法", "情况说明（提醒可填写）")
NOTE_COL = 7
FINDING_ROLE = Qt.ItemDataRole.UserRole + 1


class ChecksPanel(QTreeWidget):
    """Findings in form order, errors first; the note column of a warning is editable and kept."""

    finding_activated = Signal(object)  # Finding

    def __init__(self, doc: ReportDocument, parent=None):
        super().__init__(parent)
        self.doc = doc
        self.setColumnCount(len(COLUMNS))
        self.setHeaderLabels(list(COLUMNS))
        self.setRootIsDecorated(False)
        self.setAlternatingRowColors(True)
        self.setWordWrap(True)
        self.setUniformRowHeights(False)
        # only the note of a warning is typed into: opened by double-click or F2, never by other columns
        self.setEditTriggers(QAbstractItemView.EditTrigger.NoEditTriggers)
        self.itemDoubleClicked.connect(lambda item, _col: self.edit_note(item))
        for col, width in enumerate((56, 150, 190, 90, 56, 56, 420)):
            self.setColumnWidth(col, width)
        style = QApplication.style()
        self._icons = {
            True: style.standardIcon(QStyle.StandardPixmap.SP_MessageBoxCritical),
            False: style.standardIcon(QStyle.StandardPixmap.SP_MessageBoxWarning),
        }
        self._filling = False
        self.itemClicked.connect(self._on_clicked)
        self.itemActivated.connect(self._on_clicked)
        self.itemChanged.connect(self._on_changed)
        doc.findings_changed.connect(self.refresh)
        self.refresh()

    def refresh(self) -> None:
        self._filling = True
        self.clear()
        for f in self.doc.findings:
            item = QTreeWidgetItem(
                [
                    "错误" if f.is_error else "提醒",
                    f.table,
                    f.row,
                    f.column,
                    f.expected,
                    f.found,
                    f.message,
                    self.doc.report.notes.get(f.id, ""),
                ]
            )
            item.setIcon(0, self._icons[f.is_error])
            item.setData(0, FINDING_ROLE, f)
            item.setToolTip(6, f.message)
            if f.is_error:
                item.setForeground(0, QBrush(QColor("#b3261e")))
            else:
                item.setFlags(item.flags() | Qt.ItemFlag.ItemIsEditable)
                item.setToolTip(NOTE_COL, "双击填写为什么这样填是对的，说明会随报告保存。")
            self.addTopLevelItem(item)
        self._filling = False

    def finding(self, item: QTreeWidgetItem) -> Finding:
        return item.data(0, FINDING_ROLE)

    def edit_note(self, item: QTreeWidgetItem | None) -> None:
        if item is not None and not self.finding(item).is_error:
            self.editItem(item, NOTE_COL)

    def keyPressEvent(self, event) -> None:
        if event.key() == Qt.Key.Key_F2:
            self.edit_note(self.currentItem())
            return
        super().keyPressEvent(event)

    def _on_clicked(self, item: QTreeWidgetItem, column: int = 0) -> None:
        self.finding_activated.emit(self.finding(item))

    def _on_changed(self, item: QTreeWidgetItem, column: int) -> None:
        if self._filling or column != NOTE_COL:
            return
        f = self.finding(item)
        if not f.is_error:
            self.doc.set_note(f.id, item.text(NOTE_COL).strip())
