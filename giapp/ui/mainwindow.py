"""The main window: start page or open report, menus, status bar; every change is already saved."""

from __future__ import annotations

from PySide6.QtCore import QSettings, Qt
from PySide6.QtGui import QAction, QKeySequence, QUndoGroup
from PySide6.QtWidgets import QLabel, QMainWindow, QStackedWidget

from giapp import APP_NAME
from giapp.catalog import all_forms, get_form
from giapp.paths import data_dir
from giapp.ui import exports
from giapp.ui.messages import Messenger
from giapp.ui.startpage import StartPage
from giapp.ui.storecall import FAILED, store_call

# The editor and the file dialogs are imported when first used: the first window appears sooner.

LAST_DRAFT = "ui.last_draft"


def window_settings() -> QSettings:
    """Window geometry in the data folder (an .ini file), never the Windows registry."""
    return QSettings(str(data_dir() / "window.ini"), QSettings.Format.IniFormat)


class MainWindow(QMainWindow):
    def __init__(self, store, messenger=None):
        super().__init__()
        self.store = store
        self.messenger = messenger or Messenger(self)
        self.doc = None  # the open draft's ReportDocument
        self.editor = None  # its ReportEditor
        self.undo_group = QUndoGroup(self)
        self.stack = QStackedWidget(self)
        self.start = StartPage(self)
        self.stack.addWidget(self.start)
        self.setCentralWidget(self.stack)
        self.start.new_requested.connect(self.new_report)
        self.start.open_requested.connect(self.open_draft)
        self.start.import_requested.connect(lambda: self.files.import_report_file(self))
        self.start.example_requested.connect(self.open_example)
        self.start.carry_file_requested.connect(lambda: self.carryover.new_from_file(self))
        self.counts = QLabel("")
        self.saved = QLabel("")
        self.statusBar().addPermanentWidget(self.counts)
        self.statusBar().addPermanentWidget(self.saved)
        self._build_menus()
        self.resize(1280, 820)
        settings = window_settings()
        geometry = settings.value("geometry")
        if geometry is not None:
            self.restoreGeometry(geometry)
        self.show_start()

    @property
    def files(self):
        from giapp.ui import files

        return files

    @property
    def carryover(self):
        from giapp.ui import carryover

        return carryover

    def restore_last(self) -> None:
        """Reopen the draft the clerk was working on (called once the window is on screen)."""
        last = int(self.call_store("无法打开上次的报告", self.store.get_setting, LAST_DRAFT, "0") or 0)
        if last and any(i.id == last for i in self.drafts()):
            self.open_draft(last)

    def call_store(self, title: str, method, *args, **kwargs):
        """A store call whose refusal is shown to the clerk; FAILED (falsy here: None) when it was refused."""
        result = store_call(self.messenger, title, method, *args, **kwargs)
        return None if result is FAILED else result

    def drafts(self) -> list:
        """The drafts not in the bin (none when the store cannot be read: the clerk was told why)."""
        return self.call_store("无法读取草稿", self.store.list) or []

    def open_new(self, title: str, *create_args, **create_kwargs) -> None:
        """Create a draft in the store and open it; a refusal is told and nothing opens."""
        draft_id = self.call_store(title, self.store.create, *create_args, **create_kwargs)
        if draft_id is not None:
            self.open_draft(draft_id)

    # ------------------------------------------------------------------ menus
    def _action(self, menu, text, slot, shortcut=None) -> QAction:
        a = QAction(text, self)
        if shortcut is not None:
            a.setShortcut(QKeySequence(shortcut))
        a.triggered.connect(lambda _=False: slot())
        menu.addAction(a)
        return a

    def _build_menus(self) -> None:
        bar = self.menuBar()
        m = bar.addMenu("文件(&F)")
        self._action(m, "新建报告(&N)…", self.show_start, QKeySequence.StandardKey.New)
        self._action(m, "打开(&O)…", lambda: self.files.open_dialog(self), QKeySequence.StandardKey.Open)
        self.recent_menu = m.addMenu("最近打开(&R)")
        self.recent_menu.aboutToShow.connect(self._fill_recent)
        self._action(m, "从上年报告新建(&L)…", lambda: self.carryover.new_from_file(self))
        m.addSeparator()
        self.draft_actions = [
            self._action(m, "另存为副本(&C)…", lambda: self.files.save_copy(self)),
            self._action(m, "重命名(&M)…", lambda: self.files.rename(self)),
            self._action(m, "删除(&D)…", lambda: self.files.delete(self)),
        ]
        m.addSeparator()
        self._action(m, "导入报告文件(&I)…", lambda: self.files.import_report_file(self))
        self.draft_actions.append(
            self._action(m, "导出报告文件(&E)…", lambda: self.files.export_report_file(self))
        )
        m.addSeparator()
        self._action(m, "退出(&X)", self.close, QKeySequence.StandardKey.Quit)

        e = bar.addMenu("编辑(&E)")
        undo = self.undo_group.createUndoAction(self, "撤销")
        undo.setShortcut(QKeySequence.StandardKey.Undo)
        redo = self.undo_group.createRedoAction(self, "重做")
        ctrl_y = QKeySequence("Ctrl+Y")  # what Excel/WPS users press; the platform's own key as well
        redo.setShortcuts(
            [ctrl_y, *(k for k in QKeySequence.keyBindings(QKeySequence.StandardKey.Redo) if k != ctrl_y)]
        )
        e.addAction(undo)
        e.addAction(redo)
        self.undo_action, self.redo_action = undo, redo

        v = bar.addMenu("查看(&V)")
        self.view_actions = [
            self._action(v, "目录(&T)", lambda: self.editor and self.editor.nav.setFocus(), "Ctrl+1"),
            self._action(v, "表格或正文(&B)", lambda: self.editor and self.editor.focus_page(), "Ctrl+2"),
            self._action(v, "检查结果(&K)", lambda: self.editor and self.editor.checks.setFocus(), "Ctrl+3"),
            self._action(v, "下一个问题(&N)", lambda: self.editor and self.editor.next_finding(), "F8"),
        ]

        x = bar.addMenu("导出(&X)")
        self.export_actions = exports.build_menu(self, x)

        t = bar.addMenu("工具(&T)")
        self.aggregate_action = self._action(t, "汇总多个单位的报告(&S)…", self.open_aggregate)

        h = bar.addMenu("帮助(&H)")
        self._action(h, "关于(&A)", self._about)

    def _fill_recent(self) -> None:
        self.recent_menu.clear()
        for info in self.drafts()[:8]:
            self._action(
                self.recent_menu, f"{info.name}（{info.year}年）", lambda i=info.id: self.open_draft(i)
            )
        if self.recent_menu.isEmpty():
            self.recent_menu.addAction("（没有草稿）").setEnabled(False)

    def _about(self) -> None:
        from giapp import __version__

        self.messenger.info(
            "关于",
            f"{APP_NAME} {__version__}\n\n填写的内容自动保存在：\n{data_dir()}\n\n"
            "表格格式依据国办公开办函〔2019〕60号、〔2021〕30号。",
        )

    # ------------------------------------------------------------------ pages
    def show_start(self) -> None:
        self._close_doc()
        self.start.set_drafts(self.drafts())
        self.stack.setCurrentWidget(self.start)
        self.setWindowTitle(APP_NAME)
        self.counts.setText("")
        self.saved.setText("")
        for a in self.draft_actions + self.view_actions:
            a.setEnabled(False)
        exports.update_enabled(self)
        self.start.agency.setFocus()

    def flush_editor(self) -> None:
        """Save what is typed in the open draft; what could not be saved is told, not dropped silently."""
        problem = self.editor.flush() if self.editor is not None else ""
        if problem:
            self.messenger.warn("有内容没有保存", problem)

    def _close_doc(self) -> None:
        if self.editor is not None:
            self.flush_editor()
            self.stack.removeWidget(self.editor)
            self.editor.deleteLater()
            self.undo_group.removeStack(self.doc.undo_stack)
            self.doc.deleteLater()
        self.editor, self.doc = None, None

    def open_draft(self, draft_id: int) -> None:
        from giapp.ui.document import ReportDocument
        from giapp.ui.editor import ReportEditor

        report = self.call_store("无法打开", self.store.load, draft_id)
        if report is None:
            return
        self._close_doc()
        previous = self.carryover.load_previous(self.store, report)  # once, not at every edit
        doc = ReportDocument(self.store, draft_id, get_form(report.form_id), report, self, previous=previous)
        self.doc = doc
        self.editor = ReportEditor(doc, self)
        self.editor.refused.connect(self._refused)
        self.editor.notice.connect(lambda text: self.statusBar().showMessage(text, 10_000))
        self.stack.addWidget(self.editor)
        self.stack.setCurrentWidget(self.editor)
        self.undo_group.addStack(doc.undo_stack)
        self.undo_group.setActiveStack(doc.undo_stack)
        doc.findings_changed.connect(self._update_counts)
        doc.saved.connect(lambda t: self.saved.setText(f"已自动保存 {t}"))
        doc.meta_changed.connect(self._update_title)
        doc.write_failed.connect(lambda msg: self.messenger.error("没有保存", msg))
        self.call_store("无法记住上次的报告", self.store.set_setting, LAST_DRAFT, str(draft_id))
        for a in self.draft_actions + self.view_actions:
            a.setEnabled(True)
        exports.update_enabled(self)
        self._update_title()
        self._update_counts()
        updated = str(self.call_store("无法读取草稿", self.store.updated_at, draft_id) or "")
        self.saved.setText(f"已自动保存 {updated[11:19]}" if len(updated) >= 19 else "")
        self.editor.nav.setCurrentItem(self.editor.nav.topLevelItem(0))

    def _update_title(self) -> None:
        if self.doc is not None:
            r, spec = self.doc.report, self.doc.spec
            self.setWindowTitle(f"{r.agency} {r.year}年度报告（{spec.name}）— {APP_NAME}")

    def _update_counts(self) -> None:
        if self.doc is not None:
            errors, warnings = self.doc.counts()
            text = f"错误 {errors} 个，提醒 {warnings} 个" if errors or warnings else "检查通过，没有发现问题"
            self.counts.setText(text)
            self.counts.setStyleSheet("color: #b3261e" if errors else "")

    def _refused(self, message: str) -> None:
        self.statusBar().showMessage(message, 10_000)
        self.messenger.warn("没有填入", message)

    # ------------------------------------------------------------------ drafts
    def offer_existing(self, agency: str, year: int, form_id: str | None = None) -> bool:
        """When the agency already has a draft for that year, offer to open it; True when it was opened."""
        existing = self.call_store("无法读取草稿", self.store.find, agency, year, form_id)
        if existing and self.messenger.ask(
            "已有这份报告",
            f"“{agency}”{year} 年的报告已经有草稿“{existing[0].name}”。\n\n是否打开已有的草稿继续填写？"
            "（选“否”将另建一份新的草稿）",
        ):
            self.open_draft(existing[0].id)
            return True
        return False

    def new_report(self, agency: str, year: int, form_id: str) -> None:
        if self.offer_existing(agency, year, form_id):
            return
        report = self.carryover.new_report_content(self, agency, year, form_id)
        self.open_new("无法新建报告", form_id, agency, year, name=f"{agency}{year}年度报告", report=report)

    def open_example(self, form_id: str) -> None:
        from giapp.examples import example_report

        spec, report = example_report(form_id)
        name = f"示例：{report.agency}{report.year}年度报告"
        self.open_new("无法打开示例", spec.id, report.agency, report.year, name=name, report=report)

    def open_aggregate(self) -> None:
        """工具 → 汇总: the dialog works with the window's store (a summary can be kept as a draft)."""
        from giapp.ui.aggregate_dialog import AggregateDialog

        self.flush_editor()
        dialog = AggregateDialog(self, all_forms(), store=self.store)
        dialog.setAttribute(Qt.WidgetAttribute.WA_DeleteOnClose)
        dialog.draftCreated.connect(self._summary_draft_created)
        self.aggregate_dialog = dialog
        dialog.open()

    def _summary_draft_created(self, _draft_id: int) -> None:
        if self.doc is None:
            self.show_start()  # the start page lists the new draft
        self.statusBar().showMessage("汇总结果已保存为新草稿，可在“文件 → 打开”或开始页中找到。", 15_000)

    def closeEvent(self, event) -> None:
        problem = self.editor.flush() if self.editor is not None else ""
        if problem and not self.messenger.ask(
            "有内容没有保存", f"{problem}\n\n仍然关闭吗？（选“否”回去改正）"
        ):
            event.ignore()
            self.editor.show_date_field()
            return
        settings = window_settings()
        settings.setValue("geometry", self.saveGeometry())
        settings.sync()
        super().closeEvent(event)
