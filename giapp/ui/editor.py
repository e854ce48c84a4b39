"""The open report: parts in print order on the left, the part on the right, the checks underneath."""

from __future__ import annotations

from PySide6.QtCore import Qt, Signal
from PySide6.QtGui import QBrush, QColor, QTextCursor
from PySide6.QtWidgets import (
    QHBoxLayout,
    QHeaderView,
    QLabel,
    QPushButton,
    QSplitter,
    QStackedWidget,
    QTreeWidget,
    QTreeWidgetItem,
    QVBoxLayout,
    QWidget,
)

from giapp.core.rules import Finding
from giapp.ui.checkspanel import ChecksPanel
from giapp.ui.document import ReportDocument
from giapp.ui.gridmodel import ReportGridModel
from giapp.ui.gridview import GridView, TableGrid
from giapp.ui.narrative import SectionEditor

PAGE_ROLE = Qt.ItemDataRole.UserRole + 1
TABLE_ROLE = Qt.ItemDataRole.UserRole + 2
SECTION_ROLE = Qt.ItemDataRole.UserRole + 3


class TablePage(QWidget):
    """A section's statistics: one grid (section 二's blocks stacked in one grid, as printed)."""

    def __init__(self, doc: ReportDocument, heading: str, table_ids: tuple[str, ...], parent=None):
        super().__init__(parent)
        box = QVBoxLayout(self)
        title = QLabel(heading)
        title.setStyleSheet("font-weight: bold; font-size: 12pt")
        box.addWidget(title)
        self.model = ReportGridModel(doc, [doc.spec.tables[t] for t in table_ids], self)
        self.grid = TableGrid(self.model, self)
        # as large as the table and no larger, so the hint sits under it instead of under empty white
        self.grid.setMaximumSize(self.grid.content_width, self.grid.content_height)
        box.addWidget(self.grid, 1)
        hint = QLabel("直接输入数字即可；回车到下一行，Tab 到右边一格；灰底加粗的合计由程序自动计算。")
        hint.setStyleSheet("color: #555")
        box.addWidget(hint)
        box.addStretch(0)


class ReportEditor(QWidget):
    """Navigation, pages and checks of one open draft."""

    refused = Signal(str)  # a typed or pasted value was not kept: the Chinese reason
    notice = Signal(str)  # a remark for the status bar

    def __init__(self, doc: ReportDocument, parent=None):
        super().__init__(parent)
        self.doc = doc
        spec = doc.spec
        self.nav = QTreeWidget(self)
        self.nav.setHeaderHidden(True)
        self.nav.setColumnCount(2)  # the part, then its badge, so a long heading never hides the count
        self.nav.header().setStretchLastSection(False)
        self.nav.header().setSectionResizeMode(0, QHeaderView.ResizeMode.Stretch)
        self.nav.header().setSectionResizeMode(1, QHeaderView.ResizeMode.ResizeToContents)
        self.nav.setMinimumWidth(260)
        self.pages = QStackedWidget(self)
        self.sections: dict[str, SectionEditor] = {}
        self.table_pages: dict[str, TablePage] = {}  # table id → its page
        self._items: dict[str, QTreeWidgetItem] = {}  # table id → nav item
        for sec in spec.sections:
            if sec.tables:
                page = TablePage(doc, sec.heading, sec.tables, self)
                page.grid.body.refused.connect(self.refused)
                page.grid.body.notice.connect(self.notice)
                for t in sec.tables:
                    self.table_pages[t] = page
            else:
                page = SectionEditor(doc, sec, self)
                page.notice.connect(self.notice)
                self.sections[sec.id] = page
            scroll_index = self.pages.addWidget(page)
            item = QTreeWidgetItem([sec.heading or "前言"])
            item.setData(0, PAGE_ROLE, scroll_index)
            item.setData(0, TABLE_ROLE, "")
            item.setData(0, SECTION_ROLE, sec.id)
            self.nav.addTopLevelItem(item)
            if len(sec.tables) == 1:
                self._items[sec.tables[0]] = item
                item.setData(0, TABLE_ROLE, sec.tables[0])
            elif sec.tables:
                for t in sec.tables:
                    child = QTreeWidgetItem([spec.tables[t].heading])
                    child.setData(0, PAGE_ROLE, scroll_index)
                    child.setData(0, TABLE_ROLE, t)
                    item.addChild(child)
                    self._items[t] = child
        self.nav.expandAll()
        self.nav.currentItemChanged.connect(self._on_nav)
        self.checks = ChecksPanel(doc, self)
        self.checks.finding_activated.connect(self.go_to_finding)

        self.banner = QWidget(self)
        bl = QHBoxLayout(self.banner)
        bl.setContentsMargins(8, 4, 8, 4)
        bl.addWidget(
            QLabel(
                "本报告是从文件导入的，文件中填写的合计数与程序按各项计算的结果不一致的，已在检查结果中列出。"
            )
        )
        self.accept_totals = QPushButton("改用程序计算的合计", self.banner)
        self.accept_totals.clicked.connect(doc.accept_computed_totals)
        bl.addWidget(self.accept_totals)
        bl.addStretch(1)
        self.banner.setStyleSheet("background: #fff1c2")

        right = QSplitter(Qt.Orientation.Vertical, self)
        top = QWidget(right)
        tl = QVBoxLayout(top)
        tl.setContentsMargins(0, 0, 0, 0)
        tl.addWidget(self.banner)
        tl.addWidget(self.pages, 1)
        right.addWidget(top)
        bottom = QWidget(right)
        bl2 = QVBoxLayout(bottom)
        bl2.setContentsMargins(0, 4, 0, 0)
        bl2.addWidget(QLabel("检查结果（单击一条即跳到对应的格子；F8 看下一条）："))
        bl2.addWidget(self.checks, 1)
        right.addWidget(bottom)
        right.setStretchFactor(0, 3)
        right.setStretchFactor(1, 1)
        main = QSplitter(Qt.Orientation.Horizontal, self)
        main.addWidget(self.nav)
        main.addWidget(right)
        main.setStretchFactor(1, 1)
        main.setSizes([300, 1000])
        box = QVBoxLayout(self)
        box.setContentsMargins(0, 0, 0, 0)
        box.addWidget(main)
        doc.findings_changed.connect(self.update_badges)
        doc.show_requested.connect(self.go_to_key)
        doc.meta_changed.connect(self._update_banner)
        self.update_badges()
        self._update_banner()

    # ------------------------------------------------------------------ navigation
    def _on_nav(self, item: QTreeWidgetItem | None, _previous=None) -> None:
        if item is None:
            return
        page = self.pages.currentWidget()
        if isinstance(page, SectionEditor):
            problem = page.flush()  # leaving a part saves it, whatever has the focus
            if problem:
                self.notice.emit(problem)
        self.pages.setCurrentIndex(item.data(0, PAGE_ROLE))
        table = item.data(0, TABLE_ROLE)
        if table and len(self.table_pages[table].model.layout.tables) > 1:
            lay = self.table_pages[table].model.layout
            grid = self.table_pages[table].grid.body
            grid.scrollTo(grid.model().index(lay.table_start[table], 0), GridView.ScrollHint.PositionAtTop)

    def show_table(self, table_id: str) -> TablePage:
        self.nav.setCurrentItem(self._items[table_id])
        return self.table_pages[table_id]

    def show_section(self, section_id: str) -> SectionEditor:
        page = self.sections[section_id]
        idx = self.pages.indexOf(page)
        for i in range(self.nav.topLevelItemCount()):
            if self.nav.topLevelItem(i).data(0, PAGE_ROLE) == idx:
                self.nav.setCurrentItem(self.nav.topLevelItem(i))
        return page

    def go_to_key(self, key: str) -> bool:
        table = self.doc.spec.cells[key].table if key in self.doc.spec.cells else ""
        if not table:
            return False
        return self.show_table(table).grid.body.select_key(key)

    def go_to_finding(self, f: Finding) -> None:
        """Show what a finding is about: the sentence of a text, else the cell, the section, the table,
        or the field of the report (机关名称, 成文日期) on the first page."""
        if f.in_text and f.section in self.sections:
            self.show_text(f.section, f.start, f.end)
        elif f.cells:
            self.go_to_key(f.cells[0])
        elif f.section in self.sections:
            self.show_text(f.section)
        elif f.table_id in self.table_pages:
            self.show_table(f.table_id)
        elif "preamble" in self.sections:
            page = self.show_section("preamble")
            info = page.info
            (info.date if "日期" in f.table else info.agency).setFocus()

    def show_text(self, section_id: str, start: int = -1, end: int = -1) -> SectionEditor:
        page = self.show_section(section_id)
        if start >= 0:
            cursor = page.text.textCursor()
            cursor.setPosition(min(start, len(page.text.toPlainText())))
            cursor.setPosition(min(end, len(page.text.toPlainText())), QTextCursor.MoveMode.KeepAnchor)
            page.text.setTextCursor(cursor)
        page.text.setFocus()
        return page

    def focus_page(self) -> None:
        page = self.pages.currentWidget()
        if isinstance(page, TablePage):
            page.grid.body.setFocus()
        elif isinstance(page, SectionEditor):
            page.text.setFocus()

    def next_finding(self) -> Finding | None:
        """F8: the next finding after the selected one (wrapping), selected in the panel and shown."""
        n = self.checks.topLevelItemCount()
        if not n:
            return None
        current = self.checks.currentItem()
        i = (self.checks.indexOfTopLevelItem(current) + 1) % n if current is not None else 0
        item = self.checks.topLevelItem(i)
        self.checks.setCurrentItem(item)
        f = self.checks.finding(item)
        self.go_to_finding(f)
        return f

    def current_grid(self) -> GridView | None:
        page = self.pages.currentWidget()
        return page.grid.body if isinstance(page, TablePage) else None

    # ------------------------------------------------------------------ state
    def update_badges(self) -> None:
        items = dict(self._items)
        for i in range(self.nav.topLevelItemCount()):
            top = self.nav.topLevelItem(i)
            if top.childCount():  # section 二: the sum of its blocks
                items[",".join(top.child(j).data(0, TABLE_ROLE) for j in range(top.childCount()))] = top
        for i in range(self.nav.topLevelItemCount()):
            top = self.nav.topLevelItem(i)
            section = top.data(0, SECTION_ROLE)
            if section in self.sections:
                items[f"§{section}"] = top
        for table, item in items.items():
            if table.startswith("§"):
                found = self.doc.findings_of_section(table[1:])
            else:
                found = [f for t in table.split(",") for f in self.doc.findings_of_table(t)]
            errors = sum(1 for f in found if f.is_error)
            warnings = len(found) - errors
            parts = [f"错{errors}"] * bool(errors) + [f"提醒{warnings}"] * bool(warnings)
            item.setText(1, " ".join(parts))
            colour = "#b3261e" if errors else "#8a6100" if warnings else ""
            item.setForeground(1, QBrush(QColor(colour)) if colour else QBrush())
            tip = f"{errors} 个错误，{warnings} 个提醒" if parts else "没有发现问题"
            item.setToolTip(0, tip)
            item.setToolTip(1, tip)

    def _update_banner(self) -> None:
        self.banner.setVisible(self.doc.report.entered_totals is not None)

    def flush(self) -> str:
        """Save every text and the report's fields; "" when all was kept, else why not (in Chinese)."""
        problems = [editor.flush() for editor in self.sections.values()]
        return next((p for p in problems if p), "")

    def show_date_field(self) -> None:
        """The 成文日期 box, focused, for the clerk to correct."""
        if "preamble" in self.sections:
            self.show_section("preamble").info.date.setFocus()
