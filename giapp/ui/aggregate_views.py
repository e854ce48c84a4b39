"""Parts of the 汇总 dialog: the worker thread that runs the summary, and sortable read-only tables."""

from __future__ import annotations

import threading
import traceback

from PySide6.QtCore import QSortFilterProxyModel, Qt, QThread, Signal
from PySide6.QtGui import QStandardItem, QStandardItemModel
from PySide6.QtWidgets import QAbstractItemView, QHeaderView, QTableView

from giapp.exchange.aggregate import AggregateCancelled, AggregateError, aggregate

KEY_ROLE = Qt.ItemDataRole.UserRole + 1


class AggregateWorker(QThread):
    """Runs aggregate() off the GUI thread; the window stays responsive and 取消 is honoured between files."""

    progressed = Signal(int, int, str)
    succeeded = Signal(object)
    failed = Signal(str)
    cancelled = Signal()

    def __init__(self, paths: list[str], forms, agency: str, parent=None):
        super().__init__(parent)
        self.paths, self.forms, self.agency = paths, forms, agency
        self.stop = threading.Event()

    def run(self) -> None:
        try:
            summary = aggregate(
                self.paths,
                self.forms,
                agency=self.agency,
                progress=self.progressed.emit,
                cancel=self.stop.is_set,
            )
        except AggregateCancelled:
            self.cancelled.emit()
        except AggregateError as e:  # a Chinese sentence: a total too large, …
            self.failed.emit(str(e))
        except Exception:  # one Chinese line for the clerk; the traceback goes to the error log
            from giapp.errorlog import log_error

            log_error(traceback.format_exc())
            self.failed.emit(
                "汇总时出错，没有完成。请检查所选的文件后重试；如果反复出现，请把错误记录文件发给技术支持。"
            )
        else:
            self.succeeded.emit(summary)


def read_only_item(value, key=None) -> QStandardItem:
    item = QStandardItem()
    item.setEditable(False)
    item.setData(value if isinstance(value, int) else str(value), Qt.ItemDataRole.DisplayRole)
    if isinstance(value, str) and len(value) > 12:
        item.setToolTip(value)
    if key is not None:
        item.setData(key, KEY_ROLE)
    return item


def sortable_table(headers, stretch: int) -> tuple[QTableView, QStandardItemModel]:
    model = QStandardItemModel(0, len(headers))
    model.setHorizontalHeaderLabels(list(headers))
    proxy = QSortFilterProxyModel()
    proxy.setSourceModel(model)
    view = QTableView()
    view.setModel(proxy)
    view.setSortingEnabled(True)
    # start in the order given (form order, file order); a click on a header sorts
    view.horizontalHeader().setSortIndicator(-1, Qt.SortOrder.AscendingOrder)
    proxy.sort(-1)
    view.setSelectionBehavior(QAbstractItemView.SelectionBehavior.SelectRows)
    view.setSelectionMode(QAbstractItemView.SelectionMode.SingleSelection)
    view.verticalHeader().hide()
    view.setWordWrap(False)
    view.horizontalHeader().setSectionResizeMode(QHeaderView.ResizeMode.Interactive)
    view.horizontalHeader().setSectionResizeMode(stretch, QHeaderView.ResizeMode.Stretch)
    return view, model


def fit_columns(view: QTableView, widest: int = 260) -> None:
    """Columns as wide as their text, none wider than `widest` (the full text is in the tooltip)."""
    view.resizeColumnsToContents()
    view.resizeRowsToContents()
    header = view.horizontalHeader()
    for c in range(header.count()):
        if header.sectionResizeMode(c) != QHeaderView.ResizeMode.Stretch:
            header.resizeSection(c, min(header.sectionSize(c) + 8, widest))
