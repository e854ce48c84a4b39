"""The first page: start a new report, reopen a draft, import a report file, or look at an example."""

from __future__ import annotations

import datetime as dt

from PySide6.QtCore import Qt, Signal
from PySide6.QtWidgets import (
    QComboBox,
    QFormLayout,
    QGroupBox,
    QHBoxLayout,
    QLabel,
    QLineEdit,
    QListWidget,
    QListWidgetItem,
    QPushButton,
    QSpinBox,
    QVBoxLayout,
    QWidget,
)

from giapp import APP_NAME
from giapp.catalog import all_forms, form_for_year

ID_ROLE = Qt.ItemDataRole.UserRole + 1


def draft_line(info) -> str:
    updated = str(info.updated).replace("T", " ")[:16]
    return f"{info.name}\n    {info.year} 年度 · 最后修改 {updated}"


class StartPage(QWidget):
    new_requested = Signal(str, int, str)  # agency, year, form id
    open_requested = Signal(int)  # draft id
    import_requested = Signal()
    carry_file_requested = Signal()  # start from last year's report file or workbook
    example_requested = Signal(str)  # form id

    def __init__(self, parent=None):
        super().__init__(parent)
        page = QHBoxLayout(self)
        body = QWidget(self)
        body.setMaximumWidth(1100)  # a form, not a billboard: stays readable on a wide screen
        page.addWidget(body)
        outer = QVBoxLayout(body)
        outer.setContentsMargins(32, 24, 32, 24)
        title = QLabel(APP_NAME)
        title.setStyleSheet("font-size: 18pt; font-weight: bold")
        outer.addWidget(title)
        outer.addWidget(QLabel("所有填写的内容都会自动保存，不需要手动保存。"))
        row = QHBoxLayout()
        outer.addLayout(row, 1)

        new_box = QGroupBox("新建年度报告", self)
        form = QFormLayout(new_box)
        self.agency = QLineEdit()
        self.agency.setPlaceholderText("例如：某某市人民政府办公室")
        self.agency.setMaxLength(200)
        form.addRow("机关名称(&A)：", self.agency)
        self.year = QSpinBox()
        self.year.setRange(2019, 2100)
        self.year.setValue(dt.date.today().year - 1)  # the report is written in January for last year
        form.addRow("报告年度(&Y)：", self.year)
        self.form = QComboBox()
        for spec in all_forms().values():
            self.form.addItem(spec.name, spec.id)
        form.addRow("报告格式(&F)：", self.form)
        self.year.valueChanged.connect(self._pick_form)
        self._pick_form(self.year.value())
        self.hint = QLabel("")
        self.hint.setStyleSheet("color: #b3261e")
        form.addRow("", self.hint)
        self.create_button = QPushButton("新建报告(&N)")
        self.create_button.clicked.connect(self._create)
        self.agency.returnPressed.connect(self._create)
        form.addRow("", self.create_button)
        self.carry_file_button = QPushButton("从上年报告文件新建(&L)…")
        self.carry_file_button.setToolTip("选择上年的报告文件或 Excel 工作簿，以它为基础新建下一年度的报告")
        self.carry_file_button.clicked.connect(self.carry_file_requested)
        form.addRow("", self.carry_file_button)
        form.addRow(
            QLabel(
                "年度选定后，程序自动选用该年度适用的报告格式：\n2019、2020 年度用 2019 年格式，2021 年度起用现行格式。\n"
                "已有本单位上一年度的报告时，程序会问是否以它为基础新建。"
            )
        )
        row.addWidget(new_box, 1, Qt.AlignmentFlag.AlignTop)

        open_box = QGroupBox("继续填写", self)
        ob = QVBoxLayout(open_box)
        ob.addWidget(QLabel("最近的报告（双击打开）："))
        self.recent = QListWidget()
        self.recent.setWordWrap(True)
        self.recent.setAlternatingRowColors(True)
        self.recent.itemActivated.connect(lambda item: self.open_requested.emit(item.data(ID_ROLE)))
        ob.addWidget(self.recent, 1)
        buttons = QHBoxLayout()
        self.open_button = QPushButton("打开所选(&O)")
        self.open_button.clicked.connect(self._open_selected)
        self.import_button = QPushButton("导入报告文件(&I)…")
        self.import_button.clicked.connect(self.import_requested)
        buttons.addWidget(self.open_button)
        buttons.addWidget(self.import_button)
        ob.addLayout(buttons)
        row.addWidget(open_box, 1)

        ex_box = QGroupBox("示例（可以先看看填好的报告是什么样子）", self)
        eb = QHBoxLayout(ex_box)
        self.example_buttons = {}
        for form_id, text in (
            ("gov-2019", "2020年度真实报告（含错误，2019年格式）"),
            ("gov-2021", "一份正确的报告（现行格式）"),
        ):
            b = QPushButton(text)
            b.clicked.connect(lambda _=False, f=form_id: self.example_requested.emit(f))
            eb.addWidget(b)
            self.example_buttons[form_id] = b
        outer.addWidget(ex_box)

    def _pick_form(self, year: int) -> None:
        i = self.form.findData(form_for_year(year).id)
        if i >= 0:
            self.form.setCurrentIndex(i)

    def _create(self) -> None:
        agency = self.agency.text().strip()
        if not agency:
            self.hint.setText("请先填写机关名称。")
            self.agency.setFocus()
            return
        self.hint.setText("")
        self.new_requested.emit(agency, self.year.value(), self.form.currentData())

    def _open_selected(self) -> None:
        item = self.recent.currentItem()
        if item is not None:
            self.open_requested.emit(item.data(ID_ROLE))

    def set_drafts(self, infos) -> None:
        self.recent.clear()
        for info in infos:
            item = QListWidgetItem(draft_line(info))
            item.setData(ID_ROLE, info.id)
            self.recent.addItem(item)
        if self.recent.count():
            self.recent.setCurrentRow(0)
        self.open_button.setEnabled(self.recent.count() > 0)
