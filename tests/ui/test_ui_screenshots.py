"""Pictures of the running app (tests/artifacts/, git-ignored) to look at: the sample's tables 三 and 四
with their errors marked, and the start page."""

from __future__ import annotations

from pathlib import Path

from PySide6.QtGui import QColor, QImage
from PySide6.QtWidgets import QApplication

ARTIFACTS = Path(__file__).resolve().parents[1] / "artifacts"


def _save(widget, name: str) -> QImage:
    ARTIFACTS.mkdir(exist_ok=True)
    QApplication.processEvents()
    path = ARTIFACTS / name
    assert widget.grab().save(str(path))
    image = QImage(str(path))
    assert not image.isNull() and image.width() > 600
    return image


def _has_colour(image: QImage, colour: QColor) -> bool:
    target = colour.rgb()
    return any(
        image.pixel(x, y) == target for y in range(0, image.height(), 2) for x in range(0, image.width(), 2)
    )


def test_screenshots_of_the_sample_report(window):
    window.resize(1500, 1060)
    start = _save(window, "start-page.png")
    assert start.height() >= 1000
    window.start.example_buttons["gov-2019"].click()
    window.editor.show_table("applications")
    image = _save(window, "table3-sample.png")
    from giapp.ui.gridmodel import ERROR_BG

    assert _has_colour(image, ERROR_BG), "the sample's errors are marked in table 三"
    window.editor.show_table("reviews")
    _save(window, "table4-sample.png")
    window.editor.show_table("rule_docs")
    _save(window, "table2-sample.png")


def test_the_one_row_of_table_four_is_not_hidden_under_its_frozen_header(window):
    window.resize(1500, 1060)
    window.start.example_buttons["gov-2019"].click()
    window.editor.show_table("reviews")
    QApplication.processEvents()
    grid = window.editor.pages.currentWidget().grid
    head, body = grid.head.geometry(), grid.body.geometry()
    assert body.top() >= head.top() + head.height(), "the body starts below the frozen header"
    last = grid.model.rowCount() - 1
    assert grid.body.viewport().height() >= grid.body.rowHeight(last), "the data row is shown whole"
