"""The report as one HTML document (merged headers and labels as printed) for Qt's print preview and printer."""

from __future__ import annotations

from html import escape

from giapp.core.formspec import FormSpec
from giapp.core.report import Report, compute
from giapp.core.values import format_value
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
"""


LABEL_WIDTHS = (11, 13, 22)


def grid_html(spec: FormSpec, report: Report, table_ids: tuple[str, ...]) -> str:
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
            if t.kind in (HEADING, HEADER):
                cells.append(f'<td class="h"{span}>{escape(t.text)}</td>')
            elif t.kind == LABEL:
                # the label columns of 三 get room as in the print (the deepest level the widest)
                width = f' width="{LABEL_WIDTHS[t.col]}%"' if t.colspan == 1 and lay.width > 4 else ""
                cells.append(f"<td{span}{width}>{escape(t.text)}</td>")
            else:
                cells.append(f'<td class="v"{span}>{escape(format_value(values.get(t.key)))}</td>')
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
            parts.append(grid_html(spec, report, sec.tables))
    parts.append(f'<p class="sign">{escape(report.agency)}<br>{escape(report.date)}</p></body></html>')
    return "".join(parts)


def text_document(spec: FormSpec, report: Report):
    from PySide6.QtGui import QTextDocument

    doc = QTextDocument()
    doc.setHtml(report_html(spec, report))
    return doc
