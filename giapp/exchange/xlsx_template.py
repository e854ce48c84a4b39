"""An office's own workbook: fill it through a TOML mapping (form cell → "Sheet!B5") and read it back."""

from __future__ import annotations

import io
import re
import tomllib
from dataclasses import dataclass, field
from datetime import date, datetime
from pathlib import Path

from openpyxl import load_workbook
from openpyxl.cell.cell import MergedCell
from openpyxl.utils.cell import coordinate_to_tuple

from giapp.core.formspec import FormSpec
from giapp.core.report import Report, compute, describe_cell
from giapp.core.values import Value
from giapp.exchange.xlsx_layout import WorkbookError, where
from giapp.exchange.xlsx_read import as_report
from giapp.exchange.xlsx_safety import MAX_ROWS, check_container, input_value, open_workbook, sheet_rows
from giapp.exchange.xlsx_write import add_cached_values, clean
from giapp.oserror import os_error_text

META_FIELDS = {"agency": "机关名称", "year": "年度", "date": "成文日期"}
_ADDRESS = re.compile(r"^(?:'((?:[^']|'')+)'|([^!']+))!\$?([A-Za-z]{1,3})\$?([0-9]{1,7})$")
MAX_CELL_TEXT = 32_767


@dataclass
class Mapping:
    form: str
    source: str
    cells: dict[str, tuple[str, int, int]] = field(default_factory=dict)  # form cell key → (sheet, row, col)
    meta: dict[str, tuple[str, int, int]] = field(default_factory=dict)
    texts: dict[str, tuple[str, int, int]] = field(default_factory=dict)

    def sheets(self) -> dict[str, tuple[int, int]]:
        """Each sheet the mapping reads, with the last row and column it needs."""
        out: dict[str, tuple[int, int]] = {}
        for s, r, c in (*self.cells.values(), *self.meta.values(), *self.texts.values()):
            mr, mc = out.get(s, (0, 0))
            out[s] = (max(mr, r), max(mc, c))
        return out


def _parse_address(text: object, name: str, item: str) -> tuple[str, int, int]:
    m = _ADDRESS.match(text.strip()) if isinstance(text, str) else None
    if not m:
        raise WorkbookError(f"对照表“{name}”中“{item}”的位置“{text}”写法不对，应写成“工作表名!B5”。")
    sheet = (m.group(1) or "").replace("''", "'") or m.group(2).strip()
    row, col = coordinate_to_tuple(f"{m.group(3).upper()}{m.group(4)}")
    if row > MAX_ROWS:
        raise WorkbookError(f"对照表“{name}”中“{item}”的位置“{text}”行号过大（最多 {MAX_ROWS} 行）。")
    return sheet, row, col


def parse_mapping(path: Path) -> Mapping:
    name = path.name
    try:
        data = tomllib.loads(path.read_text(encoding="utf-8"))
    except OSError as e:
        raise WorkbookError(f"无法读取对照表“{name}”：{os_error_text(e)}。") from None
    except UnicodeDecodeError:
        raise WorkbookError(f"对照表“{name}”不是 UTF-8 编码的文本文件。") from None
    except tomllib.TOMLDecodeError as e:
        raise WorkbookError(f"对照表“{name}”格式有误：{e}。") from None
    form = data.get("form")
    if not isinstance(form, str):
        raise WorkbookError(f"对照表“{name}”缺少 form（表式，如 gov-2021）。")
    m = Mapping(form, name)
    for part, target in (("cells", m.cells), ("meta", m.meta), ("texts", m.texts)):
        table = data.get(part, {})
        if not isinstance(table, dict):
            raise WorkbookError(f"对照表“{name}”中的 [{part}] 部分格式不对。")
        for key, address in table.items():
            target[key] = _parse_address(address, name, key)
    if not m.cells:
        raise WorkbookError(f"对照表“{name}”的 [cells] 部分是空的。")
    return m


def load_mapping(path: Path, spec: FormSpec) -> Mapping:
    m = parse_mapping(path)
    if m.form != spec.id:
        raise WorkbookError(f"对照表“{m.source}”是为表式“{m.form}”写的，而这份报告用的是“{spec.id}”。")
    _check_keys(m, spec)
    return m


def load_mapping_for(path: Path, forms: dict[str, FormSpec]) -> Mapping:
    m = parse_mapping(path)
    if m.form not in forms:
        raise WorkbookError(
            f"对照表“{m.source}”的表式“{m.form}”本程序不认识。可用的表式：{'、'.join(forms)}。"
        )
    _check_keys(m, forms[m.form])
    return m


def _check_keys(m: Mapping, spec: FormSpec) -> None:
    for key in m.cells:
        if key not in spec.cells:
            raise WorkbookError(f"对照表“{m.source}”中的“{key}”不是表式 {spec.id} 的单元格。")
    for key in m.meta:
        if key not in META_FIELDS:
            raise WorkbookError(
                f"对照表“{m.source}”的 [meta] 只能有 {'、'.join(META_FIELDS)}，不能有“{key}”。"
            )
    sections = {s.id for s in spec.sections}
    for key in m.texts:
        if key not in sections:
            raise WorkbookError(f"对照表“{m.source}”的 [texts] 中的“{key}”不是表式 {spec.id} 的文字部分。")
    # two items in one cell: the export would overwrite one with the other, the import count one twice
    seen: dict[tuple[str, int, int], str] = {}
    for key, address in (*m.cells.items(), *m.meta.items(), *m.texts.items()):
        if address in seen:
            sheet, row, col = address
            raise WorkbookError(
                f"对照表“{m.source}”把“{seen[address]}”和“{key}”都填到了同一格"
                f"（工作表“{sheet}”第 {row} 行第 {col} 列），请改正对照表。"
            )
        seen[address] = key


def filled_template_bytes(template: Path, m: Mapping, spec: FormSpec, report: Report) -> bytes:
    """The office's workbook with our values in the mapped cells; everything else stays as it was."""
    check_container(template)
    try:
        wb = load_workbook(template, keep_links=True)
    except Exception:
        raise WorkbookError(f"模板“{template.name}”已损坏或不是 Excel 工作簿，无法使用。") from None
    values = compute(spec, report.values)
    cached: dict[str, dict[str, Value]] = {}

    def target(item: str, address: tuple[str, int, int]):
        sheet, r, c = address
        if sheet not in wb.sheetnames:
            raise WorkbookError(
                f"模板“{template.name}”中没有对照表“{m.source}”所写的工作表“{sheet}”（{item}）。"
            )
        cell = wb[sheet].cell(r, c)
        if isinstance(cell, MergedCell):
            raise WorkbookError(
                f"模板中{where(sheet, r, c)}在合并单元格中间，请在对照表中改用合并区域左上角的单元格（{item}）。"
            )
        return cell

    for key, address in m.cells.items():
        cell = target(describe_cell(spec, key), address)
        value = values[key]
        if spec.cells[key].kind == "derived" and isinstance(cell.value, str) and cell.value.startswith("="):
            # the office's own formula stays; it shows our total until Excel recalculates
            cached.setdefault(address[0], {})[cell.coordinate] = value
        else:
            cell.value = value
    meta_values = {"agency": clean(report.agency), "year": report.year or None, "date": report.date or None}
    for key, address in m.meta.items():
        target(META_FIELDS[key], address).value = meta_values[key]
    for key, address in m.texts.items():
        text = clean(report.texts.get(key, ""))
        if len(text) > MAX_CELL_TEXT:
            raise WorkbookError(
                f"“{key}”一节的文字超过 Excel 单元格的 {MAX_CELL_TEXT} 字上限，不能填入模板。"
            )
        target(key, address).value = text or None
    wb.calculation.fullCalcOnLoad = True
    buf = io.BytesIO()
    wb.save(buf)
    return add_cached_values(buf.getvalue(), cached)


def read_with_mapping(path: Path, m: Mapping, forms: dict[str, FormSpec]) -> tuple[FormSpec, Report]:
    spec = forms[m.form]
    name = path.name
    grids: dict[str, list[tuple]] = {}
    with open_workbook(path) as wb:
        for sheet, (max_row, max_col) in m.sheets().items():
            if sheet not in wb.sheetnames:
                raise WorkbookError(
                    f"“{name}”中没有对照表所写的工作表“{sheet}”。请确认选择的是按这份对照表填写的工作簿。"
                )
            grids[sheet] = sheet_rows(wb, sheet, max_row, max_col, name)

    def raw(address: tuple[str, int, int]):
        s, r, c = address
        return grids[s][r - 1][c - 1]

    values: dict[str, Value] = {}
    totals: dict[str, Value] = {}
    foreign: list[str] = []
    for key, address in m.cells.items():
        cell, v = spec.cells[key], raw(address)
        if cell.is_input:
            values[key] = input_value(v, cell.kind, *address, describe_cell(spec, key))
        elif isinstance(v, str) and v.startswith("="):
            foreign.append(key)
        else:
            totals[key] = input_value(v, "signed", *address, describe_cell(spec, key))
    if foreign:  # the office's formulas: take what Excel showed, never evaluate them ourselves
        with open_workbook(path, data_only=True) as wb:
            shown = {s: sheet_rows(wb, s, mr, mc, name) for s, (mr, mc) in m.sheets().items()}
        for key in foreign:
            s, r, c = m.cells[key]
            totals[key] = input_value(shown[s][r - 1][c - 1], "signed", s, r, c, describe_cell(spec, key))
    meta = {"agency": "", "year": 0, "date": ""}
    for key, address in m.meta.items():
        meta[key] = _meta_value(key, raw(address), address)
    for key, address in m.texts.items():
        v = raw(address)
        meta[f"text.{key}"] = "" if v is None else str(v)
    report = as_report(spec, forms, meta, values, name, f"对照表“{m.source}”所指的单元格")
    report.entered_totals = {k: v for k, v in totals.items() if v is not None}
    return spec, report


def _meta_value(key: str, v: object, address: tuple[str, int, int]) -> object:
    if v is None:
        return {"year": 0}.get(key, "")
    if key == "year":
        if isinstance(v, float) and v.is_integer():
            v = int(v)
        if isinstance(v, str) and v.strip().removesuffix("年").strip().isdigit():
            v = int(v.strip().removesuffix("年"))
        if not isinstance(v, int) or isinstance(v, bool):
            raise WorkbookError(f"{where(*address)}（年度）应填写四位数的年份，实为“{v}”。")
        return v
    if key == "date" and isinstance(v, datetime | date):
        return v.strftime("%Y-%m-%d")
    return str(v).strip()
