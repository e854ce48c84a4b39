"""汇总: add up many agencies' workbooks in a worker thread, list the sources, drill into any summed cell."""

from __future__ import annotations

from pathlib import Path

from PySide6.QtCore import Qt, Signal
from PySide6.QtGui import QBrush, QColor
from PySide6.QtWidgets import (
    QDialog,
    QFileDialog,
    QHBoxLayout,
    QLabel,
    QLineEdit,
    QMessageBox,
    QProgressBar,
    QPushButton,
    QSplitter,
    QTabWidget,
    QVBoxLayout,
    QWidget,
)

from giapp.core.report import describe_cell
from giapp.core.values import format_value
from giapp.exchange.aggregate import (
    SUMMED,
    AggregateError,
    Summary,
    write_sources_workbook,
    write_summary,
)
from giapp.exchange.sources_workbook import FINDING_HEADERS, source_problems
from giapp.oserror import os_error_text
from giapp.store import DraftStore, StoreError
from giapp.ui.aggregate_views import KEY_ROLE, AggregateWorker, fit_columns, read_only_item, sortable_table

REFUSED_COLOR = QColor("#fde2e1")
ERRORS_COLOR = QColor("#fff3cd")
SOURCE_HEADERS = ("序号", "机关名称", "文件", "状态", "错误", "提醒", "指纹", "说明")
CELL_HEADERS = ("表", "行", "列", "汇总值")
BREAKDOWN_HEADERS = ("机关名称", "文件", "数值")
SUMMARY_FILTERS = "Excel 工作簿 (*.xlsx);;PDF 文件 (*.pdf);;报告文件 (*.giapp.json)"


class AggregateDialog(QDialog):
    """Choose a folder or files, watch the progress, then save the summary and the list of sources."""

    summaryReady = Signal(object)
    draftCreated = Signal(int)

    def __init__(self, parent=None, forms=None, store=None):
        super().__init__(parent)
        if forms is None:
            from giapp.catalog import all_forms

            forms = all_forms()
        self.forms, self.store = forms, store
        self.paths: list[str] = []
        self.summary: Summary | None = None
        self.worker: AggregateWorker | None = None
        self.setWindowTitle("汇总")
        self.resize(1100, 720)
        self._build()
        self._set_running(False)

    # ---------------------------------------------------------------- layout
    def _build(self) -> None:
        pick = QHBoxLayout()
        self.folder_button = QPushButton("选择文件夹…")
        self.files_button = QPushButton("选择文件…")
        self.chosen_label = QLabel("请选择各单位报送的工作簿（.xlsx）或报告文件所在的文件夹。")
        self.chosen_label.setWordWrap(True)
        pick.addWidget(self.folder_button)
        pick.addWidget(self.files_button)
        pick.addWidget(self.chosen_label, 1)
        self.folder_button.clicked.connect(self.choose_folder)
        self.files_button.clicked.connect(self.choose_files)

        run = QHBoxLayout()
        run.addWidget(QLabel("汇总机关名称："))
        self.agency_edit = QLineEdit()
        self.agency_edit.setPlaceholderText("如：某某县人民政府")
        run.addWidget(self.agency_edit, 1)
        self.start_button = QPushButton("开始汇总")
        self.start_button.clicked.connect(lambda _checked=False: self.start())
        run.addWidget(self.start_button)
        self.progress = QProgressBar()
        self.progress.setFormat("%v / %m")
        run.addWidget(self.progress, 1)
        self.cancel_button = QPushButton("取消")
        self.cancel_button.clicked.connect(self.cancel)
        run.addWidget(self.cancel_button)
        self.status_label = QLabel("")
        self.status_label.setWordWrap(True)
        self.status_label.setMinimumHeight(self.status_label.fontMetrics().lineSpacing() * 2 + 4)

        self.sources_view, self.sources_model = sortable_table(SOURCE_HEADERS, 7)
        self.cells_view, self.cells_model = sortable_table(CELL_HEADERS, 1)
        self.breakdown_view, self.breakdown_model = sortable_table(BREAKDOWN_HEADERS, 1)
        self.breakdown_label = QLabel("在左边选择一个汇总格，这里列出各单位的数值。")
        self.breakdown_label.setWordWrap(True)
        self.cells_view.selectionModel().currentRowChanged.connect(lambda cur, _: self.show_breakdown(cur))
        split = QSplitter()
        split.addWidget(self.cells_view)
        split.addWidget(_captioned(self.breakdown_label, self.breakdown_view))
        split.setSizes([700, 380])
        self.tabs = QTabWidget()
        self.problems_view, self.problems_model = sortable_table(FINDING_HEADERS, 7)
        self.problems_label = QLabel("选择一个文件，这里列出它的问题（错误、提醒、未计入的原因）。")
        self.sources_view.selectionModel().currentRowChanged.connect(lambda cur, _: self.show_problems(cur))
        sources_split = QSplitter(Qt.Orientation.Vertical)
        sources_split.addWidget(self.sources_view)
        sources_split.addWidget(_captioned(self.problems_label, self.problems_view))
        sources_split.setSizes([380, 220])
        self.tabs.addTab(sources_split, "来源")
        self.tabs.addTab(split, "汇总结果")

        buttons = QHBoxLayout()
        self.draft_button = QPushButton("保存为新草稿")
        self.export_button = QPushButton("导出汇总（Excel/PDF）…")
        self.sources_button = QPushButton("导出来源清单…")
        close = QPushButton("关闭")
        self.draft_button.clicked.connect(lambda _checked=False: self.save_draft())
        self.export_button.clicked.connect(lambda _checked=False: self.export_summary())
        self.sources_button.clicked.connect(lambda _checked=False: self.export_sources())
        close.clicked.connect(self.reject)
        for b in (self.draft_button, self.export_button, self.sources_button):
            buttons.addWidget(b)
        buttons.addStretch(1)
        buttons.addWidget(close)

        layout = QVBoxLayout(self)
        layout.addLayout(pick)
        layout.addLayout(run)
        layout.addWidget(self.status_label)
        layout.addWidget(self.tabs, 1)
        layout.addLayout(buttons)

    def _set_running(self, running: bool) -> None:
        for w in (self.folder_button, self.files_button, self.agency_edit):
            w.setEnabled(not running)
        self.start_button.setEnabled(not running and bool(self.paths))
        self.cancel_button.setEnabled(running)
        done = not running and self.summary is not None
        has_report = done and self.summary.report is not None
        self.draft_button.setEnabled(has_report)
        self.export_button.setEnabled(has_report)
        self.sources_button.setEnabled(done and bool(self.summary.sources))

    # ---------------------------------------------------------------- running
    def choose_folder(self) -> None:
        folder = QFileDialog.getExistingDirectory(self, "选择各单位报告所在的文件夹")
        if folder:
            self.set_paths([folder])

    def choose_files(self) -> None:
        files, _ = QFileDialog.getOpenFileNames(
            self, "选择各单位的工作簿或报告文件", "", "工作簿或报告文件 (*.xlsx *.giapp.json);;所有文件 (*)"
        )
        if files:
            self.set_paths(files)

    def set_paths(self, paths: list[str]) -> None:
        self.paths = [str(p) for p in paths]
        shown = "、".join(Path(p).name for p in self.paths[:3]) + ("等" if len(self.paths) > 3 else "")
        self.chosen_label.setText(f"已选择：{shown}（共 {len(self.paths)} 项）")
        self._set_running(False)

    def start(self, paths: list[str] | None = None) -> None:
        if paths is not None:
            self.set_paths(paths)
        if not self.paths or self.worker is not None:
            return
        self.summary = None
        self.progress.setRange(0, 0)  # busy until the number of files is known
        self.status_label.setText("正在读取各单位的报告…")
        self.worker = AggregateWorker(self.paths, self.forms, self.agency_edit.text())
        self.worker.progressed.connect(self._on_progress)
        self.worker.succeeded.connect(self._on_done)
        self.worker.failed.connect(self._on_failed)
        self.worker.cancelled.connect(self._on_cancelled)
        self.worker.finished.connect(self._on_finished)
        self._set_running(True)
        self.worker.start()

    def cancel(self) -> None:
        if self.worker is not None:
            self.worker.stop.set()
            self.status_label.setText("正在取消…")

    def _on_progress(self, done: int, total: int, name: str) -> None:
        self.progress.setRange(0, total)
        self.progress.setValue(done)
        self.status_label.setText(f"正在读取：{name}")

    def _on_done(self, summary: Summary) -> None:
        self.summary = summary
        self._fill_sources(summary)
        self._fill_cells(summary)
        total = len(summary.sources)
        self.progress.setRange(0, max(total, 1))
        self.progress.setValue(total)
        if not total:
            text = "所选位置没有找到任何工作簿（.xlsx）或报告文件（.giapp.json）。"
        elif summary.report is None:
            text = f"{summary.tally()}。没有可以汇总的报告，请查看“说明”一列。"
        else:
            errors = sum(1 for s in summary.summed if s.errors)
            text = f"{summary.report.title}（{summary.spec.name}）：{summary.tally()}。"
            if errors:
                text += f"其中 {errors} 个单位的报告有错误，可导出来源清单发给各单位改正。"
        self.status_label.setText(text)
        self.summaryReady.emit(summary)

    def _on_failed(self, message: str) -> None:
        self.status_label.setText(message)

    def _on_cancelled(self) -> None:
        self.progress.setRange(0, 1)
        self.progress.setValue(0)
        self.status_label.setText("已取消汇总，没有生成任何结果。")

    def _on_finished(self) -> None:
        self.worker.deleteLater()
        self.worker = None
        self._set_running(False)

    def done(self, result: int) -> None:  # closing while running: stop the worker first
        if self.worker is not None:
            self.worker.stop.set()
            self.worker.wait()
        super().done(result)

    # ---------------------------------------------------------------- tables
    def _fill_sources(self, summary: Summary) -> None:
        m = self.sources_model
        m.setRowCount(0)
        self.problems_model.setRowCount(0)
        for i, s in enumerate(summary.sources, 1):
            row = [
                read_only_item(i, i - 1),
                read_only_item(s.agency or "（未填写）"),
                read_only_item(s.name),
                read_only_item(s.status),
                read_only_item(s.errors),
                read_only_item(s.warnings),
                read_only_item(s.fingerprint),
                read_only_item(s.message),
            ]
            row[2].setToolTip(s.file)
            color = REFUSED_COLOR if s.status != SUMMED else ERRORS_COLOR if s.errors else None
            if color is not None:
                for it in row:
                    it.setBackground(QBrush(color))
            m.appendRow(row)
        fit_columns(self.sources_view)

    def show_problems(self, index) -> None:
        """The chosen file's own list: why it was not summed, and each error and warning with its place."""
        if self.summary is None or not index.isValid():
            return
        src = self.summary.sources[index.siblingAtColumn(0).data(KEY_ROLE)]
        m = self.problems_model
        m.setRowCount(0)
        for row in source_problems(src):
            m.appendRow([read_only_item(v) for v in row])
        fit_columns(self.problems_view)
        self.problems_label.setText(
            f"{src.agency or '（未填写机关名称）'}（{src.name}）：{src.status}，错误 {src.errors} 个，提醒 {src.warnings} 个"
        )

    def _fill_cells(self, summary: Summary) -> None:
        m = self.cells_model
        m.setRowCount(0)
        self.breakdown_model.setRowCount(0)
        if summary.spec is None:
            return
        spec, values = summary.spec, summary.values
        for key, cell in spec.cells.items():
            t = spec.tables[cell.table]
            value = read_only_item(format_value(values[key]), key)
            value.setTextAlignment(Qt.AlignmentFlag.AlignRight | Qt.AlignmentFlag.AlignVCenter)
            sec = spec.section_of_table(cell.table)
            title = f"{sec.heading.split('、')[0]}、{t.heading}" if t.heading else sec.heading
            row = [
                read_only_item(title, key),
                read_only_item(" ".join(t.row(cell.row).labels), key),
                read_only_item(t.column(cell.col).label, key),
                value,
            ]
            if not cell.is_input:
                for it in row:
                    font = it.font()
                    font.setBold(True)
                    it.setFont(font)
            m.appendRow(row)
        fit_columns(self.cells_view, widest=170)

    def show_breakdown(self, index) -> None:
        """The drill-down: every summed source's value for the cell chosen on the left."""
        if self.summary is None or not index.isValid():
            return
        key = index.data(KEY_ROLE)
        rows = self.summary.breakdown(key)
        m = self.breakdown_model
        m.setRowCount(0)
        for agency, file, value in rows:
            v = read_only_item(format_value(value) if value is not None else "（空）")
            v.setTextAlignment(Qt.AlignmentFlag.AlignRight | Qt.AlignmentFlag.AlignVCenter)
            name = read_only_item(Path(file).name)
            name.setToolTip(file)
            m.appendRow([read_only_item(agency or "（未填写）"), name, v])
        fit_columns(self.breakdown_view)
        total = format_value(self.summary.values[key])
        self.breakdown_label.setText(
            f"{describe_cell(self.summary.spec, key)}：{len(rows)} 个单位，合计 {total}"
        )

    # ---------------------------------------------------------------- saving
    def _take_agency(self) -> None:
        """A name typed (or corrected) after the summary was made still names it."""
        name = self.agency_edit.text().strip()
        if name and self.summary is not None and self.summary.report is not None:
            self.summary.report.agency = name

    def save_draft(self) -> int | None:
        self._take_agency()
        s = self.summary
        if s is None or s.report is None:
            return None
        name = f"{s.report.agency}{s.year}年汇总（{len(s.summed)} 个单位）"
        store = None
        try:
            store = self.store if self.store is not None else DraftStore.open(forms=self.forms)
            draft_id = store.create(s.form_id, s.report.agency, s.year, name=name, report=s.report.copy())
        except StoreError as e:  # its text is a Chinese sentence for the clerk
            QMessageBox.warning(self, "汇总", f"无法保存为草稿：{e}")
            return None
        finally:
            if store is not None and store is not self.store:
                store.close()
        QMessageBox.information(self, "汇总", f"已保存为新草稿“{name}”。")
        self.draftCreated.emit(draft_id)
        return draft_id

    def export_summary(self, path: str | None = None) -> bool:
        if self.summary is None or self.summary.report is None:
            return False
        self._take_agency()
        if path is None:
            suggested = f"{self.summary.report.agency}{self.summary.year}年汇总.xlsx"
            path, _ = QFileDialog.getSaveFileName(self, "导出汇总结果", suggested, SUMMARY_FILTERS)
            if not path:
                return False
        try:
            write_summary(path, self.summary)
        except AggregateError as e:
            QMessageBox.warning(self, "导出汇总", str(e))
            return False
        self.status_label.setText(f"已导出汇总结果：{path}")
        return True

    def export_sources(self, path: str | None = None) -> bool:
        if self.summary is None:
            return False
        if path is None:
            path, _ = QFileDialog.getSaveFileName(
                self, "导出来源清单", "来源清单.xlsx", "Excel 工作簿 (*.xlsx)"
            )
            if not path:
                return False
        try:
            write_sources_workbook(path, self.summary)
        except OSError as e:
            QMessageBox.warning(self, "导出来源清单", f"无法写入“{path}”：{os_error_text(e)}。")
            return False
        self.status_label.setText(f"已导出来源清单：{path}")
        return True


def _captioned(caption: QLabel, view: QWidget) -> QWidget:
    """A table with the line that says what it lists above it."""
    panel = QWidget()
    box = QVBoxLayout(panel)
    box.setContentsMargins(0, 0, 0, 0)
    box.addWidget(caption)
    box.addWidget(view)
    return panel
