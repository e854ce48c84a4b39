"""Import a workbook exported by giapp (and maybe filled in Excel or WPS) back into a report."""

from __future__ import annotations

import json
from decimal import Decimal
from functools import partial
from pathlib import Path

from giapp.core.formspec import FormSpec
from giapp.core.report import Report, ReportDataError, compute, describe_cell, report_from_dict
from giapp.core.values import Value, format_value
from giapp.exchange.xlsx_fast import FastBook
from giapp.exchange.xlsx_layout import (
    META_FORMAT,
    META_SHEET,
    META_VERSION,
    SheetLayout,
    WorkbookError,
    WorkbookLayout,
    build_layout,
    where,
)
from giapp.exchange.xlsx_safety import MAX_ROWS, check_container, input_value, open_workbook, sheet_rows

META_COLUMNS = 3


def read_default(path: Path, forms: dict[str, FormSpec]) -> tuple[FormSpec, Report]:
    """The report in a workbook of giapp's own layout: cells by the layout, metadata from the hidden sheet.

    The fast reader (xlsx_fast) takes a plain workbook; anything it does not fully understand, and every
    workbook that is refused, goes through openpyxl, so what the clerk gets or is told is openpyxl's reading."""
    check_container(path)
    try:
        return read_fast(path, forms)
    except Exception:  # Unsupported, a refusal, or a part the fast reader chokes on: openpyxl decides
        pass
    return read_openpyxl(path, forms)


def read_fast(path: Path, forms: dict[str, FormSpec]) -> tuple[FormSpec, Report]:
    """The report through FastBook; raises Unsupported (or the refusal) instead of guessing."""
    book = FastBook(path)
    meta = _read_meta(
        book.sheetnames, lambda: book.rows(META_SHEET, book.max_row(META_SHEET), META_COLUMNS), path.name
    )
    parts = _read_sheets(path.name, forms, meta, book.sheetnames, book.rows)

    def cached(sheets: list[SheetLayout]) -> dict[str, list[tuple]]:
        return {s.name: _padded(book.rows(s.name, s.last_row, s.width, data_only=True), s) for s in sheets}

    return _finish(path.name, forms, meta, *parts, cached)


def read_openpyxl(path: Path, forms: dict[str, FormSpec]) -> tuple[FormSpec, Report]:
    """The report through openpyxl's read-only workbook (the reference reading)."""
    name = path.name
    with open_workbook(path) as wb:
        rows = wb[META_SHEET].iter_rows if META_SHEET in wb.sheetnames else None
        meta = _read_meta(wb.sheetnames, lambda: rows(max_col=META_COLUMNS, values_only=True), name)
        parts = _read_sheets(name, forms, meta, wb.sheetnames, lambda s, r, c: sheet_rows(wb, s, r, c, name))

    def cached(sheets: list[SheetLayout]) -> dict[str, list[tuple]]:
        # openpyxl never evaluates a formula: the values Excel cached are a second, data-only read
        with open_workbook(path, data_only=True) as wb:
            return {s.name: sheet_rows(wb, s.name, s.last_row, s.width, name) for s in sheets}

    return _finish(name, forms, meta, *parts, cached)


_layouts: dict[tuple, WorkbookLayout] = {}


def _layout(spec: FormSpec, units: dict) -> WorkbookLayout:
    """The layout of a form and its units, built once: a thousand workbooks of one form share it."""
    try:
        key = (id(spec), tuple(sorted(units.items())))
        hash(key)
    except TypeError:  # units of a tampered workbook; as_report will say what is wrong with them
        return build_layout(spec, units)
    layout = _layouts.get(key)
    if layout is None or layout.spec is not spec:
        if len(_layouts) > 32:
            _layouts.clear()
        layout = _layouts[key] = build_layout(spec, units)
    return layout


def _padded(rows: list[tuple], sheet: SheetLayout) -> list[tuple]:
    return rows + [(None,) * sheet.width] * (sheet.last_row - len(rows))


def _read_sheets(
    name: str, forms: dict[str, FormSpec], meta: dict, sheetnames: list[str], rows_of
) -> tuple[FormSpec, WorkbookLayout, dict[str, Value], dict[str, str]]:
    form_id = meta.get("form")
    if not isinstance(form_id, str) or form_id not in forms:
        raise WorkbookError(
            f"“{name}”使用的表式“{form_id}”本程序不认识（工作表“{META_SHEET}”）。可用的表式：{'、'.join(forms)}。"
        )
    spec = forms[form_id]
    units = meta.get("units")
    if not isinstance(units, dict) or not all(isinstance(u, str) for u in units.values()):
        units = {}  # a tampered value: the layout takes the form's units, and as_report says what is wrong
    layout = _layout(spec, units)
    values: dict[str, Value] = {}
    formulas: dict[str, str] = {}
    for sheet in layout.sheets:
        if sheet.name not in sheetnames:
            raise WorkbookError(
                f"“{name}”缺少工作表“{sheet.name}”。请使用本程序导出的工作簿填写，不要删除或改名工作表。"
            )
        rows = _padded(rows_of(sheet.name, sheet.last_row, sheet.width), sheet)
        _check_labels(sheet, rows)
        _read_cells(spec, sheet, rows, values, formulas)
    return spec, layout, values, formulas


def _finish(name, forms, meta, spec, layout, values, formulas, cached) -> tuple[FormSpec, Report]:
    totals = _entered_totals(layout, values, formulas, cached)
    report = as_report(spec, forms, meta, values, name, f"工作表“{META_SHEET}”")
    report.entered_totals = totals
    return spec, report


def _read_meta(sheetnames: list[str], meta_rows, name: str) -> dict:
    if META_SHEET not in sheetnames:
        raise WorkbookError(
            f"“{name}”不是本程序导出的工作簿（没有隐藏工作表“{META_SHEET}”）。"
            "如果是本省自定的表格，请使用对照表（mapping）导入。"
        )
    texts: dict[str, str] = {}
    try:
        for i, row in enumerate(meta_rows(), 1):
            if i > MAX_ROWS:
                raise WorkbookError(f"“{name}”的工作表“{META_SHEET}”行数过多，不是本程序写出的内容。")
            if not row or not isinstance(row[0], str):
                continue
            value = row[1] if len(row) > 1 else None
            texts[row[0]] = texts.get(row[0], "") + ("" if value is None else str(value))
    except WorkbookError:
        raise
    except Exception:
        raise WorkbookError(f"“{name}”的工作表“{META_SHEET}”已损坏，无法读取。") from None
    meta = {}
    for key, text in texts.items():
        try:
            meta[key] = json.loads(text)
        except (json.JSONDecodeError, RecursionError):
            raise WorkbookError(
                f"“{name}”的工作表“{META_SHEET}”中“{key}”一项已被改动，无法读取。请使用本程序导出的原工作簿。"
            ) from None
    if meta.get("format") != META_FORMAT:
        raise WorkbookError(f"“{name}”的工作表“{META_SHEET}”不是本程序写出的（缺少 format: {META_FORMAT}）。")
    version = meta.get("version")
    if not isinstance(version, int) or isinstance(version, bool) or not 1 <= version <= META_VERSION:
        raise WorkbookError(f"“{name}”的工作簿版本 {version!r} 无法识别，请升级本程序后再导入。")
    return meta


def _check_labels(sheet: SheetLayout, rows: list[tuple]) -> None:
    """Labels where the layout puts them: a moved row would otherwise import numbers into the wrong cells."""
    for box in sheet.boxes:
        if box.role not in ("heading", "header", "label"):
            continue
        found = rows[box.row - 1][box.col - 1]
        found_text = "" if found is None else str(found).strip()
        if found_text != box.text:
            raise WorkbookError(
                f"{where(sheet.name, box.row, box.col)} 应为“{box.text}”，实为“{found_text[:40]}”。"
                "表格的行列被插入、删除或改动过，请使用本程序导出的原工作簿填写。"
            )


def _read_cells(
    spec: FormSpec,
    sheet: SheetLayout,
    rows: list[tuple],
    values: dict[str, Value],
    formulas: dict[str, str],
) -> None:
    for key, (r, c, _) in sheet.cells.items():
        raw = rows[r - 1][c - 1]
        cell = spec.cells[key]
        if cell.is_input:
            values[key] = input_value(raw, cell.kind, sheet.name, r, c, partial(describe_cell, spec, key))
        elif isinstance(raw, str) and raw.startswith("="):
            formulas[key] = raw
        else:
            formulas[key] = ""
            values[key] = input_value(raw, "signed", sheet.name, r, c, partial(describe_cell, spec, key))


def _entered_totals(
    layout: WorkbookLayout, values: dict[str, Value], formulas: dict[str, str], cached
) -> dict[str, Value]:
    """Totals as the workbook shows them. Our own SUM shows what compute() gives; a typed number is taken as
    typed; any other formula is read from the values Excel cached (giapp never evaluates a formula)."""
    spec = layout.spec
    computed = compute(spec, {k: values.get(k) for k in spec.input_keys})
    totals: dict[str, Value] = {}
    foreign = []
    for key, _ in spec.derived:
        formula = formulas.get(key, "")
        if not formula:
            totals[key] = values.pop(key, None)
        elif formula.replace(" ", "").upper() == "=" + layout.formula(key):
            totals[key] = computed[key]
        else:
            foreign.append(key)
    if foreign:
        by_sheet = cached(list({layout.place[key][0].name: layout.place[key][0] for key in foreign}.values()))
        for key in foreign:
            sheet, r, c = layout.place[key]
            raw = by_sheet[sheet.name][r - 1][c - 1]
            totals[key] = input_value(raw, "signed", sheet.name, r, c, partial(describe_cell, spec, key))
    return {k: v for k, v in totals.items() if v is not None}


def as_report(
    spec: FormSpec, forms: dict[str, FormSpec], meta: dict, values: dict[str, Value], name: str, source: str
) -> Report:
    """Check the metadata with the report file's own rules, so both doors let in the same reports."""

    def out(v: Value):
        return format_value(v) if isinstance(v, Decimal) else v

    data = {
        "format": "giapp-report",
        "version": 1,
        "form": spec.id,
        "agency": meta.get("agency", ""),
        "year": meta.get("year", 0),
        "date": meta.get("date", ""),
        "units": meta.get("units", {}),
        "notes": meta.get("notes", {}),
        "carried": meta.get("carried", {}),
        "carried_from": meta.get("carried_from", ""),
        "values": {k: out(v) for k, v in values.items() if v is not None and k in spec.cells},
        "texts": {s.id: meta[f"text.{s.id}"] for s in spec.sections if meta.get(f"text.{s.id}")},
    }
    try:
        return report_from_dict(data, forms)[1]
    except ReportDataError as e:
        raise WorkbookError(f"“{name}”的{source}中的信息有误：{e}") from None
