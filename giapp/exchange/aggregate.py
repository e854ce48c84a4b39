"""Add up many agencies' reports into one summary (county, city), with each source's status and a drill-down.

Which form and year are summed: the (form, year) pair most of the readable files carry, a tie going to the
newer year, then to the pair met first; or the pair the caller names. Files of another form or year, files that
cannot be read, and a second file of the same agency are listed with the reason and never summed.
"""

from __future__ import annotations

import unicodedata
from collections import Counter
from collections.abc import Iterable
from dataclasses import dataclass, field
from decimal import ROUND_HALF_UP, Decimal
from pathlib import Path

from giapp.core.formspec import FormSpec
from giapp.core.report import Report, compute, describe_cell
from giapp.core.rules import Finding
from giapp.core.values import MAX_DECIMALS, MAX_VALUE, Value, format_value, plain_money
from giapp.exchange.aggregate_read import (
    AggregateCancelled,
    Cancel,
    Loaded,
    Progress,
    find_files,
    read_all,
)
from giapp.exchange.sources_workbook import write_sources_workbook
from giapp.oserror import os_error_text

__all__ = [
    "AggregateCancelled",
    "AggregateError",
    "Source",
    "Summary",
    "aggregate",
    "write_sources_workbook",
    "write_summary",
]

SUMMED = "已汇总"
OTHER_FORM = "格式不符"
OTHER_YEAR = "年度不符"
DUPLICATE = "重复"
UNREADABLE = "无法读取"
STATUSES = (SUMMED, OTHER_FORM, OTHER_YEAR, DUPLICATE, UNREADABLE)
DEFAULT_AGENCY = (
    "各单位汇总"  # the title reads "各单位汇总2023年政府信息公开工作年度报告" until a name is given
)
# Money units a form offers, as multiples of 元: converting between them is exact in Decimal.
MONEY_PLACES = Decimal(1).scaleb(-MAX_DECIMALS)
UNIT_IN_YUAN = {"元": Decimal(1), "万元": Decimal(10000)}


class AggregateError(ValueError):
    """The summary cannot be written as asked; str() is the Chinese message."""


@dataclass
class Source:
    """One file offered to the summary and what became of it."""

    file: str
    agency: str
    status: str
    form_id: str = ""
    year: int = 0
    errors: int = 0
    warnings: int = 0
    fingerprint: str = ""
    message: str = ""
    findings: tuple[Finding, ...] = ()

    @property
    def name(self) -> str:
        return Path(self.file).name

    @property
    def summed(self) -> bool:
        return self.status == SUMMED


@dataclass
class Summary:
    """The summed report (None when nothing could be summed), the sources, and each summed source's numbers."""

    spec: FormSpec | None
    report: Report | None
    sources: list[Source]
    # (index into sources, values aligned with spec.input_keys in the summary's units): all a drill-down needs
    contributions: list[tuple[int, tuple[Value, ...]]] = field(default_factory=list)
    form_names: dict[str, str] = field(default_factory=dict)  # form id → its name, for the sources' forms

    @property
    def form_id(self) -> str:
        return self.spec.id if self.spec else ""

    @property
    def year(self) -> int:
        return self.report.year if self.report else 0

    @property
    def summed(self) -> list[Source]:
        return [s for s in self.sources if s.summed]

    @property
    def refused(self) -> list[Source]:
        return [s for s in self.sources if not s.summed]

    def count(self, status: str) -> int:
        return sum(1 for s in self.sources if s.status == status)

    def tally(self) -> str:
        """ "共 7 个文件：已汇总 5，格式不符 1，无法读取 1" """
        counts = "，".join(f"{st} {self.count(st)}" for st in STATUSES if self.count(st))
        return f"共 {len(self.sources)} 个文件：{counts}"

    @property
    def values(self) -> dict[str, Value]:
        """Every cell of the summary, derived cells recomputed."""
        if self.spec is None or self.report is None:
            return {}
        return compute(self.spec, self.report.values)

    def breakdown(self, key: str) -> list[tuple[str, str, Value]]:
        """(agency, file, value) of every summed source for one cell, input or derived, in source order."""
        if self.spec is None:
            return []
        if key not in self.spec.cells:
            raise KeyError(key)
        leaves = _leaves(self.spec, key)
        out = []
        for i, values in self.contributions:
            src = self.sources[i]
            if self.spec.cells[key].is_input:
                v = values[leaves[0]]
            else:  # as compute() does: blanks count 0, a total is never blank
                v = sum((values[j] for j in leaves if values[j] is not None), 0)
            out.append((src.agency, src.file, v))
        return out


def _leaves(spec: FormSpec, key: str) -> list[int]:
    """Indices into input_keys of the input cells a cell adds up (itself for an input cell)."""
    index = {k: i for i, k in enumerate(spec.input_keys)}
    sums = dict(spec.derived)

    def walk(k: str) -> list[int]:
        return [index[k]] if k in index else [j for s in sums[k] for j in walk(s)]

    return walk(key)


def _normal_agency(name: str) -> str:
    return "".join(unicodedata.normalize("NFKC", name).split())


def _choose(
    loaded: list[Loaded], forms: dict[str, FormSpec], form_id: str | None, year: int | None
) -> tuple[str, int] | None:
    """The (form, year) to sum: the one most readable files carry among those the caller allows."""
    pairs = [
        (x.form_id, x.year)
        for x in loaded
        if not x.error
        and x.year
        and x.form_id in forms
        and form_id in (None, x.form_id)
        and year in (None, x.year)
    ]
    if not pairs:
        return None
    counts = Counter(pairs)
    first = {p: -i for i, p in reversed(list(enumerate(pairs)))}
    return max(counts, key=lambda p: (counts[p], p[1], first[p]))


def _refusal(x: Loaded, form_id: str, year: int, forms: dict[str, FormSpec]) -> tuple[str, str]:
    """Why a file is not summed, or ("", "") when it is of the form and year being summed."""
    if x.error:
        return UNREADABLE, x.error
    if x.form_id != form_id:
        theirs = forms[x.form_id].name if x.form_id in forms else x.form_id
        ours = forms[form_id].name if form_id in forms else form_id
        return OTHER_FORM, f"使用的是“{theirs}”，本次汇总的是“{ours}”，未计入。请该单位按本次的格式重新填报。"
    if not x.year:
        return OTHER_YEAR, "报告没有填写年度，未计入。请该单位补填年度后重新提交。"
    if x.year != year:
        return OTHER_YEAR, f"是 {x.year} 年度的报告，本次汇总的是 {year} 年度，未计入。"
    return "", ""


def _money_units(spec: FormSpec, summed: list[Loaded]) -> dict[str, str]:
    """The unit of each money column with a choice: the one every source used, else the form's default."""
    out = {}
    for t in spec.tables.values():
        for c in t.columns:
            if c.kind == "money" and c.units:
                name = f"{t.id}.{c.id}"
                used = {dict(x.units).get(name, c.unit) for x in summed}
                out[name] = used.pop() if len(used) == 1 else c.unit
    return out


def _default_unit(spec: FormSpec, column: str) -> str:
    table, _, col = column.partition(".")
    return spec.tables[table].column(col).unit


def _in_units(spec: FormSpec, x: Loaded, units: dict[str, str]) -> tuple[tuple[Value, ...], str]:
    """The source's values with money converted to the summary's unit, and a note when anything was."""
    theirs = {n: u for n, u in x.units if n in units}
    factors = {}
    for name, unit in units.items():
        own = theirs.get(name, _default_unit(spec, name))
        if own != unit:
            factors[name] = UNIT_IN_YUAN[own] / UNIT_IN_YUAN[unit]
    if not factors:
        return x.values, ""
    values = list(x.values)
    for i, key in enumerate(spec.input_keys):
        table, _, col = key.split(".")
        f = factors.get(f"{table}.{col}")
        if f is not None and values[i] is not None:
            # 元 → 万元 may need more places than a cell keeps: round half up, as a clerk would
            values[i] = plain_money((values[i] * f).quantize(MONEY_PLACES, ROUND_HALF_UP))
    notes = "、".join(f"{theirs.get(n, _default_unit(spec, n))}→{units[n]}" for n in factors)
    return tuple(values), f"金额已换算单位（{notes}）。"


def _source(x: Loaded, status: str, message: str) -> Source:
    errors = sum(1 for f in x.findings if f.is_error)
    return Source(
        x.file,
        x.agency,
        status,
        x.form_id,
        x.year,
        errors,
        len(x.findings) - errors,
        x.fingerprint,
        message,
        x.findings,
    )


def aggregate(
    paths: Iterable[str | Path],
    forms: dict[str, FormSpec],
    *,
    progress: Progress | None = None,
    cancel: Cancel | None = None,
    agency: str = "",
    form_id: str | None = None,
    year: int | None = None,
    workers: int | None = None,
) -> Summary:
    """Sum every readable report of the chosen form and year under `paths` (files or folders).

    progress(done, total, file_name) is called after each file; cancel() is polled and, when it returns True,
    AggregateCancelled is raised. form_id/year pin what is summed instead of the majority.
    """
    files = find_files(paths)
    loaded = read_all(files, forms, progress=progress, cancel=cancel, workers=workers)
    chosen = _choose(loaded, forms, form_id, year)
    names = {f.id: f.name for f in forms.values()}
    if chosen is None:  # nothing fits: every file is listed with why
        sources = []
        for x in loaded:
            status, message = _refusal(x, form_id or x.form_id, year or x.year, forms)
            sources.append(
                _source(x, status or OTHER_YEAR, message or "报告的表式或年度与要求不符，未计入。")
            )
        return Summary(None, None, sources, form_names=names)
    spec, chosen_year = forms[chosen[0]], chosen[1]

    sources: list[Source] = []
    kept: list[tuple[int, Loaded]] = []
    by_print: dict[str, str] = {}
    by_name: dict[str, str] = {}
    ours = _normal_agency(agency.strip() or DEFAULT_AGENCY)
    for x in loaded:
        src = _source(x, *_refusal(x, spec.id, chosen_year, forms))
        name = _normal_agency(x.agency)
        if src.status:
            pass
        elif name == ours:  # last time's summary saved into the same folder must not be added in again
            src.status = DUPLICATE
            src.message = "机关名称与本次汇总的名称相同，可能是上次保存的汇总结果，未计入。"
        elif x.fingerprint in by_print:
            src.status = DUPLICATE
            src.message = (
                f"与“{Path(by_print[x.fingerprint]).name}”内容完全相同（同一份报告提交了两次），未重复计入。"
            )
        elif name and name in by_name:
            src.status = DUPLICATE
            src.message = (
                f"与“{Path(by_name[name]).name}”是同一机关，但数字不同，只计入了那一份。"
                "请确认哪一份是最终版本，移走另一份后重新汇总。"
            )
        else:
            src.status = SUMMED
            src.message = "" if name else "报告没有填写机关名称，已计入，请核实是哪个单位的报告。"
            by_print[x.fingerprint] = x.file
            if name:
                by_name[name] = x.file
            kept.append((len(sources), x))
        sources.append(src)

    if not kept:
        return Summary(spec, None, sources, form_names=names)
    units = _money_units(spec, [x for _, x in kept])
    contributions = []
    totals: list[Value] = [None] * len(spec.input_keys)
    for i, x in kept:
        values, note = _in_units(spec, x, units)
        if note:
            sources[i].message = " ".join(filter(None, (sources[i].message, note)))
        for j, v in enumerate(values):
            if v is not None:  # a cell blank in every source stays blank
                totals[j] = v if totals[j] is None else totals[j] + v
        contributions.append((i, values))
    for key, v in zip(spec.input_keys, totals, strict=True):
        if v is not None and abs(v) > MAX_VALUE:
            raise AggregateError(
                f"汇总后“{describe_cell(spec, key)}”为 {format_value(v)}，超过了表格能填写的最大数 999,999,999，"
                "无法汇总。请检查各单位这一格是否多填了数字（可在来源清单中逐个查看）。"
            )
    report = Report(spec.id, agency.strip() or DEFAULT_AGENCY, chosen_year)
    report.values = {k: v for k, v in zip(spec.input_keys, totals, strict=True) if v is not None}
    report.units = {n: u for n, u in units.items() if u != _default_unit(spec, n)}
    return Summary(spec, report, sources, contributions, names)


def write_summary(path: str | Path, summary: Summary) -> None:
    """The summed report as a report file, a workbook or a PDF, by the file's suffix."""
    if summary.spec is None or summary.report is None:
        raise AggregateError("没有可汇总的报告，没有写出任何文件。")
    path = Path(path)
    name = path.name.lower()
    try:
        if name.endswith(".giapp.json"):
            from giapp.exchange.reportfile import write_report_file

            write_report_file(path, summary.spec, summary.report)
        elif name.endswith(".xlsx"):
            try:
                from giapp.exchange.xlsx import WorkbookError, write_workbook
            except ImportError:
                raise AggregateError(
                    "这个版本还不能导出 Excel 工作簿，请导出为 .giapp.json 报告文件。"
                ) from None
            try:
                write_workbook(path, summary.spec, summary.report)
            except WorkbookError as e:
                raise AggregateError(str(e)) from None
        elif name.endswith(".pdf"):
            try:
                from giapp.exchange.pdf import PdfError, write_pdf  # type: ignore[import-not-found]
            except ImportError:
                raise AggregateError("这个版本还不能导出 PDF，请导出为 Excel 工作簿或报告文件。") from None
            try:
                write_pdf(path, summary.spec, summary.report)
            except PdfError as e:
                raise AggregateError(str(e)) from None
        else:
            raise AggregateError(f"“{path.name}”的类型不对：汇总结果只能保存为 .xlsx、.pdf 或 .giapp.json。")
    except OSError as e:
        raise AggregateError(f"无法写入“{path}”：{os_error_text(e)}。") from None
