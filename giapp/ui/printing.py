"""The report as one HTML document (merged headers and labels as printed) for Qt's print preview and printer,
with what the PDF carries: units in money headers, * on imported totals that differ, the 落款 date in words,
and on every page its number "— N —" and the fingerprint line."""

from __future__ import annotations

import datetime as dt
from html import escape

from giapp.core.formspec import FormSpec
from giapp.core.report import Report, compute, fingerprint, header_with_unit
from giapp.core.values import format_value
from giapp.exchange.pdf import footer_line, signing_date
from giapp.exchange.pdf_tables import BLANK, ENTERED_NOTE
from giapp.ui.gridlayout import HEADER, HEADING, LABEL, GridLayout

STYLE = """
body { font-size: 10pt; }
h1 { font-size: 15pt; text-align: center; }
h2 { font-size: 12pt; }
table { border-collapse: collapse; }
td { border: 1px solid black; padding: 2px 4px; font-size: 9pt; }
td.h { text-align: center; font-weight: bold; }
td.v { text-align: right; }
p.sign { text-align: right; }
p.note { font-size: 9pt; }
"""


LABEL_WIDTHS = (11, 13, 22)
FOOTER_PT = 8  # the fingerprint line, as small as the PDF's
NUMBER_PT = 12  # the page number


def _value_text(spec: FormSpec, report: Report, values: dict, key: str, mismatches: list[str]) -> str:
    """A value as the PDF prints it: 0 for blank; a total that differs from the imported file's gets *,
    and the file's number goes into `mismatches` for the note under the table."""
    value = values.get(key)
    shown = BLANK if value is None else format_value(value)
    cell = spec.cells[key]
    entered = report.entered_totals.get(key) if report.entered_totals is not None else None
    if not cell.is_input and entered is not None and entered != value:
        t = spec.tables[cell.table]
        where = "/".join(x for x in (t.row(cell.row).label, t.column(cell.col).label) if x)
        mismatches.append(f"{where} {format_value(entered)}")
        shown += "*"
    return shown


def grid_html(spec: FormSpec, report: Report, table_ids: tuple[str, ...], mismatches: list[str]) -> str:
    values = compute(spec, report.values)
    lay = GridLayout.build([spec.tables[t] for t in table_ids], spec.value_kind)
    rows = []
    for y in range(lay.height):
        cells = []
        for x in range(lay.width):
            t = lay.tiles.get((y, x))
            if t is None:
                continue
            span = f' rowspan="{t.rowspan}" colspan="{t.colspan}"'
            if t.kind == HEADER:
                text = header_with_unit(spec, report.units, t.table, t.text)
                cells.append(f'<td class="h"{span}>{escape(text)}</td>')
            elif t.kind == HEADING:
                cells.append(f'<td class="h"{span}>{escape(t.text)}</td>')
            elif t.kind == LABEL:
                # the label columns of 三 get room as in the print (the deepest level the widest)
                width = f' width="{LABEL_WIDTHS[t.col]}%"' if t.colspan == 1 and lay.width > 4 else ""
                cells.append(f"<td{span}{width}>{escape(t.text)}</td>")
            else:
                shown = _value_text(spec, report, values, t.key, mismatches)
                cells.append(f'<td class="v"{span}>{escape(shown)}</td>')
        rows.append("<tr>" + "".join(cells) + "</tr>")
    return '<table cellspacing="0" width="100%">' + "".join(rows) + "</table>"


def report_html(spec: FormSpec, report: Report) -> str:
    parts = [f"<html><head><style>{STYLE}</style></head><body>", f"<h1>{escape(report.title)}</h1>"]
    for sec in spec.sections:
        if sec.heading:
            parts.append(f"<h2>{escape(sec.heading)}</h2>")
        text = report.texts.get(sec.id, "")
        parts.extend(f"<p>{escape(line)}</p>" for line in text.splitlines() if line.strip())
        if sec.tables:
            mismatches: list[str] = []
            parts.append(grid_html(spec, report, sec.tables, mismatches))
            if mismatches:
                parts.append(f'<p class="note">{escape(ENTERED_NOTE + "；".join(mismatches) + "。")}</p>')
    sign = f"{escape(report.agency)}<br>{escape(signing_date(report.date))}"
    parts.append(f'<p class="sign">{sign}</p></body></html>')
    return "".join(parts)


def text_document(spec: FormSpec, report: Report):
    from PySide6.QtGui import QTextDocument

    doc = QTextDocument()
    doc.setHtml(report_html(spec, report))
    return doc


def print_report_to(printer, spec: FormSpec, report: Report, printed_at: dt.datetime | None = None) -> int:
    """Lay the report out on the printer's pages (or the preview's) with "— N —" and the fingerprint line
    at the foot of every page, as the PDF has them; the number of pages printed."""
    from PySide6.QtCore import QPointF, QRectF, QSizeF, Qt
    from PySide6.QtGui import QFont, QFontMetricsF, QPainter
    from PySide6.QtPrintSupport import QPrinter

    footer = footer_line(fingerprint(spec, report), printed_at or dt.datetime.now())
    doc = text_document(spec, report)
    doc.documentLayout().setPaintDevice(printer)  # points become the printer's pixels
    page = printer.pageRect(QPrinter.Unit.DevicePixel)
    number_font, footer_font = QFont(doc.defaultFont()), QFont(doc.defaultFont())
    number_font.setPointSizeF(NUMBER_PT)
    footer_font.setPointSizeF(FOOTER_PT)
    number_h = QFontMetricsF(number_font, printer).height()
    footer_h = QFontMetricsF(footer_font, printer).height()
    foot = 2 * number_h + 1.5 * footer_h  # room under the text for the number and the fingerprint
    body = QSizeF(page.width(), page.height() - foot)
    doc.setPageSize(body)
    pages = doc.pageCount()
    painter = QPainter(printer)
    try:
        for i in range(pages):
            if i:
                printer.newPage()
            painter.save()
            painter.translate(QPointF(0, -i * body.height()))
            doc.drawContents(painter, QRectF(0, i * body.height(), body.width(), body.height()))
            painter.restore()
            painter.setFont(number_font)
            number_box = QRectF(0, body.height() + number_h / 2, body.width(), number_h)
            # odd pages on the right, even on the left, as GB/T 9704 (and the PDF) place them
            side = Qt.AlignmentFlag.AlignRight if (i + 1) % 2 else Qt.AlignmentFlag.AlignLeft
            painter.drawText(number_box, side | Qt.AlignmentFlag.AlignVCenter, f"— {i + 1} —")
            painter.setFont(footer_font)
            footer_box = QRectF(0, page.height() - footer_h, body.width(), footer_h)
            painter.drawText(footer_box, Qt.AlignmentFlag.AlignCenter, footer)
    finally:
        painter.end()
    return pages
