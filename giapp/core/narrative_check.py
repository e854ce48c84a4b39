"""The narrative against the tables: N findings for quoted figures that contradict a cell, and the right
figure to insert at the cursor."""

from __future__ import annotations

from dataclasses import dataclass

from giapp.core.findings import Finding
from giapp.core.formspec import FormSpec
from giapp.core.formtext import TextRule
from giapp.core.narrative import Mention, int_to_chinese, mentions
from giapp.core.report import Report, compute
from giapp.core.values import Value

_APPLICATION_ROWS = {"new": "new", "carried": "carried", "forward": "forward", "handled": "r_total"}
# result groups of 三: the marker in the row's second label (（一）予以公开 …)
_RESULT_GROUPS = {
    "r_public": "予以公开",
    "r_partial": "部分公开",
    "r_withheld": "不予公开",
    "r_unable": "无法提供",
    "r_declined": "不予处理",
    "r_other": "其他处理",
}
_LEGAL_GROUP = ("commercial", "research", "nonprofit", "legal", "other")
_REVIEWS = {
    "review": (("review_total",), "行政复议"),
    "litigation": (("direct_total", "after_total"), "行政诉讼"),
    "direct": (("direct_total",), "行政诉讼（未经复议直接起诉）"),
    "after": (("after_total",), "行政诉讼（复议后起诉）"),
}
_DOC_COLUMNS = {"issued": ("制发", "新制作"), "repealed": ("废止",), "in_force": ("现行有效",)}
# What a clerk may ask to insert: quantity name → (domain, quantity, default column)
QUANTITY_NAMES = {
    **{q: ("apps", q, "total") for q in ("new", "carried", "handled", "forward", *_RESULT_GROUPS)},
    "reviews": ("reviews", "review", "total"),
    "litigation": ("reviews", "litigation", "total"),
    **{q: ("docs", q, "normative") for q in _DOC_COLUMNS},
}


@dataclass(frozen=True)
class Quantity:
    """A quantity of the tables that a text may quote: the cells it sums and how a clerk names it."""

    cells: tuple[str, ...]
    inputs: tuple[str, ...]  # the input cells behind them (all blank: the table is not filled in yet)
    table: str
    row: str  # labels as printed, for the checks panel
    column: str
    what: str  # for the message: “三、本年度办理结果（七）总计”（总计）


@dataclass(frozen=True)
class Suggestion:
    """The figure to put at the cursor: replace text[start:end] (start == end: insert) with `text`."""

    text: str
    value: int
    start: int
    end: int
    what: str
    cells: tuple[str, ...]


_RESOLVED: dict[tuple, Quantity | None] = {}
_INPUTS: dict[str, dict[str, tuple[str, ...]]] = {}


def quantity_of(spec: FormSpec, domain: str, quantity: str, column: str) -> Quantity | None:
    """The cells a quoted quantity stands for in this form, or None when the form has no such cells."""
    key = (spec.id, id(spec), domain, quantity, column)
    if key not in _RESOLVED:
        _RESOLVED[key] = _resolve(spec, domain, quantity, column)
    return _RESOLVED[key]


def _resolve(spec: FormSpec, domain: str, quantity: str, column: str) -> Quantity | None:
    if domain == "apps" and "applications" in spec.tables:
        t = spec.tables["applications"]
        if quantity in _APPLICATION_ROWS:
            rows = [t.row(_APPLICATION_ROWS[quantity])]
            row_label = "".join(rows[0].labels)
        else:
            marker = _RESULT_GROUPS[quantity]
            rows = [r for r in t.rows if len(r.labels) > 1 and marker in r.labels[1]]
            row_label = "".join(rows[0].labels[:2]) if rows else ""
        cols = _LEGAL_GROUP if column == "legal_group" else (column,)
        col_label = "法人或其他组织" if column == "legal_group" else t.column(column).label
        cells = tuple(t.key(r.id, c) for r in rows for c in cols)
        what = f"“{row_label}”（{col_label}）"
        return _quantity(
            spec, cells, t.heading or spec.section_of_table(t.id).heading, row_label, col_label, what
        )
    if domain == "reviews" and "reviews" in spec.tables:
        t = spec.tables["reviews"]
        cols, label = _REVIEWS[quantity]
        cells = tuple(t.key("cases", c) for c in cols)
        return _quantity(spec, cells, spec.section_of_table(t.id).heading, "", "总计", f"{label}总计")
    if domain == "docs" and "rule_docs" in spec.tables:
        t = spec.tables["rule_docs"]
        col = next((c for c in t.columns if any(w in c.label for w in _DOC_COLUMNS[quantity])), None)
        row = next((r for r in t.rows if r.id == column), None)
        if col is None or row is None:  # e.g. 现行有效件数 in gov-2019: not 对外公开总数量
            return None
        what = f"“{row.label}”的“{col.label}”"
        return _quantity(spec, (t.key(row.id, col.id),), t.heading, row.label, col.label, what)
    return None


def _quantity(spec: FormSpec, cells, table, row, column, what) -> Quantity | None:
    if not cells or any(c not in spec.cells for c in cells):
        return None
    inputs = _inputs_of(spec)
    behind = tuple(dict.fromkeys(i for c in cells for i in inputs.get(c, (c,))))
    return Quantity(cells, behind, table, row, column, what)


def _inputs_of(spec: FormSpec) -> dict[str, tuple[str, ...]]:
    """Derived cell → the input cells it adds up, through nested totals."""
    key = f"{spec.id}:{id(spec)}"
    if key not in _INPUTS:
        out: dict[str, tuple[str, ...]] = {}
        for cell, sources in spec.derived:  # ordered: sources come first
            out[cell] = tuple(i for s in sources for i in out.get(s, (s,)))
        _INPUTS[key] = out
    return _INPUTS[key]


def _value(q: Quantity, values: dict[str, Value]) -> int | None:
    """The table's figure for `q`, or None while all its input cells are blank."""
    if all(values.get(i) is None for i in q.inputs):
        return None
    return int(sum(values.get(c) or 0 for c in q.cells))


def narrative_findings(
    spec: FormSpec, report: Report, values: dict[str, Value] | None = None
) -> list[Finding]:
    """N findings: each figure in the narrative that quotes a cell and contradicts it."""
    values = compute(spec, report.values) if values is None else values
    out: list[Finding] = []
    for rule in spec.text_rules:
        if rule.kind != "narrative":
            continue
        for sid in rule.sections:
            text = report.texts.get(sid, "")
            for i, m, q in _tied(spec, text, report.year) if text else ():
                expected = _value(q, values)
                if expected is not None and expected != m.value:
                    out.append(_finding(spec, rule, sid, text, i, m, q, expected))
    return out


_TIED: dict[tuple, tuple] = {}
_FINDINGS: dict[tuple, Finding] = {}
_CACHE_LIMIT = 2048  # texts and findings kept between checks; a cell edit re-reads and re-words nothing


def _tied(spec: FormSpec, text: str, year: int) -> tuple[tuple[int, Mention, Quantity], ...]:
    """The figures of `text` this form has cells for, figures of other years left out (cached)."""
    key = (spec.id, id(spec), text, year)
    if key not in _TIED:
        if len(_TIED) > _CACHE_LIMIT:
            _TIED.clear()
        tied = []
        for i, m in enumerate(mentions(text)):
            if year and any(y != year for y in m.years):
                continue  # a figure of another year
            q = quantity_of(spec, m.domain, m.quantity, m.column)
            if q is not None:
                tied.append((i, m, q))
        _TIED[key] = tuple(tied)
    return _TIED[key]


def _finding(
    spec, rule: TextRule, sid: str, text: str, i: int, m: Mention, q: Quantity, expected: int
) -> Finding:
    key = (spec.id, id(spec), rule.rule_id, sid, text, i, expected)
    if key in _FINDINGS:
        return _FINDINGS[key]
    if len(_FINDINGS) > _CACHE_LIMIT:
        _FINDINGS.clear()
    section = spec.section(sid)
    quote = text[m.quote_start : m.unit_end]
    ctx = {"section": section.heading, "quote": quote, "what": q.what, "expected": expected, "found": m.value}
    first = spec.cells[q.cells[0]]
    _FINDINGS[key] = f = Finding(
        rule=rule.rule_id,
        severity=rule.severity,
        table_id=first.table,
        row_id=first.row,
        col_id=first.col,
        cells=q.cells,
        expected=str(expected),
        found=str(m.value),
        message=rule.message.format(**ctx),
        table=q.table,
        row=q.row,
        column=q.column,
        section=sid,
        start=m.start,
        end=m.end,
    )
    return f


def figure_text(value: int, like: str = "") -> str:
    """The figure as the text writes it: Chinese numerals when the figure it replaces was in them."""
    if like and like[0] in "零〇一二两三四五六七八九十百千万":
        return int_to_chinese(value)
    return str(value)


def figure_for(spec: FormSpec, report: Report, name: str, column: str = "total") -> Suggestion | None:
    """The table's figure for a named quantity (a key of QUANTITY_NAMES; column: for applications an applicant
    column id or legal_group, for documents normative or regulations), to insert at the cursor; None while
    those cells are blank or the form has no such quantity."""
    domain, quantity, default_column = QUANTITY_NAMES[name]
    if domain == "reviews" or (domain == "docs" and column == "total"):
        column = default_column
    q = quantity_of(spec, domain, quantity, column)
    value = None if q is None else _value(q, compute(spec, report.values))
    if q is None or value is None:
        return None
    return Suggestion(str(value), value, -1, -1, q.what, q.cells)


def suggest_at(spec: FormSpec, report: Report, text: str, cursor: int) -> Suggestion | None:
    """The figure the words before the cursor ask for ("…共收到政府信息公开申请|"), or the right value for
    the quoted figure the cursor is in; None when the words do not name a quantity of the tables."""
    values = compute(spec, report.values)
    for m in mentions(text):
        if m.start <= cursor <= m.unit_end:  # in the figure or just after its unit
            return _suggestion(spec, m, values, m.start, m.end, text[m.start : m.end])
    probe = text[:cursor] + "0件" + text[cursor:]  # a stand-in figure, read like any other
    m = next((x for x in mentions(probe) if x.start == cursor), None)
    s = None if m is None else _suggestion(spec, m, values, cursor, cursor, "")
    if s is not None and text[cursor : cursor + 1] not in ("件", "条", "个"):
        s = Suggestion(
            s.text + "件", s.value, s.start, s.end, s.what, s.cells
        )  # the unit, unless already typed
    return s


def _suggestion(spec, m: Mention, values, start: int, end: int, like: str) -> Suggestion | None:
    q = quantity_of(spec, m.domain, m.quantity, m.column)
    value = None if q is None else _value(q, values)
    if q is None or value is None:
        return None
    return Suggestion(figure_text(value, like), value, start, end, q.what, q.cells)


def clear_caches() -> None:
    """Forget every text read so far (for measuring the cost of reading a text afresh)."""
    mentions.cache_clear()
    _TIED.clear()
    _FINDINGS.clear()
