"""Import a workbook exported by giapp (and maybe filled in Excel or WPS) back into a report."""

from __future__ import annotations

import json
from decimal import Decimal
from pathlib import Path

from openpyxl.workbook.workbook import Workbook

from giapp.core.formspec import FormSpec
from giapp.core.report import Report, ReportDataError, compute, describe_cell, report_from_dict
from giapp.core.values import Value, format_value
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
from giapp.exchange.xlsx_safety import MAX_ROWS, input_value, open_workbook, sheet_rows

META_COLUMNS = 3


def read_default(path: Path, forms: dict[str, FormSpec]) -> tuple[FormSpec, Report]:
    """The report in a workbook of giapp's own layout: cells by the layout, metadata from the hidden sheet."""
    name = path.name
    with open_workbook(path) as wb:
        meta = _read_meta(wb, name)
        form_id = meta.get("form")
        if form_id not in forms:
            raise WorkbookError(
                f"“{name}”使用的表式“{form_id}”本程序不认识（工作表“{META_SHEET}”）。可用的表式：{'、'.join(forms)}。"
            )
        spec = forms[form_id]
        units = meta.get("units") if isinstance(meta.get("units"), dict) else {}
        layout = build_layout(spec, units)
        values: dict[str, Value] = {}
        formulas: dict[str, str] = {}
        for sheet in layout.sheets:
            if sheet.name not in wb.sheetnames:
                raise WorkbookError(
                    f"“{name}”缺少工作表“{sheet.name}”。请使用本程序导出的工作簿填写，不要删除或改名工作表。"
                )
            rows = sheet_rows(wb, sheet.name, sheet.last_row, sheet.width, name)
            _check_labels(sheet, rows)
            _read_cells(spec, sheet, rows, values, formulas)
    totals = _entered_totals(path, layout, values, formulas)
    report = as_report(spec, forms, meta, values, name, f"工作表“{META_SHEET}”")
    report.entered_totals = totals
    return spec, report


def _read_meta(wb: Workbook, name: str) -> dict:
    if META_SHEET not in wb.sheetnames:
        raise WorkbookError(
            f"“{name}”不是本程序导出的工作簿（没有隐藏工作表“{META_SHEET}”）。"
            "如果是本省自定的表格，请使用对照表（mapping）导入。"
        )
    ws = wb[META_SHEET]
    texts: dict[str, str] = {}
    try:
        for i, row in enumerate(ws.iter_rows(max_col=META_COLUMNS, values_only=True), 1):
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
            values[key] = input_value(raw, cell.kind, sheet.name, r, c, describe_cell(spec, key))
        elif isinstance(raw, str) and raw.startswith("="):
            formulas[key] = raw
        else:
            formulas[key] = ""
            values[key] = input_value(raw, "signed", sheet.name, r, c, describe_cell(spec, key))


def _entered_totals(
    path: Path, layout: WorkbookLayout, values: dict[str, Value], formulas: dict[str, str]
) -> dict[str, Value]:
    """Totals as the workbook shows them. Our own SUM shows what compute() gives; a typed number is taken as
    typed; any other formula is read from the values Excel cached (openpyxl never evaluates a formula)."""
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
        with open_workbook(path, data_only=True) as wb:
            by_sheet: dict[str, list[tuple]] = {}
            for key in foreign:
                sheet, r, c = layout.place[key]
                if sheet.name not in by_sheet:
                    by_sheet[sheet.name] = sheet_rows(wb, sheet.name, sheet.last_row, sheet.width, path.name)
                raw = by_sheet[sheet.name][r - 1][c - 1]
                totals[key] = input_value(raw, "signed", sheet.name, r, c, describe_cell(spec, key))
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
