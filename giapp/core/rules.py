"""Check a report against its form's rules and return findings a clerk can act on."""

from __future__ import annotations

from dataclasses import dataclass
from decimal import Decimal

from giapp.core.formspec import FormSpec, RuleCheck, Term
from giapp.core.report import Report, compute
from giapp.core.values import KIND_RULES, Value, format_value, value_ok


@dataclass(frozen=True)
class Finding:
    rule: str  # stable rule id of the form file: S1, I1 … X3, W1, N1 …
    severity: str  # "error" or "warning"
    table_id: str
    row_id: str  # "" when the finding is about a whole column
    col_id: str  # "" when the finding is about a whole row
    cells: tuple[str, ...]  # the cells involved, the one to show first
    expected: str
    found: str
    message: str
    table: str = ""  # labels as printed in the official table (the row without its parents)
    row: str = ""
    column: str = ""

    @property
    def id(self) -> str:
        """Stable across edits: the key a clerk's explanation of a warning is kept under."""
        return f"{self.rule}:{self.cells[0] if self.cells else self.table_id}"

    @property
    def is_error(self) -> bool:
        return self.severity == "error"

    def as_dict(self) -> dict:
        return {
            "rule": self.rule,
            "severity": self.severity,
            "table": self.table,
            "row": self.row,
            "column": self.column,
            "expected": self.expected,
            "found": self.found,
            "message": self.message,
        }


def check(
    spec: FormSpec,
    report: Report,
    previous: Report | None = None,
    previous_spec: FormSpec | None = None,
) -> list[Finding]:
    """All findings of the report, errors first in form order.

    Totals are recomputed from the inputs, so the sum rules (I1–I3) can only fail on totals entered in a
    file filled elsewhere (`report.entered_totals`); the balance and cross-year rules use the recomputed
    totals, so one wrong total is reported once, not again in every rule that reads it.
    """
    values = compute(spec, report.values)
    prev_values: dict[str, Value] | None = None
    if previous is not None:
        pspec = previous_spec or spec
        prev_values = compute(pspec, previous.values)
    entered = report.entered_totals
    findings: list[Finding] = []
    if spec.kinds_rule is not None:
        findings.extend(_check_kinds(spec, report, spec.kinds_rule))
    for c in spec.checks:
        if c.kind == "sum":
            if entered is None:
                continue
            found = _sum(c.left, entered, None) if c.target in entered else 0
            sources = {**values, **entered}
            expected = _sum(c.right, sources, None)
        else:
            if c.needs_prev and prev_values is None:
                continue
            found = _sum(c.left, values, prev_values)
            expected = _sum(c.right, values, prev_values)
            if found is None or expected is None:  # a cell last year's form does not have
                continue
        if c.op == "=" and found == expected or c.op == "<=" and found <= expected:
            continue
        findings.append(_finding(spec, c, expected, found))
    findings.sort(key=lambda f: 0 if f.is_error else 1)
    return findings


def _sum(terms: tuple[Term, ...], values: dict[str, Value], prev: dict[str, Value] | None):
    total: int | Decimal = 0
    for t in terms:
        src = prev if t.prev else values
        if t.key not in src:  # type: ignore[operator]
            return None
        v = src[t.key]  # type: ignore[index]
        if v is not None:
            total += t.sign * v
    return total


def _finding(spec: FormSpec, c: RuleCheck, expected, found) -> Finding:
    t = spec.tables[c.table]
    row = t.row(c.row).label if c.row else ""
    column = t.column(c.col).label if c.col else ""
    if c.kind == "sum" and c.row:
        column = t.column(c.target.split(".")[2]).label
    elif c.kind == "sum" and c.col:
        row = t.row(c.target.split(".")[1]).label
    shown_expected = ("≤ " if c.op == "<=" else "") + format_value(expected)
    ctx = {
        "table": spec.table_title(c.table),
        "row": row,
        "column": column,
        "expected": format_value(expected),
        "found": format_value(found),
    }
    cells = tuple(dict.fromkeys(t_.key for t_ in (*c.left, *c.right) if not t_.prev))
    return Finding(
        rule=c.rule_id,
        severity=c.severity,
        table_id=c.table,
        row_id=c.row or c.target.split(".")[1],
        col_id=c.col or c.target.split(".")[2],
        cells=cells,
        expected=shown_expected,
        found=format_value(found),
        message=c.message.format(**ctx),
        table=t.heading or spec.section_of_table(c.table).heading,
        row=row,
        column=column,
    )


def _check_kinds(spec: FormSpec, report: Report, rule: RuleCheck) -> list[Finding]:
    """I4: only values that came from a file can break it; typed values are parsed before they are kept."""
    out = []
    for key, v in report.values.items():
        cell = spec.cells.get(key)
        if cell is None or value_ok(v, cell.kind):
            continue
        t = spec.tables[cell.table]
        row, column = t.row(cell.row).label, t.column(cell.col).label
        expected = KIND_RULES[cell.kind]
        found = format_value(v)
        ctx = {
            "table": spec.table_title(cell.table),
            "row": row,
            "column": column,
            "expected": expected,
            "found": found,
        }
        out.append(
            Finding(
                rule.rule_id,
                rule.severity,
                cell.table,
                cell.row,
                cell.col,
                (key,),
                expected,
                found,
                rule.message.format(**ctx),
                t.heading or spec.section_of_table(cell.table).heading,
                row,
                column,
            )
        )
    return out


def count_by_severity(findings: list[Finding]) -> tuple[int, int]:
    errors = sum(1 for f in findings if f.is_error)
    return errors, len(findings) - errors
