"""The File menu's work: open, copy, rename, delete (to the bin), import and export a report file."""

from __future__ import annotations

from PySide6.QtCore import Qt
from PySide6.QtWidgets import (
    QCheckBox,
    QDialog,
    QDialogButtonBox,
    QListWidget,
    QListWidgetItem,
    QPushButton,
    QVBoxLayout,
)

from giapp.catalog import all_forms
from giapp.core.rules import Finding, check, count_by_severity
from giapp.exchange.reportfile import SUFFIX, ReportFileError, read_report_file, write_report_file
from giapp.oserror import os_error_text
from giapp.ui.startpage import draft_line
from giapp.ui.storecall import FAILED, store_call

REPORT_FILTER = f"报告文件 (*{SUFFIX} *.json)"
ID_ROLE = Qt.ItemDataRole.UserRole + 1


def findings_summary(findings: list[Finding], limit: int = 8) -> str:
    if not findings:
        return "检查通过，没有发现问题。"
    errors, warnings = count_by_severity(findings)
    lines = [f"检查发现 {errors} 个错误、{warnings} 个提醒（导入后可在检查结果中逐条查看和改正）："]
    for f in findings[:limit]:
        where = " / ".join(x for x in (f.table, f.row, f.column) if x)
        lines.append(f"· {'错误' if f.is_error else '提醒'}：{where}：{f.message}")
    if len(findings) > limit:
        lines.append(f"……另有 {len(findings) - limit} 条。")
    return "\n".join(lines)


def create_from_import(window, spec, report, findings, source: str) -> None:
    """Show what the checks found in an imported report, then keep it as a new draft if the clerk agrees."""
    text = (
        f"文件：{source}\n报告：{report.title}（{spec.name}）\n\n{findings_summary(findings)}\n\n"
        "是否把它导入为一份新的草稿？"
    )
    if not window.messenger.ask("导入报告", text):
        return
    name = f"{report.agency}{report.year}年度报告（导入）"
    window.open_new("无法导入", spec.id, report.agency, report.year, name=name, report=report)


def import_report_file(window) -> None:
    path = window.messenger.open_file("导入报告文件", REPORT_FILTER)
    if not path:
        return
    try:
        spec, report = read_report_file(path, all_forms())
    except ReportFileError as e:
        window.messenger.error("无法导入", str(e))
        return
    create_from_import(window, spec, report, check(spec, report), path)


def export_report_file(window) -> None:
    doc = window.doc
    if doc is None:
        return
    path = window.messenger.save_file("导出报告文件", f"{doc.report.title}{SUFFIX}", REPORT_FILTER)
    if not path:
        return
    if not path.endswith(".json"):
        path += SUFFIX
    window.flush_editor()
    try:
        write_report_file(path, doc.spec, doc.report)
    except OSError as e:
        window.messenger.error("导出失败", f"无法写入“{path}”：{os_error_text(e)}。请换一个位置再试。")
        return
    window.statusBar().showMessage(f"已导出报告文件：{path}", 10_000)


def current_info(window):
    return next((i for i in window.drafts() if i.id == window.doc.draft_id), None)


def save_copy(window) -> None:
    info = current_info(window)
    if info is None:
        return
    name = window.messenger.get_text("另存为副本", "副本的名称：", f"{info.name}（副本）")
    if name:
        window.flush_editor()
        copy_id = store_call(window.messenger, "无法另存为副本", window.store.duplicate, info.id, name)
        if copy_id is not FAILED:
            window.open_draft(copy_id)


def rename(window) -> None:
    info = current_info(window)
    if info is None:
        return
    name = window.messenger.get_text("重命名", "新的名称：", info.name)
    if name and store_call(window.messenger, "无法重命名", window.store.rename, info.id, name) is not FAILED:
        window.statusBar().showMessage(f"已重命名为“{name}”", 5000)


def delete(window) -> None:
    info = current_info(window)
    if info is None:
        return
    if window.messenger.ask(
        "删除报告", f"删除“{info.name}”？\n\n删除后可以在“文件 → 打开”中勾选“显示已删除的报告”找回。"
    ):
        if store_call(window.messenger, "无法删除", window.store.delete, info.id) is FAILED:
            return
        store_call(window.messenger, "无法删除", window.store.set_setting, "ui.last_draft", "0")
        window.show_start()


class OpenDialog(QDialog):
    """Every draft, newest first; deleted ones can be shown and restored."""

    def __init__(self, store, messenger, parent=None):
        super().__init__(parent)
        self.store, self.messenger = store, messenger
        self.setWindowTitle("打开报告")
        self.resize(560, 420)
        box = QVBoxLayout(self)
        self.list = QListWidget(self)
        self.list.setWordWrap(True)
        self.list.setAlternatingRowColors(True)
        self.list.itemActivated.connect(lambda _item: self._open())
        box.addWidget(self.list, 1)
        self.show_deleted = QCheckBox("显示已删除的报告(&S)", self)
        self.show_deleted.toggled.connect(self.fill)
        box.addWidget(self.show_deleted)
        buttons = QDialogButtonBox(self)
        self.open_button = buttons.addButton("打开(&O)", QDialogButtonBox.ButtonRole.AcceptRole)
        self.restore_button = QPushButton("恢复(&R)")
        buttons.addButton(self.restore_button, QDialogButtonBox.ButtonRole.ActionRole)
        buttons.addButton("取消", QDialogButtonBox.ButtonRole.RejectRole)
        self.open_button.clicked.connect(self._open)
        self.restore_button.clicked.connect(self._restore)
        buttons.rejected.connect(self.reject)
        box.addWidget(buttons)
        self.chosen = 0
        self.fill()

    def fill(self) -> None:
        self.list.clear()
        infos = store_call(self.messenger, "无法读取草稿", self.store.list, self.show_deleted.isChecked())
        for info in [] if infos is FAILED else infos:
            item = QListWidgetItem(draft_line(info) + ("  ［已删除］" if info.deleted else ""))
            item.setData(ID_ROLE, (info.id, info.deleted))
            self.list.addItem(item)
        if self.list.count():
            self.list.setCurrentRow(0)

    def _current(self):
        item = self.list.currentItem()
        return item.data(ID_ROLE) if item else None

    def _open(self) -> None:
        cur = self._current()
        if cur is None:
            return
        draft_id, deleted = cur
        if deleted and store_call(self.messenger, "无法恢复", self.store.restore, draft_id) is FAILED:
            return
        self.chosen = draft_id
        self.accept()

    def _restore(self) -> None:
        cur = self._current()
        if (
            cur
            and cur[1]
            and store_call(self.messenger, "无法恢复", self.store.restore, cur[0]) is not FAILED
        ):
            self.fill()


def open_dialog(window) -> None:
    dialog = OpenDialog(window.store, window.messenger, window)
    if dialog.exec() and dialog.chosen:
        window.open_draft(dialog.chosen)
