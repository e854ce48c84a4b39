"""A report grid that reads like the print and types like Excel/WPS: frozen official header, merged labels."""

from __future__ import annotations

from PySide6.QtCore import QItemSelectionModel, QModelIndex, QPoint, QRect, QSize, Qt, Signal
from PySide6.QtGui import QColor, QFontMetrics, QGuiApplication, QKeySequence, QPalette, QPen, QPolygon
from PySide6.QtWidgets import (
    QAbstractItemDelegate,
    QAbstractItemView,
    QFrame,
    QHeaderView,
    QLineEdit,
    QMenu,
    QStyle,
    QStyledItemDelegate,
    QTableView,
    QVBoxLayout,
    QWidget,
)

from giapp.core.report import unit_of
from giapp.core.values import InputError
from giapp.ui.clipboard import block_to_tsv, tsv_to_block
from giapp.ui.gridlayout import DERIVED, HEADER, HEADING, INPUT, LABEL
from giapp.ui.gridmodel import CARRIED_ROLE, KIND_ROLE, ReportGridModel

TEXT_KINDS = (HEADING, HEADER, LABEL)
PAD = 6
CARRIED_MARK = QColor("#1a5fb4")


def _data(index, role=Qt.ItemDataRole.DisplayRole):
    """Ask our model directly (no round trip through QVariant)."""
    return index.model().data(index, role)


class CellDelegate(QStyledItemDelegate):
    """Paints every cell itself: printed texts in full colour though they are not cursor stops, values with
    their mark icon, the current cell framed as in Excel; edits values in a line edit."""

    def paint(self, painter, option, index) -> None:
        kind = _data(index, KIND_ROLE)
        rect = option.rect
        selected = bool(option.state & QStyle.StateFlag.State_Selected) and kind not in TEXT_KINDS
        pal = option.palette
        painter.save()
        bg = _data(index, Qt.ItemDataRole.BackgroundRole)
        if selected:
            painter.fillRect(rect, pal.color(QPalette.ColorGroup.Active, QPalette.ColorRole.Highlight))
        elif bg is not None:
            painter.fillRect(rect, bg)
        font = _data(index, Qt.ItemDataRole.FontRole)
        if font is not None:
            painter.setFont(font)
        fg = _data(index, Qt.ItemDataRole.ForegroundRole)
        if selected:
            painter.setPen(pal.color(QPalette.ColorGroup.Active, QPalette.ColorRole.HighlightedText))
        else:
            painter.setPen(
                fg.color()
                if fg is not None
                else pal.color(QPalette.ColorGroup.Active, QPalette.ColorRole.Text)
            )
        text_rect = rect.adjusted(PAD, 2, -PAD, -2)
        icon = _data(index, Qt.ItemDataRole.DecorationRole)
        if icon is not None:
            size = min(16, rect.height() - 4)
            icon.paint(painter, QRect(rect.left() + 3, rect.top() + (rect.height() - size) // 2, size, size))
        align = Qt.AlignmentFlag(_data(index, Qt.ItemDataRole.TextAlignmentRole))
        painter.drawText(text_rect, int(align | Qt.TextFlag.TextWordWrap), _data(index) or "")
        if _data(index, CARRIED_ROLE):
            self._paint_carried_mark(painter, rect)
        if option.state & QStyle.StateFlag.State_HasFocus and kind not in TEXT_KINDS:
            pen = QPen(pal.color(QPalette.ColorGroup.Active, QPalette.ColorRole.Highlight).darker(140), 2)
            painter.setPen(pen)  # the current cell framed, as in Excel
            painter.drawRect(rect.adjusted(1, 1, -1, -1))
        painter.restore()

    @staticmethod
    def _paint_carried_mark(painter, rect: QRect) -> None:
        """A carried value's mark: a triangle in the top-right corner (a shape, so not colour alone)."""
        size = max(8, min(12, rect.height() * 2 // 5))
        right, top = rect.right(), rect.top()
        triangle = QPolygon([QPoint(right - size, top), QPoint(right, top), QPoint(right, top + size)])
        painter.setPen(Qt.PenStyle.NoPen)
        painter.setBrush(CARRIED_MARK)
        painter.drawPolygon(triangle)

    def sizeHint(self, option, index) -> QSize:
        return QSize(64, 26)  # sizes are set by TableGrid.fit()

    def updateEditorGeometry(self, editor, option, index) -> None:
        editor.setGeometry(option.rect)

    def createEditor(self, parent, option, index):
        editor = QLineEdit(parent)
        editor.setAlignment(Qt.AlignmentFlag.AlignRight | Qt.AlignmentFlag.AlignVCenter)
        editor.setFrame(False)
        return editor

    def setEditorData(self, editor, index) -> None:
        editor.setText(_data(index, Qt.ItemDataRole.EditRole) or "")

    def setModelData(self, editor, model, index) -> None:
        model.setData(index, editor.text(), Qt.ItemDataRole.EditRole)


class GridView(QTableView):
    """The body of a grid: arrows/Tab/Enter move between value cells, Delete clears, Ctrl+C/V copy and paste."""

    refused = Signal(str)  # a Chinese message: what was typed or pasted was not kept, and why
    notice = Signal(str)  # a Chinese remark for the status bar

    def __init__(self, model: ReportGridModel, parent=None):
        super().__init__(parent)
        self.setModel(model)
        self.setItemDelegate(CellDelegate(self))
        self.setEditTriggers(
            QAbstractItemView.EditTrigger.AnyKeyPressed
            | QAbstractItemView.EditTrigger.EditKeyPressed
            | QAbstractItemView.EditTrigger.DoubleClicked
        )
        self.setSelectionMode(QAbstractItemView.SelectionMode.ContiguousSelection)
        self.setTabKeyNavigation(True)
        self.setWordWrap(True)
        self.horizontalHeader().hide()
        self.verticalHeader().hide()
        self.setCornerButtonEnabled(False)
        self.setHorizontalScrollMode(QAbstractItemView.ScrollMode.ScrollPerPixel)
        self.setVerticalScrollMode(QAbstractItemView.ScrollMode.ScrollPerPixel)
        model.input_refused.connect(self.refused)

    def grid_model(self) -> ReportGridModel:
        return self.model()  # type: ignore[return-value]

    def closeEditor(self, editor, hint) -> None:
        """Enter commits and moves down, Tab right, Shift+Tab left; as in Excel the next cell is not
        opened for editing until the clerk types into it."""
        Hint = QAbstractItemDelegate.EndEditHint
        moves = {
            Hint.SubmitModelCache: QAbstractItemView.CursorAction.MoveDown,
            Hint.EditNextItem: QAbstractItemView.CursorAction.MoveNext,
            Hint.EditPreviousItem: QAbstractItemView.CursorAction.MovePrevious,
        }
        move = moves.get(hint)
        super().closeEditor(editor, Hint.NoHint if move is not None else hint)
        if move is not None:
            self._move(move)

    def move_down(self) -> None:
        self._move(QAbstractItemView.CursorAction.MoveDown)

    def _move(self, action) -> None:
        ix = self.moveCursor(action, Qt.KeyboardModifier.NoModifier)
        if ix.isValid():
            self.setCurrentIndex(ix)

    def keyPressEvent(self, event) -> None:
        if self.state() != QAbstractItemView.State.EditingState:
            if event.matches(QKeySequence.StandardKey.Copy):
                self.copy_selection()
                return
            if event.matches(QKeySequence.StandardKey.Paste):
                self.paste(QGuiApplication.clipboard().text())
                return
            if event.key() in (Qt.Key.Key_Delete, Qt.Key.Key_Backspace):
                self.clear_selection()
                return
            if event.key() in (Qt.Key.Key_Return, Qt.Key.Key_Enter):
                self.move_down()
                return
        super().keyPressEvent(event)

    def inputMethodEvent(self, event) -> None:
        """Text committed by a Chinese input method starts editing the cell with that text, like a key."""
        ix = self.currentIndex()
        if (
            self.state() != QAbstractItemView.State.EditingState
            and event.commitString()
            and self.model().flags(ix) & Qt.ItemFlag.ItemIsEditable
            and self.edit(ix, QAbstractItemView.EditTrigger.AnyKeyPressed, event)
        ):
            editor = self.indexWidget(ix)
            if isinstance(editor, QLineEdit):
                editor.setText(event.commitString())
                return
        super().inputMethodEvent(event)

    def contextMenuEvent(self, event) -> None:
        """Right click (or the menu key): copy, paste, clear, and the unit of a money column."""
        menu = QMenu(self)
        menu.addAction("复制(&C)", self.copy_selection)
        menu.addAction("粘贴(&P)", lambda: self.paste(QGuiApplication.clipboard().text()))
        menu.addAction("清除(&D)", self.clear_selection)
        m = self.grid_model()
        key = m.key_at(self.currentIndex())
        if key:
            cell = m.doc.spec.cells[key]
            col = m.doc.spec.tables[cell.table].column(cell.col)
            if len(col.units) > 1:
                units = menu.addMenu("金额单位(&U)")
                current = unit_of(m.doc.spec, m.doc.report, key)
                for unit in col.units:
                    a = units.addAction(unit, lambda u=unit: m.doc.set_unit(cell.table, cell.col, u))
                    a.setCheckable(True)
                    a.setChecked(unit == current)
        menu.exec(event.globalPos())

    # ------------------------------------------------------------------ block operations
    def selected_keys(self, kinds=(INPUT, DERIVED)) -> list[str]:
        m = self.grid_model()
        return [m.key_at(ix) for ix in self.selectedIndexes() if m.data(ix, KIND_ROLE) in kinds]

    def _selected_block(self) -> list[list[str]]:
        m = self.grid_model()
        cells = [
            (ix.row(), ix.column())
            for ix in self.selectedIndexes()
            if m.data(ix, KIND_ROLE) in (INPUT, DERIVED)
        ]
        if not cells and self.currentIndex().isValid():
            cells = [(self.currentIndex().row(), self.currentIndex().column())]
        rows = sorted({r for r, _ in cells})
        cols = sorted({c for _, c in cells})
        lay = m.layout
        return [
            [m.shown(lay.tiles[(r, c)].key) for c in lay.data_columns(r) if cols[0] <= c <= cols[-1]]
            for r in rows
        ]

    def copy_selection(self) -> str:
        text = block_to_tsv(self._selected_block())
        QGuiApplication.clipboard().setText(text)
        return text

    def clear_selection(self) -> None:
        keys = self.selected_keys((INPUT,))
        if keys:
            self.grid_model().doc.set_values(dict.fromkeys(keys), f"清除 {len(keys)} 个格子")

    def paste(self, text: str) -> bool:
        """Paste a block from Excel/WPS at the current cell: every value is parsed first, then all are
        written in one step, or none with a message naming the first bad cell."""
        m = self.grid_model()
        block = tsv_to_block(text)
        if not block:
            return False
        anchor = self._anchor()
        try:
            if len(block) == 1 and len(block[0]) == 1 and len(self.selected_keys((INPUT,))) > 1:
                values = {}  # one value onto a selection fills the selection, as in Excel
                for key in self.selected_keys((INPUT,)):
                    values.update(m.parse_block(m.index_of(key), block))
            else:
                values = m.parse_block(anchor, block)
        except InputError as e:
            self.refused.emit(f"没有粘贴任何内容。{e}")
            return False
        if not values:
            return False
        ok = m.doc.set_values(values, f"粘贴 {len(block)} 行 × {max(len(r) for r in block)} 列")
        if ok:
            self._select_pasted(values)
            if m.skipped_totals:
                self.notice.emit("粘贴内容中的合计数没有填入：合计由程序按各项自动计算。")
        return ok

    def _anchor(self) -> QModelIndex:
        m = self.grid_model()
        selected = [ix for ix in self.selectedIndexes() if m.data(ix, KIND_ROLE) in (INPUT, DERIVED)]
        if selected:
            return min(selected, key=lambda ix: (ix.row(), ix.column()))
        return self.currentIndex()

    def _select_pasted(self, values) -> None:
        m = self.grid_model()
        sel = self.selectionModel()
        sel.clearSelection()
        for key in values:
            sel.select(m.index_of(key), QItemSelectionModel.SelectionFlag.Select)

    def select_key(self, key: str) -> bool:
        ix = self.grid_model().index_of(key)
        if not ix.isValid():
            return False
        self.setCurrentIndex(ix)
        self.scrollTo(ix)
        self.setFocus()
        return True


class TableGrid(QWidget):
    """A grid with its official header rows frozen above the scrolling body (single tables), or one
    grid of stacked blocks each with its heading and header (section 二)."""

    def __init__(self, model: ReportGridModel, parent=None):
        super().__init__(parent)
        self.model = model
        lay = model.layout
        self.frozen = len(lay.tables) == 1
        self.body = GridView(model, self)
        self.head = QTableView(self)
        self.head.setModel(model)
        self.head.setItemDelegate(CellDelegate(self.head))
        self.head.setFocusPolicy(Qt.FocusPolicy.NoFocus)
        self.head.setSelectionMode(QAbstractItemView.SelectionMode.NoSelection)
        self.head.horizontalHeader().hide()
        self.head.verticalHeader().hide()
        self.head.setHorizontalScrollBarPolicy(Qt.ScrollBarPolicy.ScrollBarAlwaysOff)
        self.head.setVerticalScrollBarPolicy(Qt.ScrollBarPolicy.ScrollBarAlwaysOff)
        self.head.setFrameShape(QFrame.Shape.NoFrame)
        self.body.setFrameShape(QFrame.Shape.NoFrame)
        self.head.setEditTriggers(QAbstractItemView.EditTrigger.NoEditTriggers)
        self.head.setVisible(self.frozen)
        for tile in lay.spans():
            self.body.setSpan(tile.row, tile.col, tile.rowspan, tile.colspan)
            self.head.setSpan(tile.row, tile.col, tile.rowspan, tile.colspan)
        if self.frozen:
            for r in range(lay.height):
                (self.body if r in lay.header_rows else self.head).setRowHidden(r, True)
            self.body.horizontalScrollBar().valueChanged.connect(self.head.horizontalScrollBar().setValue)
        box = QVBoxLayout(self)
        box.setContentsMargins(0, 0, 0, 0)
        box.setSpacing(0)
        box.addWidget(self.head)
        box.addWidget(self.body, 1)
        self.fit()

    def fit(self) -> None:
        """Column widths from the header and label texts, row heights from their wrapped lines."""
        lay = self.model.layout
        fm = QFontMetrics(self.body.font())
        w = fm.horizontalAdvance("国")
        widths = [5 * w + 2 * PAD] * lay.width
        for t in lay.tiles.values():
            if t.kind in (HEADER, LABEL) and t.colspan == 1:
                cap = (
                    7 if t.kind == HEADER else 6 if (t.col == 0 and t.colspan == 1 and t.rowspan > 1) else 16
                )
                widths[t.col] = max(widths[t.col], min(len(t.text), cap) * w + 2 * PAD + 4)
        for c, width in enumerate(widths):
            self.body.setColumnWidth(c, width)
            self.head.setColumnWidth(c, width)
        heights = [fm.height() + 12] * lay.height
        for t in sorted(lay.tiles.values(), key=lambda t: t.rowspan):
            if t.kind not in TEXT_KINDS:
                continue
            span_w = sum(widths[t.col : t.col + t.colspan]) - 2 * PAD
            need = (
                fm.boundingRect(QRect(0, 0, span_w, 10_000), Qt.TextFlag.TextWordWrap, t.text).height() + 10
            )
            have = sum(heights[t.row : t.row + t.rowspan])
            if need > have:
                heights[t.row + t.rowspan - 1] += need - have
        for r, h in enumerate(heights):
            self.body.setRowHeight(r, h)
            self.head.setRowHeight(r, h)
        if self.frozen:
            self.head.setFixedHeight(sum(heights[r] for r in lay.header_rows) + 1)
            self.head.setMinimumWidth(0)
            # a scroll area asks for ~60 px at least; a one-row body (table 四) needs less, and asking for more
            # made the layout slide the body up under the frozen header, hiding its only row
            body_rows = sum(h for r, h in enumerate(heights) if r not in lay.header_rows)
            self.body.setMinimumHeight(min(body_rows, 3 * heights[-1]) + 2)
        self.body.horizontalHeader().setSectionResizeMode(QHeaderView.ResizeMode.Fixed)
        self.content_width = sum(widths) + self.body.verticalScrollBar().sizeHint().width() + 2
        self.content_height = sum(heights) + self.body.horizontalScrollBar().sizeHint().height() + 2
