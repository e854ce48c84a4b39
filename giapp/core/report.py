"""A report being filled in: its form, metadata, typed values and texts, and what follows from them."""

from __future__ import annotations

import hashlib
import json
from dataclasses import dataclass, field
from decimal import Decimal

from giapp.core.formspec import FormSpec
from giapp.core.text import clean_line, clean_text
from giapp.core.values import InputError, Value, format_value, parse_value

REPORT_FILE_FORMAT = "giapp-report"
REPORT_FILE_VERSION = 1


@dataclass
class Report:
    form_id: str
    agency: str = ""
    year: int = 0
    date: str = ""  # the 落款 date, ISO "2021-01-29", or "" while not yet set
    values: dict[str, Value] = field(default_factory=dict)  # input cells; a missing key is a blank cell
    texts: dict[str, str] = field(default_factory=dict)  # section id → narrative text
    units: dict[str, str] = field(default_factory=dict)  # "table.col" → unit, for money columns with a choice
    notes: dict[str, str] = field(default_factory=dict)  # finding id → the clerk's explanation of a warning
    # Totals as printed in a file filled elsewhere (import, audit); None when giapp computes them itself.
    entered_totals: dict[str, Value] | None = None
    # Values carried over from last year's report (cell key → the value carried), and where they came from.
    carried: dict[str, Value] = field(default_factory=dict)
    carried_from: str = ""
    # Texts copied from last year's report as a starting point (section id → the text as copied): a section
    # whose text is still exactly this has not been reviewed yet (completeness rule C6).
    texts_carried: dict[str, str] = field(default_factory=dict)

    @property
    def title(self) -> str:
        return f"{self.agency}{self.year}年政府信息公开工作年度报告"

    def copy(self) -> Report:
        return Report(
            self.form_id,
            self.agency,
            self.year,
            self.date,
            dict(self.values),
            dict(self.texts),
            dict(self.units),
            dict(self.notes),
            None if self.entered_totals is None else dict(self.entered_totals),
            dict(self.carried),
            self.carried_from,
            dict(self.texts_carried),
        )


def compute(spec: FormSpec, values: dict[str, Value]) -> dict[str, Value]:
    """Every cell of the form: the inputs as typed (blank stays None) and each derived cell as its sum."""
    out: dict[str, Value] = {k: values.get(k) for k in spec.input_keys}
    for key, sources in spec.derived:
        total: int | Decimal = 0
        for s in sources:
            v = out[s]
            if v is not None:
                total += v
        out[key] = total
    return out


def unit_of(spec: FormSpec, report: Report, key: str) -> str:
    c = spec.cells[key]
    col = spec.tables[c.table].column(c.col)
    return report.units.get(f"{c.table}.{c.col}", col.unit) if col.kind == "money" else ""


def header_with_unit(spec: FormSpec, units: dict[str, str], table_id: str, text: str) -> str:
    """A header cell as printed everywhere (grid, PDF, workbook, print): a money column's label carries its unit,
    采购总金额（单位：万元）, unless the official label names it already (本年收费金额（单位：万元）).
    `units` is the report's choice of units ("table.col" → unit)."""
    for c in spec.tables[table_id].columns:
        if c.kind == "money" and c.label == text:
            unit = units.get(f"{table_id}.{c.id}", c.unit)
            return f"{text}（单位：{unit}）" if unit and "单位" not in text else text
    return text


def fingerprint(spec: FormSpec, report: Report) -> str:
    """A short hash of everything printed, shared by the PDF and the workbook of the same draft."""
    payload = {
        "form": spec.id,
        "agency": report.agency,
        "year": report.year,
        "date": report.date,
        "values": {k: format_value(v) for k, v in sorted(report.values.items()) if v is not None},
        "units": dict(sorted(report.units.items())),
        "texts": {k: v for k, v in sorted(report.texts.items()) if v},
    }
    # surrogatepass: a lone surrogate from a hand-edited file must not crash an export
    text = json.dumps(payload, ensure_ascii=False, sort_keys=True)
    digest = hashlib.sha256(text.encode("utf-8", "surrogatepass")).hexdigest()
    return "-".join(digest[i : i + 4] for i in range(0, 12, 4)).upper()


class ReportDataError(ValueError):
    """A report file's content that does not fit its form; str() is the Chinese message."""


def report_to_dict(spec: FormSpec, report: Report) -> dict:
    """The documented JSON shape of a `.giapp.json` report file (see docs/report-file.md)."""

    def out(v: Value):
        return format_value(v) if isinstance(v, Decimal) else v

    data = {
        "format": REPORT_FILE_FORMAT,
        "version": REPORT_FILE_VERSION,
        "form": spec.id,
        "agency": report.agency,
        "year": report.year,
        "date": report.date,
        "units": dict(report.units),
        "values": {k: out(report.values[k]) for k in spec.input_keys if report.values.get(k) is not None},
        "texts": {s.id: report.texts[s.id] for s in spec.sections if report.texts.get(s.id)},
        "notes": dict(report.notes),
    }
    if report.carried:
        data["carried"] = {k: out(v) for k, v in report.carried.items() if v is not None}
        data["carried_from"] = report.carried_from
    if report.texts_carried:
        data["texts_carried"] = {
            s.id: report.texts_carried[s.id] for s in spec.sections if s.id in report.texts_carried
        }
    if report.entered_totals is not None:
        data["totals"] = {k: out(v) for k, v in report.entered_totals.items() if v is not None}
    return data


def report_from_dict(data: object, forms: dict[str, FormSpec]) -> tuple[FormSpec, Report]:
    """Validate a parsed report file against its form; raise ReportDataError naming the first problem."""
    if not isinstance(data, dict) or data.get("format") != REPORT_FILE_FORMAT:
        raise ReportDataError("这不是本程序的报告文件（缺少 format: giapp-report）。")
    version = data.get("version")
    if (
        not isinstance(version, int)
        or isinstance(version, bool)
        or version > REPORT_FILE_VERSION
        or version < 1
    ):
        raise ReportDataError(f"报告文件的版本 {version!r} 无法识别，请升级本程序后再打开。")
    form_id = data.get("form")
    if not isinstance(form_id, str) or form_id not in forms:
        raise ReportDataError(f"报告文件使用的表式“{form_id}”本程序不认识。可用的表式：{'、'.join(forms)}。")
    spec = forms[form_id]
    agency, year, date = data.get("agency", ""), data.get("year", 0), data.get("date", "")
    if not isinstance(agency, str) or len(agency) > 200:
        raise ReportDataError("报告文件中的机关名称不是文字，或长度超过 200 字。")
    agency = clean_line(agency)
    if not isinstance(year, int) or isinstance(year, bool) or not (year == 0 or 2000 <= year <= 2100):
        raise ReportDataError(f"报告文件中的年度“{year}”不对，应为 2000 至 2100 之间的年份。")
    if not isinstance(date, str) or len(date) > 20:
        raise ReportDataError("报告文件中的成文日期格式不对。")
    report = Report(form_id, agency, year, date)
    report.values = _read_cells(spec, data.get("values", {}), inputs=True)
    if "totals" in data:
        report.entered_totals = _read_cells(spec, data["totals"], inputs=False)
    report.carried = _read_cells(spec, data.get("carried", {}), inputs=True)
    carried_from = data.get("carried_from", "")
    if not isinstance(carried_from, str) or len(carried_from) > 500:
        raise ReportDataError("报告文件中的“结转来源”格式不对。")
    report.carried_from = carried_from
    for name in ("texts", "units", "notes", "texts_carried"):
        d = data.get(name, {})
        if not isinstance(d, dict) or not all(
            isinstance(k, str) and isinstance(v, str) for k, v in d.items()
        ):
            raise ReportDataError(f"报告文件中的“{name}”部分格式不对。")
    sections = {s.id for s in spec.sections}
    unknown = (set(data.get("texts", {})) | set(data.get("texts_carried", {}))) - sections
    if unknown:
        raise ReportDataError(f"报告文件中有本表式没有的文字部分：{'、'.join(sorted(unknown))}。")
    for k, v in (*data.get("texts", {}).items(), ("agency", agency)):
        try:
            v.encode("utf-8")
        except UnicodeEncodeError:
            raise ReportDataError(f"报告文件中“{k}”部分含有无法识别的字符（已损坏的编码）。") from None
    report.texts = {k: clean_text(v) for k, v in data.get("texts", {}).items()}
    report.texts_carried = {k: clean_text(v) for k, v in data.get("texts_carried", {}).items()}
    for k, unit in data.get("units", {}).items():
        table_id, _, col_id = k.partition(".")
        table = spec.tables.get(table_id)
        col = next((c for c in table.columns if c.id == col_id), None) if table else None
        if col is None or unit not in (col.units or (col.unit,)):
            raise ReportDataError(f"报告文件中的金额单位“{k}: {unit}”不对。")
    report.units = dict(data.get("units", {}))
    report.notes = {k: clean_text(v) for k, v in data.get("notes", {}).items()}
    return spec, report


def _read_cells(spec: FormSpec, cells: object, inputs: bool) -> dict[str, Value]:
    if not isinstance(cells, dict):
        raise ReportDataError("报告文件中的数字部分格式不对。")
    out: dict[str, Value] = {}
    for key, raw in cells.items():
        cell = spec.cells.get(key)
        if cell is None or cell.is_input != inputs:
            raise ReportDataError(f"报告文件中有本表式没有的{'填报格' if inputs else '合计格'}“{key}”。")
        if raw is not None and not isinstance(raw, int | str) or isinstance(raw, bool):
            raise ReportDataError(f"报告文件中“{describe_cell(spec, key)}”的值不是数字。")
        try:
            out[key] = parse_value(raw, cell.kind if inputs else "signed")
        except InputError as e:
            raise ReportDataError(f"报告文件中“{describe_cell(spec, key)}”的值有误：{e}") from None
    return out


def describe_cell(spec: FormSpec, key: str) -> str:
    """ "三、收到和处理政府信息公开申请情况 / 一、本年新收… / 自然人": where a clerk finds the cell."""
    c = spec.cells[key]
    t = spec.tables[c.table]
    parts = [spec.table_title(c.table)]
    row = t.row(c.row)
    if row.label:
        parts.append(row.label)
    parts.append(t.column(c.col).label)
    return " / ".join(parts)
