"""打印 / 打印预览 carry what the PDF carries: fingerprint and page number on every page, the date in words,
money headers with their unit, * on imported totals that differ. Rendered to a PDF file by Qt and read back."""

from __future__ import annotations

import datetime as dt
import re

from pypdf import PdfReader
from PySide6.QtGui import QPageSize
from PySide6.QtPrintSupport import QPrinter

from giapp.core.report import fingerprint
from giapp.examples import example_report
from giapp.ui.printing import print_report_to


def _print_to_pdf(path, spec, report) -> list[str]:
    printer = QPrinter(QPrinter.PrinterMode.HighResolution)
    printer.setOutputFormat(QPrinter.OutputFormat.PdfFormat)
    printer.setPageSize(QPageSize(QPageSize.PageSizeId.A4))
    printer.setOutputFileName(str(path))
    pages = print_report_to(printer, spec, report, dt.datetime(2024, 1, 22, 9, 30))
    texts = [p.extract_text() for p in PdfReader(str(path)).pages]
    assert len(texts) == pages
    return texts


def _flat(text: str) -> str:
    return re.sub(r"\s+", "", text)


def test_printed_pages_carry_fingerprint_page_numbers_date_and_units(window, tmp_path):
    spec, report = example_report("gov-2019")
    report.date = "2024-01-20"
    report.units = {**report.units, "procurement.amount": "元"}
    texts = _print_to_pdf(tmp_path / "print.pdf", spec, report)
    assert len(texts) >= 2
    stamp = fingerprint(spec, report)
    for n, text in enumerate(texts, start=1):
        flat = _flat(text)
        assert f"文档指纹{stamp}" in flat and "导出时间2024-01-2209:30" in flat, f"page {n}"
        assert f"—{n}—" in flat, f"page {n}"
    everything = _flat("".join(texts))
    assert "2024年1月20日" in everything and "2024-01-20" not in everything
    assert "采购总金额（单位：元）" in everything  # the money header with the unit the clerk chose


def test_imported_totals_that_differ_are_starred_and_noted(window, tmp_path):
    spec, report = example_report("gov-2019")  # the real 2020 sample: its printed totals do not add up
    assert report.entered_totals
    everything = _flat("".join(_print_to_pdf(tmp_path / "sample.pdf", spec, report)))
    assert "注：标*的合计数是按各项之和计算的结果，与导入文件中所填不同" in everything
    assert re.search(r"\d\*", everything)


def test_print_preview_renders_through_the_same_pages(window, tmp_path, monkeypatch):
    from giapp.ui import exports

    window.start.example_buttons["gov-2021"].click()
    requested = []

    class Preview:
        def __init__(self, printer, parent):
            self.printer, self.paintRequested = printer, self
            self.printer.setOutputFormat(QPrinter.OutputFormat.PdfFormat)
            self.printer.setOutputFileName(str(tmp_path / "preview.pdf"))

        def connect(self, slot):
            self.slot = slot

        def setWindowTitle(self, _t):
            pass

        def resize(self, *_):
            pass

        def exec(self):
            requested.append(self.slot(self.printer))

    monkeypatch.setattr("PySide6.QtPrintSupport.QPrintPreviewDialog", Preview)
    exports.print_preview(window)
    assert requested and requested[0] >= 2
    first = _flat(PdfReader(str(tmp_path / "preview.pdf")).pages[0].extract_text())
    assert fingerprint(window.doc.spec, window.doc.report) in first and "—1—" in first


def test_money_header_unit_follows_the_report(window):
    from giapp.ui.printing import report_html

    spec, report = example_report("gov-2019")
    assert "采购总金额（单位：万元）" in report_html(spec, report)
    report.units = {**report.units, "procurement.amount": "元"}
    html = report_html(spec, report)
    assert "采购总金额（单位：元）" in html and "采购总金额（单位：万元）" not in html
