"""The Qt table model over one grid of a report: texts as printed, values live, derived cells read-only."""

from __future__ import annotations

from PySide6.QtCore import QAbstractTableModel, QModelIndex, QPersistentModelIndex, Qt, Signal
from PySide6.QtGui import QBrush, QColor, QFont
from PySide6.QtWidgets import QApplication, QStyle

from giapp.core.formspec import TableSpec
from giapp.core.report import describe_cell, unit_of
from giapp.core.values import KIND_RULES, InputError, Value, format_value, parse_value
from giapp.ui.document import ReportDocument
from giapp.ui.gridlayout import DERIVED, HEADER, HEADING, INPUT, GridLayout, Tile

KIND_ROLE = Qt.ItemDataRole.UserRole + 1  # heading | header | label | input | derived
KEY_ROLE = Qt.ItemDataRole.UserRole + 2
CARRIED_ROLE = Qt.ItemDataRole.UserRole + 3  # True for a value carried over from last year's report

HEADER_BG = QColor("#eef1f6")
DERIVED_BG = QColor("#e9edf2")
DERIVED_FG = QColor("#1f3a5f")
ERROR_BG = QColor("#fbd9d6")
WARNING_BG = QColor("#fff1c2")
RELATED_BG = QColor("#fdeeee")

Index = QModelIndex | QPersistentModelIndex


class ReportGridModel(QAbstractTableModel):
    """One QAbstractTableModel over the tables of a grid; setData parses, writes through the document."""

    input_refused = Signal(str)  # the Chinese reason a typed value was not kept

    def __init__(self, doc: ReportDocument, tables: list[TableSpec], parent=None):
        super().__init__(parent)
        self.doc = doc
        self.layout = GridLayout.build(tables, doc.spec.value_kind)
        self.skipped_totals = 0  # totals in the last pasted block, left to the program
        self._bold = QFont()
        self._bold.setBold(True)
        style = QApplication.style()
        self._icons = {
            "error": style.standardIcon(QStyle.StandardPixmap.SP_MessageBoxCritical),
            "warning": style.standardIcon(QStyle.StandardPixmap.SP_MessageBoxWarning),
        }
        doc.values_changed.connect(self._on_values_changed)

    # ------------------------------------------------------------------ shape
    def rowCount(self, parent: Index | None = None) -> int:
        return 0 if parent is not None and parent.isValid() else self.layout.height

    def columnCount(self, parent: Index | None = None) -> int:
        return 0 if parent is not None and parent.isValid() else self.layout.width

    def tile(self, index: Index) -> Tile | None:
        return self.layout.tile_at(index.row(), index.column()) if index.isValid() else None

    def index_of(self, key: str) -> QModelIndex:
        pos = self.layout.position.get(key)
        return self.index(*pos) if pos else QModelIndex()

    def key_at(self, index: Index) -> str:
        t = self.tile(index)
        return t.key if t else ""

    # ------------------------------------------------------------------ data
    def flags(self, index: Index) -> Qt.ItemFlag:
        t = self.tile(index)
        if t is None or (t.row, t.col) != (index.row(), index.column()):
            return Qt.ItemFlag.NoItemFlags
        if t.kind == INPUT:
            return Qt.ItemFlag.ItemIsEnabled | Qt.ItemFlag.ItemIsSelectable | Qt.ItemFlag.ItemIsEditable
        if t.kind == DERIVED:
            return Qt.ItemFlag.ItemIsEnabled | Qt.ItemFlag.ItemIsSelectable
        # texts of the print: not a stop for the cursor, so arrows, Tab and Enter go from value to value
        return Qt.ItemFlag.NoItemFlags

    def data(self, index: Index, role: int = Qt.ItemDataRole.DisplayRole):
        t = self.tile(index)
        if t is None:
            return None
        if role == KIND_ROLE:
            return t.kind
        if not t.key:
            return self._text_data(t, role)
        key = t.key
        if role == KEY_ROLE:
            return key
        if role == CARRIED_ROLE:
            return key in self.doc.report.carried
        if role in (Qt.ItemDataRole.DisplayRole, Qt.ItemDataRole.EditRole):
            return self.shown(key)
        if role == Qt.ItemDataRole.TextAlignmentRole:
            return int(Qt.AlignmentFlag.AlignRight | Qt.AlignmentFlag.AlignVCenter)
        findings = self.doc.cell_findings.get(key)
        severity = ("error" if any(f.is_error for f in findings) else "warning") if findings else ""
        if role == Qt.ItemDataRole.BackgroundRole:
            if severity:
                return QBrush(ERROR_BG if severity == "error" else WARNING_BG)
            if key in self.doc.related_findings:
                return QBrush(RELATED_BG)
            return QBrush(DERIVED_BG) if t.kind == DERIVED else None
        if role == Qt.ItemDataRole.DecorationRole:
            return self._icons[severity] if severity else None
        if role == Qt.ItemDataRole.ForegroundRole and t.kind == DERIVED:
            return QBrush(DERIVED_FG)
        if role == Qt.ItemDataRole.FontRole and t.kind == DERIVED:
            return self._bold
        if role == Qt.ItemDataRole.ToolTipRole:
            return self.tooltip(key)
        if role == Qt.ItemDataRole.AccessibleTextRole:
            carried = "（上年结转）" if key in self.doc.report.carried else ""
            return f"{describe_cell(self.doc.spec, key)}：{self.shown(key) or '空'}{carried}"
        return None

    def _text_data(self, t: Tile, role: int):
        if role == Qt.ItemDataRole.DisplayRole:
            return self._header_text(t) if t.kind == HEADER else t.text
        if role == Qt.ItemDataRole.TextAlignmentRole:
            if t.kind in (HEADER, HEADING):
                return int(Qt.AlignmentFlag.AlignCenter)
            return int(Qt.AlignmentFlag.AlignLeft | Qt.AlignmentFlag.AlignVCenter)
        if role == Qt.ItemDataRole.BackgroundRole:
            return QBrush(HEADER_BG) if t.kind in (HEADER, HEADING) else None
        if role == Qt.ItemDataRole.FontRole and t.kind == HEADING:
            return self._bold
        return None

    def _header_text(self, t: Tile) -> str:
        """A money column's header carries its unit, as real reports write it (采购总金额（万元）)."""
        table = self.doc.spec.tables[t.table]
        for c in table.columns:
            if c.kind == "money" and c.label == t.text and "单位" not in t.text:
                key = table.key(table.rows[0].id, c.id)
                return f"{t.text}（{unit_of(self.doc.spec, self.doc.report, key)}）"
        return t.text

    def shown(self, key: str) -> str:
        return format_value(self.doc.value(key))

    def tooltip(self, key: str) -> str:
        spec = self.doc.spec
        lines = [describe_cell(spec, key)]
        kind = spec.cells[key].kind
        if kind == "derived":
            lines.append("合计，由程序按各项自动计算，不能填写。")
            printed = self.doc.entered_total(key)
            if printed is not None and printed != self.doc.value(key):
                lines.append(f"导入的文件中填的是 {format_value(printed)}。")
        else:
            unit = unit_of(spec, self.doc.report, key)
            lines.append(KIND_RULES[kind] + (f"，单位：{unit}" if unit else "") + "。")
            carried = self.doc.carried_tooltip(key)
            if carried:
                lines.append(carried)
        for f in self.doc.cell_findings.get(key, []) + self.doc.related_findings.get(key, []):
            lines.append(("错误：" if f.is_error else "提醒：") + f.message)
        return "\n".join(lines)

    # ------------------------------------------------------------------ editing
    def setData(self, index: Index, value, role: int = Qt.ItemDataRole.EditRole) -> bool:
        t = self.tile(index)
        if role != Qt.ItemDataRole.EditRole or t is None or t.kind != INPUT:
            return False
        try:
            parsed = parse_value(value, self.doc.spec.cells[t.key].kind)
        except InputError as e:
            self.input_refused.emit(f"{describe_cell(self.doc.spec, t.key)}：{e}")
            return False
        return self.doc.set_values({t.key: parsed}, f"填写“{describe_cell(self.doc.spec, t.key)}”")

    def parse_block(self, anchor: Index, block: list[list[str]]) -> dict[str, Value]:
        """Every value of a pasted block, parsed before anything is written; InputError names the first
        bad cell. Totals in the block are skipped: the program computes them."""
        rows = self.layout.data_rows
        if anchor.row() not in rows:
            raise InputError("请先选中要粘贴到的第一个格子。")
        start_row = rows.index(anchor.row())
        out: dict[str, Value] = {}
        self.skipped_totals = 0
        for i, line in enumerate(block):
            if start_row + i >= len(rows):
                raise InputError(f"粘贴的内容有 {len(block)} 行，超出了表格的范围。请少选几行再复制。")
            cols = self.layout.data_columns(rows[start_row + i])
            first = next((j for j, c in enumerate(cols) if c >= anchor.column()), len(cols))
            for j, text in enumerate(line):
                if first + j >= len(cols):
                    raise InputError(f"粘贴的内容有 {len(line)} 列，超出了表格的范围。请少选几列再复制。")
                tile = self.layout.tiles[(rows[start_row + i], cols[first + j])]
                if tile.kind == DERIVED:
                    self.skipped_totals += bool(text.strip())
                    continue
                try:
                    out[tile.key] = parse_value(text, self.doc.spec.cells[tile.key].kind)
                except InputError as e:
                    raise InputError(f"{describe_cell(self.doc.spec, tile.key)}：{e}") from None
        return out

    def _on_values_changed(self, keys) -> None:
        for key in keys:
            pos = self.layout.position.get(key)
            if pos:
                ix = self.index(*pos)
                self.dataChanged.emit(ix, ix)
        if any(self.doc.spec.cells[k].kind == "money" for k in keys if k in self.layout.position):
            first, last = self.index(0, 0), self.index(self.layout.height - 1, self.layout.width - 1)
            self.dataChanged.emit(first, last, [Qt.ItemDataRole.DisplayRole])

    def value_of(self, key: str) -> Value:
        return self.doc.value(key)
