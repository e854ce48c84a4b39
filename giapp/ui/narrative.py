"""Text sections (一、总体情况 …) as plain editors saved while the clerk types, and the report's title data."""

from __future__ import annotations

import datetime as dt
import re

from PySide6.QtCore import Qt, QTimer, Signal
from PySide6.QtGui import QAction, QColor, QFont, QKeySequence, QTextCharFormat, QTextCursor
from PySide6.QtWidgets import (
    QFormLayout,
    QFrame,
    QHBoxLayout,
    QLabel,
    QLineEdit,
    QMenu,
    QPlainTextEdit,
    QPushButton,
    QStyle,
    QTextEdit,
    QVBoxLayout,
    QWidget,
)

from giapp.core.formspec import SectionSpec
from giapp.core.narrative_check import suggest_at
from giapp.ui.document import ReportDocument

SAVE_DELAY_MS = 500


class _TextBox(QPlainTextEdit):
    left = Signal()

    def __init__(self, parent=None):
        super().__init__(parent)
        self.menu_actions: list[QAction] = []  # ours, at the top of the usual context menu

    def focusOutEvent(self, event) -> None:
        self.left.emit()
        super().focusOutEvent(event)

    def context_menu(self, pos) -> QMenu:
        """The usual editing menu with our actions first."""
        menu = self.createStandardContextMenu(pos)
        first = menu.actions()[0] if menu.actions() else None
        for action in self.menu_actions:
            menu.insertAction(first, action)
        menu.insertSeparator(first)
        return menu

    def contextMenuEvent(self, event) -> None:
        menu = self.context_menu(event.pos())
        menu.exec(event.globalPos())
        menu.deleteLater()


class SectionEditor(QWidget):
    """One section's text: saved half a second after typing stops, on leaving the box, and on close."""

    notice = Signal(str)  # a remark for the status bar

    def __init__(self, doc: ReportDocument, section: SectionSpec, parent=None):
        super().__init__(parent)
        self.doc, self.section = doc, section
        box = QVBoxLayout(self)
        self.info = None
        if section.id == "preamble":
            self.info = ReportInfoForm(doc, self)
            box.addWidget(self.info)
        title = QLabel(section.heading or "前言（报告开头的说明）")
        font = QFont(title.font())
        font.setBold(True)
        font.setPointSizeF(font.pointSizeF() * 1.2)
        title.setFont(font)
        box.addWidget(title)
        self.carried_banner = self._carried_banner()
        box.addWidget(self.carried_banner)
        self.text = _TextBox(self)
        self.text.setPlainText(doc.report.texts.get(section.id, section.template))
        self.text.setAccessibleName(section.heading or "前言")
        if section.template:
            self.text.setPlaceholderText(section.template)
        box.addWidget(self.text, 1)
        self.insert_action = QAction("插入表中数字(&F)", self.text)
        self.insert_action.setShortcut(QKeySequence("Ctrl+Shift+F"))
        self.insert_action.setShortcutContext(Qt.ShortcutContext.WidgetShortcut)
        self.insert_action.setToolTip("在光标处填入表中对应的数字，例如在“共收到政府信息公开申请”之后")
        self.insert_action.triggered.connect(self.insert_figure)
        self.text.addAction(self.insert_action)
        self.text.menu_actions.append(self.insert_action)
        self.timer = QTimer(self)
        self.timer.setSingleShot(True)
        self.timer.setInterval(SAVE_DELAY_MS)
        self.timer.timeout.connect(self.flush)
        self.dirty = False  # only what the clerk typed is written: looking at a template saves nothing
        self.text.textChanged.connect(self._changed)
        self.text.left.connect(self.flush)
        doc.findings_changed.connect(self.mark_findings)
        self.mark_findings()

    def mark_findings(self) -> None:
        """The sentences findings point at (a figure that contradicts the tables, template text left in)
        get a coloured background; the checks panel says why."""
        marks = []
        text_len = len(self.text.toPlainText())
        for f in self.doc.findings:
            if f.section != self.section.id or not f.in_text or f.end > text_len:
                continue
            sel = QTextEdit.ExtraSelection()
            sel.format.setBackground(QColor("#fbd9d6" if f.is_error else "#fff1c2"))
            sel.format.setUnderlineStyle(QTextCharFormat.UnderlineStyle.WaveUnderline)
            sel.format.setUnderlineColor(QColor("#b3261e" if f.is_error else "#8a6100"))
            cursor = QTextCursor(self.text.document())
            cursor.setPosition(f.start)
            cursor.setPosition(f.end, QTextCursor.MoveMode.KeepAnchor)
            sel.cursor = cursor
            marks.append(sel)
        self.text.setExtraSelections(marks)
        self.carried_banner.setVisible(self.doc.text_is_carried(self.section.id))

    def _carried_banner(self) -> QFrame:
        banner = QFrame(self)
        banner.setObjectName("carriedBanner")
        banner.setStyleSheet("#carriedBanner { background: #e4eefb; border: 1px solid #1a5fb4 }")
        row = QHBoxLayout(banner)
        row.setContentsMargins(8, 4, 8, 4)
        icon = QLabel(banner)
        icon.setPixmap(self.style().standardIcon(QStyle.StandardPixmap.SP_MessageBoxInformation).pixmap(20))
        row.addWidget(icon)
        self.carried_label = QLabel("这一部分是从上年报告复制的，请按本年情况修改。", banner)
        row.addWidget(self.carried_label, 1)
        self.keep_button = QPushButton("保留原文(&K)", banner)
        self.keep_button.setToolTip("本年确实不需要修改这段文字时点这里，不再提醒")
        self.keep_button.clicked.connect(self.keep_carried_text)
        row.addWidget(self.keep_button)
        banner.setVisible(False)
        return banner

    def keep_carried_text(self) -> None:
        """保留原文: the copied text stays as it is and is no longer flagged."""
        self.flush()
        self.doc.accept_carried_text(self.section.id)
        self.carried_banner.setVisible(self.doc.text_is_carried(self.section.id))

    def insert_figure(self) -> None:
        """插入表中数字: the figure the words before the cursor ask for, or the right value of the figure the
        cursor is in, from the tables; one step of the editor's undo, saved like typing."""
        text = self.text.toPlainText()
        s = suggest_at(self.doc.spec, self.doc.report, text, self.text.textCursor().position())
        if s is None:
            self.notice.emit(
                "光标前的文字没有说明是表中的哪一个数，或表中这个数还没有填写。"
                "请把光标放在“共收到政府信息公开申请”这样的文字之后再试。"
            )
            return
        cursor = QTextCursor(self.text.document())
        cursor.setPosition(s.start)
        cursor.setPosition(s.end, QTextCursor.MoveMode.KeepAnchor)
        cursor.insertText(s.text)
        self.text.setTextCursor(cursor)
        self.notice.emit(f"已填入表中数字：{s.what} {s.text}")

    def _changed(self) -> None:
        self.dirty = True
        self.timer.start()

    def flush(self) -> str:
        """Write what is in the box (and the report's fields above it) now: nothing typed is ever left only
        on screen. "" when all was kept, else the Chinese reason (e.g. a date that is not a date)."""
        self.timer.stop()
        problem = self.info.flush() if self.info is not None else ""
        if self.dirty:
            self.doc.set_text(self.section.id, self.text.toPlainText())
            self.dirty = self.doc.report.texts.get(self.section.id) != self.text.toPlainText()
            self.carried_banner.setVisible(self.doc.text_is_carried(self.section.id))
        return problem


def parse_date(typed: str) -> str:
    """ "2022-01-20", "2022/1/20", "2022.1.20", "2022年1月20日" → ISO; ValueError for anything else."""
    m = re.fullmatch(r"(\d{4})\s*[-/.年]\s*(\d{1,2})\s*[-/.月]\s*(\d{1,2})\s*日?", typed.strip())
    if m is None:
        raise ValueError(typed)
    return dt.date(*map(int, m.groups())).isoformat()


class ReportInfoForm(QWidget):
    """The agency name and the 落款 date printed on the report."""

    def __init__(self, doc: ReportDocument, parent=None):
        super().__init__(parent)
        self.doc = doc
        form = QFormLayout(self)
        self.agency = QLineEdit(doc.report.agency)
        self.agency.setMaxLength(200)
        self.agency.editingFinished.connect(
            self._save_agency
        )  # also called by flush: saving twice writes once
        form.addRow("机关名称：", self.agency)
        form.addRow("报告年度：", QLabel(f"{doc.report.year} 年（{doc.spec.name}）"))
        self.date = QLineEdit(doc.report.date)
        self.date.setPlaceholderText("例如 2021-01-29，落款处的成文日期")
        self.date.editingFinished.connect(self._save_date)
        form.addRow("成文日期：", self.date)
        self.hint = QLabel("")
        self.hint.setStyleSheet("color: #b3261e")
        form.addRow("", self.hint)

    def flush(self) -> str:
        """Save both fields as they are now (close, switching draft or part); "" when all was kept, else why not."""
        return self._save_agency() or self._save_date()

    def _save_agency(self) -> str:
        name = self.agency.text().strip()
        if not name:
            self.hint.setText("机关名称不能为空。")
            self.agency.setText(self.doc.report.agency)
            return ""  # the saved name stays on screen and in the store: nothing is lost
        if name != self.doc.report.agency and not self.doc.set_meta(agency=name):
            return "机关名称没有保存。"
        self.hint.setText("")
        return ""

    def _save_date(self) -> str:
        typed = self.date.text().strip()
        text = typed
        if text:
            try:
                text = parse_date(typed)
            except ValueError:
                # what was typed stays in the box for the clerk to correct; the store keeps the last good date
                message = f"成文日期“{typed}”不是有效的日期，没有保存。请按“年-月-日”填写，例如 2021-01-29。"
                self.hint.setText(message)
                return message
        self.hint.setText("")
        self.date.setText(text)
        if text != self.doc.report.date and not self.doc.set_meta(date=text):
            return "成文日期没有保存。"
        return ""
