"""The default workbook: the official tables drawn from the form definition, protected, with live totals."""

from __future__ import annotations

import io
import json
import math
import re
import unicodedata
import zipfile
from collections.abc import Callable
from datetime import datetime
from decimal import Decimal
from functools import partial

from openpyxl import Workbook
from openpyxl.cell.cell import ILLEGAL_CHARACTERS_RE
from openpyxl.styles import Alignment, Border, Font, NamedStyle, PatternFill, Protection, Side
from openpyxl.utils import get_column_letter
from openpyxl.workbook.protection import WorkbookProtection
from openpyxl.worksheet.cell_range import MultiCellRange
from openpyxl.worksheet.datavalidation import DataValidation
from openpyxl.worksheet.worksheet import Worksheet

from giapp import __version__
from giapp.core.formspec import FormSpec
from giapp.core.report import Report, compute, fingerprint
from giapp.core.values import MAX_VALUE, Value
from giapp.exchange.xlsx_layout import (
    META_FORMAT,
    META_SHEET,
    META_VERSION,
    TOP,
    SheetLayout,
    WorkbookLayout,
    build_layout,
    ref,
    sheet_paths,
)

FONT_NAME = "宋体"  # present on every Chinese Windows; LibreOffice substitutes a CJK font
_THIN = Side(style="thin", color="000000")
BORDER = Border(left=_THIN, right=_THIN, top=_THIN, bottom=_THIN)
STYLE = {
    "title": (Font(name=FONT_NAME, size=14, bold=True), Alignment(horizontal="center", vertical="center")),
    "info": (Font(name=FONT_NAME, size=10), Alignment(horizontal="left", vertical="center", wrap_text=True)),
    "heading": (Font(name=FONT_NAME, size=11, bold=True), Alignment(horizontal="left", vertical="center")),
    "header": (
        Font(name=FONT_NAME, size=10, bold=True),
        Alignment(horizontal="center", vertical="center", wrap_text=True),
    ),
    "label": (
        Font(name=FONT_NAME, size=10),
        Alignment(horizontal="left", vertical="center", wrap_text=True),
    ),
}
VALUE_FONT = Font(name=FONT_NAME, size=11)
VALUE_ALIGN = Alignment(horizontal="right", vertical="center")
INPUT_FILL = PatternFill("solid", fgColor="FFFFF2CC")  # the cells a clerk fills in, as on the screen
TOTAL_FILL = PatternFill("solid", fgColor="FFE7E6E6")
UNLOCKED = Protection(locked=False)
LINE_HEIGHT = 13.5  # points per wrapped line of 10–11 pt CJK text
MAX_META_CHUNK = 30_000  # Excel keeps at most 32,767 characters in a cell

VALIDATION = {
    "count": ("whole", "0", str(MAX_VALUE), "应填写不小于 0 的整数（件数）。"),
    "signed": ("whole", str(-MAX_VALUE), str(MAX_VALUE), "应填写整数，减少时填负数。"),
    "money": ("decimal", "0", str(MAX_VALUE), "应填写不小于 0 的金额，可带小数。"),
}


def number_format(kind: str, decimals: int) -> str:
    if kind == "money" and decimals:
        return "0." + "0" * min(2, decimals) + "#" * max(0, decimals - 2)
    return "0"


def display_width(text: str) -> int:
    """Excel column units a text needs: two for a CJK character, one for the rest."""
    return sum(2 if unicodedata.east_asian_width(ch) in "WF" else 1 for ch in text)


def clean(text: str) -> str:
    """What openpyxl can store: control characters (other than tab and newline) are dropped."""
    return ILLEGAL_CHARACTERS_RE.sub("", text)


def meta_rows(spec: FormSpec, report: Report, exported_at: datetime) -> list[tuple[str, str, str]]:
    """(key, JSON value, 说明) rows of the hidden sheet: everything a round trip needs besides the cells."""
    items = [
        ("format", META_FORMAT, "文件格式"),
        ("version", META_VERSION, "格式版本"),
        ("form", spec.id, "表式"),
        ("agency", report.agency, "机关名称"),
        ("year", report.year, "年度"),
        ("date", report.date, "成文日期"),
        ("exported_at", exported_at.isoformat(timespec="seconds"), "导出时间"),
        ("app_version", __version__, "程序版本"),
        ("fingerprint", fingerprint(spec, report), "内容校验码（与 PDF 相同）"),
        ("units", report.units, "金额单位"),
        ("notes", report.notes, "对提醒的说明"),
        ("carried", {k: _json_value(v) for k, v in report.carried.items() if v is not None}, "上年结转的数"),
        ("carried_from", report.carried_from, "结转来源"),
    ]
    items += [(f"text.{s.id}", report.texts.get(s.id, ""), s.heading or "前言") for s in spec.sections]
    rows = []
    for key, value, what in items:
        # JSON keeps control characters and \r intact, which XML and spreadsheets would not.
        text = json.dumps(value, ensure_ascii=False)
        for i in range(0, max(len(text), 1), MAX_META_CHUNK):
            rows.append((key, text[i : i + MAX_META_CHUNK], what))
    return rows


def _json_value(v: Value) -> int | str:
    return str(v) if isinstance(v, Decimal) else v  # type: ignore[return-value]


def build_workbook(
    spec: FormSpec, report: Report, exported_at: datetime
) -> tuple[Workbook, dict[str, dict[str, Value]]]:
    """The workbook and, per sheet, the values its formula cells must show before anyone recalculates."""
    layout = build_layout(spec, report.units)
    values = compute(spec, report.values)
    wb = Workbook()
    wb.remove(wb.active)
    info = "　　".join(
        (
            f"填报机关：{clean(report.agency) or '（未填写）'}",
            f"报告年度：{report.year or '（未填写）'}",
            f"表式：{spec.name}",
            f"校验码：{fingerprint(spec, report)}",
        )
    )
    cached: dict[str, dict[str, Value]] = {}
    style = _styles(wb)
    for sheet in layout.sheets:
        ws = wb.create_sheet(sheet.name)
        cached[sheet.name] = _draw_sheet(ws, sheet, layout, values, info, style)
    meta = wb.create_sheet(META_SHEET)
    for i, (key, text, what) in enumerate(meta_rows(spec, report, exported_at), 1):
        meta.cell(i, 1, key)
        meta.cell(i, 2, text)
        meta.cell(i, 3, what)
    meta.sheet_state = "hidden"
    meta.protection.sheet = True
    wb.security = WorkbookProtection(lockStructure=True)  # no accidental renaming, deleting or unhiding
    wb.calculation.fullCalcOnLoad = True
    wb.properties.creator = f"giapp {__version__}"
    wb.properties.title = clean(report.title)
    wb.active = 0
    return wb, cached


def _styles(wb: Workbook) -> Callable[[str, str], str]:
    """Named cell styles, registered once per workbook: assigning a name copies a style index, which is
    many times faster than setting font, border and fill on each of the ~600 cells."""
    registered: set[str] = set()

    def style(role: str, fmt: str = "General") -> str:
        name = f"giapp {role} {fmt}"
        if name not in registered:
            if role in STYLE:
                font, align = STYLE[role]
                ns = NamedStyle(name, font=font, alignment=align, number_format=fmt)
            else:
                ns = NamedStyle(name, font=VALUE_FONT, alignment=VALUE_ALIGN, number_format=fmt)
                ns.fill = INPUT_FILL if role == "input" else TOTAL_FILL
                ns.protection = UNLOCKED if role == "input" else Protection(locked=True)
            if role not in ("title", "info"):
                ns.border = BORDER
            wb.add_named_style(ns)
            registered.add(name)
        return name

    return style


def _merge(ws: Worksheet, style: str, row: int, col: int, rowspan: int, colspan: int) -> None:
    """Style every cell of a merged range (so each edge has its border), then merge it; openpyxl's own
    merge_cells() re-derives the edge borders cell by cell, which costs more than the rest of the export."""
    for r in range(row, row + rowspan):
        for c in range(col, col + colspan):
            ws.cell(r, c).style = style
    ws.merged_cells.add(f"{ref(row, col)}:{ref(row + rowspan - 1, col + colspan - 1)}")


def _draw_sheet(
    ws: Worksheet,
    sheet: SheetLayout,
    layout: WorkbookLayout,
    values: dict[str, Value],
    info: str,
    style: Callable[[str, str], str],
) -> dict[str, Value]:
    spec = layout.spec
    widths = _column_widths(sheet)
    for i, w in enumerate(widths, 1):
        ws.column_dimensions[get_column_letter(i)].width = w
    for box in sheet.boxes:
        name = style(box.role, "General")
        _merge(ws, name, box.row, box.col, box.rowspan, box.colspan)
        ws.cell(box.row, box.col).value = (info if box.role == "info" else box.text) or None
    validations: dict[str, list[str]] = {}
    cached: dict[str, Value] = {}
    for key, (r, c, span) in sheet.cells.items():
        cell_spec = spec.cells[key]
        col = spec.tables[cell_spec.table].column(cell_spec.col)
        if cell_spec.kind == "derived":
            _merge(ws, style("total", "0"), r, c, 1, span)
            ws.cell(r, c).value = "=" + layout.formula(key)
            cached[ref(r, c)] = values[key]
        else:
            _merge(ws, style("input", number_format(col.kind, col.decimals)), r, c, 1, span)
            ws.cell(r, c).value = values[key]
            validations.setdefault(cell_spec.kind, []).append(ref(r, c))
    for kind, refs in validations.items():
        vtype, low, high, rule = VALIDATION[kind]
        dv = DataValidation(
            type=vtype,
            operator="between",
            formula1=low,
            formula2=high,
            allow_blank=True,
            showErrorMessage=True,
            errorTitle="填写有误",
            error=f"{rule}不能填写文字或公式。",
            showInputMessage=False,
        )
        dv.sqref = MultiCellRange(" ".join(refs))
        ws.add_data_validation(dv)
    _row_heights(ws, sheet, widths, info)
    _page_setup(ws, sheet)
    return cached


def _column_widths(sheet: SheetLayout) -> list[float]:
    """Label columns as wide as their labels (within reason), data columns wide enough for a number."""
    widths = [9.0 if sheet.width > 6 else 16.0] * sheet.width
    for box in sheet.boxes:
        if box.role == "label" and box.colspan == 1:
            # a parent label spanning many rows may wrap; a leaf label should fit in two lines
            want = 10 if box.rowspan > 1 else min(34, display_width(box.text) + 2)
            widths[box.col - 1] = max(widths[box.col - 1], want)
        elif box.role == "label":
            widths[box.col - 1] = max(widths[box.col - 1], 12 if box.col == 1 and sheet.width > 6 else 24)
    return widths


def _row_heights(ws: Worksheet, sheet: SheetLayout, widths: list[float], info: str) -> None:
    """Wrapped text needs taller rows; Excel does not grow rows that hold merged cells by itself."""
    need: dict[int, float] = {r: 18.0 for r in range(TOP, sheet.last_row + 1)}
    need[1] = 28.0
    for box in sheet.boxes:
        if box.role not in ("header", "label", "info"):
            continue
        text = info if box.role == "info" else box.text
        room = sum(widths[box.col - 1 : box.col - 1 + box.colspan]) - 1
        lines = max(1, math.ceil(display_width(text) / max(room, 1)))
        per_row = (lines * LINE_HEIGHT + 6) / box.rowspan
        for r in range(box.row, box.row + box.rowspan):
            need[r] = max(need.get(r, 18.0), per_row)
    for r, h in need.items():
        ws.row_dimensions[r].height = round(h, 1)


def _page_setup(ws: Worksheet, sheet: SheetLayout) -> None:
    ws.sheet_view.showGridLines = False
    first_row, first_col = sheet.first_input
    # 二 stacks blocks with their own headers: freezing one block's header above the others would mislead.
    ws.freeze_panes = ref(TOP, first_col) if len(sheet.header_rows) > 3 else ref(first_row, first_col)
    ws.page_setup.paperSize = ws.PAPERSIZE_A4
    ws.page_setup.orientation = "landscape" if sheet.width > 10 else "portrait"
    ws.page_setup.fitToWidth = 1
    ws.page_setup.fitToHeight = 0
    ws.sheet_properties.pageSetUpPr.fitToPage = True
    ws.print_options.horizontalCentered = True
    ws.print_area = f"A1:{ref(sheet.last_row, sheet.width)}"
    if len(sheet.header_rows) <= 3:  # one header block: repeat it on every page
        ws.print_title_rows = f"{sheet.header_rows[0]}:{sheet.header_rows[-1]}"
    ws.oddFooter.center.text = "第 &P 页 共 &N 页"
    ws.oddFooter.center.size = 9
    ws.protection.sheet = True
    ws.protection.formatColumns = False  # a clerk may still widen a column to read a long number
    ws.protection.formatRows = False


_FORMULA_CELL = re.compile(rb'<c r="([A-Z]+[0-9]+)"([^>]*)><f>([^<]*)</f><v\s*/>(</c>)')


def add_cached_values(data: bytes, cached: dict[str, dict[str, Value]]) -> bytes:
    """Give formula cells the value they show (openpyxl writes none): Excel's protected view and viewers
    without a calculation engine display the cached value, not the formula's."""
    src = zipfile.ZipFile(io.BytesIO(data))
    paths = sheet_paths(src)
    out = io.BytesIO()
    with zipfile.ZipFile(out, "w", zipfile.ZIP_DEFLATED) as dst:
        for item in src.infolist():
            body = src.read(item)
            sheet_values = next(
                (cached[n] for n, p in paths.items() if p == item.filename and n in cached), None
            )
            if sheet_values:
                body = _FORMULA_CELL.sub(partial(_with_value, values=sheet_values), body)
            dst.writestr(item, body)
    return out.getvalue()


def _with_value(m: re.Match, values: dict[str, Value]) -> bytes:
    v = values.get(m.group(1).decode())
    if v is None:
        return m.group(0)
    text = format(v, "f") if isinstance(v, Decimal) else str(v)
    return b'<c r="%s"%s><f>%s</f><v>%s</v></c>' % (m.group(1), m.group(2), m.group(3), text.encode())
