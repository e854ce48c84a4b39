"""A report's content checked against its form and turned into database rows, and rows back into a Report."""

from __future__ import annotations

from dataclasses import dataclass, field
from decimal import Decimal

from giapp.core.formspec import FormSpec
from giapp.core.report import Report, describe_cell
from giapp.core.text import clean_line, clean_text
from giapp.core.values import InputError, Value, format_value, parse_value
from giapp.store.errors import StoreError

MAX_NAME = 200
MAX_TEXT = 200_000  # a narrative section is a few thousand characters; this only stops a runaway paste
NOT_SAVED = "没有保存。"


def _where(spec: FormSpec, key: str) -> str:
    return describe_cell(spec, key) if key in spec.cells else key


def cell_text(spec: FormSpec, key: str, value: Value, role: str = "input") -> str | None:
    """The stored TEXT of a value for a cell (None for blank), or StoreError if it does not fit the cell."""
    cell = spec.cells.get(key) if isinstance(key, str) else None
    if cell is None:
        raise StoreError(f"表式“{spec.name}”中没有“{key}”这一格，{NOT_SAVED}")
    if role == "total":
        if cell.is_input:
            raise StoreError(f"“{_where(spec, key)}”不是合计格，{NOT_SAVED}")
        kind = "signed"  # a total printed elsewhere is taken as found, even when it is wrong
    else:
        if not cell.is_input:
            raise StoreError(f"“{_where(spec, key)}”是合计，由程序自动计算，不能填写，{NOT_SAVED}")
        kind = cell.kind
    if value is None:
        return None
    # Only values already parsed from what was typed: never a float (inexact) or a string (unparsed).
    if isinstance(value, bool) or not isinstance(value, int | Decimal):
        raise StoreError(f"“{_where(spec, key)}”的值“{value}”不是整数或金额，{NOT_SAVED}")
    if isinstance(value, Decimal) and not value.is_finite():
        raise StoreError(f"“{_where(spec, key)}”的值“{value}”不是数字，{NOT_SAVED}")
    try:
        return format_value(parse_value(value, kind))
    except InputError as e:
        raise StoreError(f"“{_where(spec, key)}”：{e}{NOT_SAVED}") from None


def value_of(spec: FormSpec, key: str, text: str, role: str) -> Value:
    """A stored TEXT read back as the exact value (Decimal stays Decimal); None if the form lost the cell."""
    cell = spec.cells.get(key)
    if cell is None:
        return None
    try:
        return parse_value(text, "signed" if role == "total" else cell.kind)
    except InputError:
        return None  # written by hand outside giapp: shown as blank rather than refusing the whole draft


def check_name(name: object) -> str:
    if not isinstance(name, str):
        raise StoreError(f"草稿名称应为文字，{NOT_SAVED}")
    name = clean_line(name)
    if len(name) > MAX_NAME:
        raise StoreError(f"草稿名称太长（{len(name)} 字），最多 {MAX_NAME} 字，{NOT_SAVED}")
    return name


def check_agency(agency: object) -> str:
    if not isinstance(agency, str) or len(agency) > MAX_NAME:
        raise StoreError(f"机关名称应为不超过 {MAX_NAME} 字的文字，{NOT_SAVED}")
    return clean_line(agency)


def check_year(year: object) -> int:
    if not isinstance(year, int) or isinstance(year, bool) or not (year == 0 or 2000 <= year <= 2100):
        raise StoreError(f"年度“{year}”不对，应为 2000 至 2100 之间的年份，{NOT_SAVED}")
    return year


def check_date(date: object) -> str:
    if not isinstance(date, str) or len(date) > 20:
        raise StoreError(f"成文日期“{date}”的格式不对，应写成 2021-01-29 这样，{NOT_SAVED}")
    return date


def check_text(spec: FormSpec, section_id: object, text: object) -> str:
    if section_id not in {s.id for s in spec.sections}:
        raise StoreError(f"表式“{spec.name}”中没有“{section_id}”这一部分文字，{NOT_SAVED}")
    if not isinstance(text, str):
        raise StoreError(f"正文应为文字，{NOT_SAVED}")
    if len(text) > MAX_TEXT:
        raise StoreError(f"这一部分文字太长（{len(text)} 字），最多 {MAX_TEXT} 字，{NOT_SAVED}")
    return clean_text(text)


def check_unit(spec: FormSpec, column: object, unit: object) -> str:
    table_id, _, col_id = column.partition(".") if isinstance(column, str) else ("", "", "")
    table = spec.tables.get(table_id)
    col = next((c for c in table.columns if c.id == col_id), None) if table else None
    if col is None or col.kind != "money":
        raise StoreError(f"表式“{spec.name}”中没有“{column}”这一金额列，{NOT_SAVED}")
    allowed = col.units or (col.unit,)
    if unit not in allowed:
        raise StoreError(f"金额单位“{unit}”不对，应为{'、'.join(allowed)}之一，{NOT_SAVED}")
    return unit


def check_note(finding_id: object, text: object) -> str:
    if not isinstance(finding_id, str) or not finding_id or len(finding_id) > MAX_NAME:
        raise StoreError(f"说明对应的检查结果编号不对，{NOT_SAVED}")
    if not isinstance(text, str) or len(text) > MAX_TEXT:
        raise StoreError(f"说明应为不超过 {MAX_TEXT} 字的文字，{NOT_SAVED}")
    return clean_text(text)


@dataclass
class Rows:
    """Everything of one report as rows for the database, all checked against the form."""

    agency: str
    year: int
    date: str
    carried_from: str
    has_totals: bool
    cells: list[tuple[str, str, str]] = field(default_factory=list)  # (role, key, text)
    texts: list[tuple[str, str]] = field(default_factory=list)
    units: list[tuple[str, str]] = field(default_factory=list)
    notes: list[tuple[str, str]] = field(default_factory=list)
    texts_carried: list[tuple[str, str]] = field(default_factory=list)


def report_rows(spec: FormSpec, report: Report) -> Rows:
    """Check a whole report (an import, a paste of everything) before a single row is written."""
    if report.form_id != spec.id:
        raise StoreError(f"这份报告的表式“{report.form_id}”与草稿的表式“{spec.id}”不同，{NOT_SAVED}")
    if not isinstance(report.carried_from, str) or len(report.carried_from) > 500:
        raise StoreError(f"结转来源的说明太长，{NOT_SAVED}")
    rows = Rows(
        check_agency(report.agency),
        check_year(report.year),
        check_date(report.date),
        report.carried_from,
        report.entered_totals is not None,
    )
    for role, values in (
        ("input", report.values),
        ("total", report.entered_totals or {}),
        ("carried", report.carried),
    ):
        for key, value in values.items():
            text = cell_text(spec, key, value, role)
            if text is not None:
                rows.cells.append((role, key, text))
    rows.texts = [(s, check_text(spec, s, t)) for s, t in report.texts.items() if t]
    rows.units = [(c, check_unit(spec, c, u)) for c, u in report.units.items()]
    rows.notes = [(f, check_note(f, t)) for f, t in report.notes.items() if t]
    rows.texts_carried = [(s, check_text(spec, s, t)) for s, t in report.texts_carried.items() if t]
    return rows
