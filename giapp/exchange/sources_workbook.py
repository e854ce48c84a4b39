"""The sources of a summary as a workbook: one row a file (来源清单) and one row a problem (问题清单)."""

from __future__ import annotations

import io
import math
import unicodedata
from pathlib import Path
from typing import TYPE_CHECKING

from openpyxl import Workbook
from openpyxl.styles import Alignment, Font, PatternFill
from openpyxl.utils import get_column_letter

from giapp.exchange.reportfile import write_atomically
from giapp.exchange.xlsx_write import clean

if TYPE_CHECKING:
    from giapp.exchange.aggregate import Source, Summary

SOURCE_HEADERS = (
    "序号",
    "机关名称",
    "文件",
    "状态",
    "错误数",
    "提醒数",
    "表式",
    "年度",
    "指纹",
    "说明",
    "文件位置",
)
SOURCE_WIDTHS = (6, 28, 28, 10, 8, 8, 12, 7, 16, 56, 40)
FINDING_HEADERS = ("类别", "规则", "表", "行", "列", "应为", "实为", "说明")
PROBLEM_HEADERS = ("机关名称", "文件", *FINDING_HEADERS)
PROBLEM_WIDTHS = (28, 28, 9, 6, 24, 34, 14, 9, 9, 64)
HEADER_FILL = PatternFill("solid", fgColor="DDE6F0")
NO_AGENCY = "（未填写）"


def _sheet(wb: Workbook, title: str, headers, widths, rows: list[list], first: bool) -> None:
    ws = wb.active if first else wb.create_sheet()
    ws.title = title
    ws.append(list(headers))
    for cell in ws[1]:
        cell.font = Font(bold=True)
        cell.fill = HEADER_FILL
        cell.alignment = Alignment(horizontal="center", vertical="center", wrap_text=True)
    for row in rows:
        # a name or file name from outside may hold control characters no worksheet can store
        ws.append([clean(v) if isinstance(v, str) else v for v in row])
    for i, w in enumerate(widths, 1):
        ws.column_dimensions[get_column_letter(i)].width = w
    for row in ws.iter_rows(min_row=2):
        lines = 1
        for cell, width in zip(row, widths, strict=False):
            if cell.data_type == "f":  # a name starting with "=" came from outside: text, never a formula
                cell.data_type = "s"
            cell.alignment = Alignment(vertical="top", wrap_text=isinstance(cell.value, str))
            if isinstance(cell.value, str):
                lines = max(lines, math.ceil(_text_width(cell.value) / max(width - 1, 1)))
        # Excel and LibreOffice do not grow a row for wrapped text they did not type themselves
        ws.row_dimensions[row[0].row].height = 15 * min(lines, 8)
    ws.freeze_panes = "A2"
    ws.auto_filter.ref = f"A1:{get_column_letter(len(headers))}{max(ws.max_row, 1)}"
    ws.page_setup.orientation = "landscape"
    ws.page_setup.paperSize = ws.PAPERSIZE_A4
    ws.page_setup.fitToWidth, ws.page_setup.fitToHeight = 1, 0
    ws.sheet_properties.pageSetUpPr.fitToPage = True
    ws.print_title_rows = "1:1"


def _text_width(text: str) -> int:
    """Width in Excel's character units: a Chinese character takes two."""
    return sum(2 if unicodedata.east_asian_width(ch) in "WF" else 1 for ch in text)


def sources_rows(summary: Summary) -> list[list]:
    # "2021年格式" rather than the whole name with its document number: the column stays narrow
    forms_name = {k: v.split("（")[0] for k, v in summary.form_names.items()}
    return [
        [
            i,
            s.agency or NO_AGENCY,
            s.name,
            s.status,
            s.errors,
            s.warnings,
            forms_name.get(s.form_id, s.form_id),
            s.year or "",
            s.fingerprint,
            s.message,
            str(Path(s.file).parent),
        ]
        for i, s in enumerate(summary.sources, 1)
    ]


def source_problems(s: Source) -> list[list]:
    """类别, 规则, 表, 行, 列, 应为, 实为, 说明 of one source: why it was refused, then each of its findings."""
    rows = [[s.status, "", "", "", "", "", "", s.message]] if not s.summed else []
    for f in s.findings:
        kind = "错误" if f.is_error else "提醒"
        rows.append([kind, f.rule, f.table, f.row, f.column, f.expected, f.found, f.message])
    return rows


def problem_rows(summary: Summary) -> list[list]:
    """One row per finding of every source, and one per refused file, so each department gets its own list."""
    return [[s.agency or NO_AGENCY, s.name, *row] for s in summary.sources for row in source_problems(s)]


def write_sources_workbook(path: str | Path, summary: Summary) -> None:
    """Sortable (autofilter) sheets 来源清单 and 问题清单; written whole or not at all."""
    wb = Workbook()
    _sheet(wb, "来源清单", SOURCE_HEADERS, SOURCE_WIDTHS, sources_rows(summary), first=True)
    _sheet(wb, "问题清单", PROBLEM_HEADERS, PROBLEM_WIDTHS, problem_rows(summary), first=False)
    buf = io.BytesIO()
    wb.save(buf)
    write_atomically(path, buf.getvalue())
