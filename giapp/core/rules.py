"""Check a report against its form's rules and return findings a clerk can act on."""

from __future__ import annotations

from decimal import Decimal

from giapp.core.findings import Finding
from giapp.core.formspec import FormSpec, RuleCheck, Term
from giapp.core.report import Report, compute
from giapp.core.values import KIND_RULES, Value, format_value, value_ok


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

    Cross-year rules (X…, W2) read last year's report when it is given. Without it, the values carried over
    from it (`report.carried`) stand in for it: a carried cell edited away from its carried value is still
    a finding of the rule that checks it. Then come the narrative (N…) and completeness (C…) warnings.
    """
    from giapp.core.completeness import completeness_findings
    from giapp.core.narrative_check import narrative_findings

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
            if entered is None or entered.get(c.target) is None:
                continue  # a total left blank in the file is not a wrong total (the PDF prints the sum)
            found = _sum(c.left, entered, None)
            sources = {**values, **entered}
            expected = _sum(c.right, sources, None)
        else:
            if c.needs_prev and prev_values is None:
                carried = _carried_check(c, report.carried, values)
                if carried is not None:
                    findings.append(_finding(spec, c, *carried))
                continue
            found = _sum(c.left, values, prev_values)
            expected = _sum(c.right, values, prev_values)
            if found is None or expected is None:  # a cell last year's form does not have
                continue
        if c.op == "=" and found == expected or c.op == "<=" and found <= expected:
            continue
        findings.append(_finding(spec, c, expected, found))
    findings.extend(narrative_findings(spec, report, values))
    findings.extend(completeness_findings(spec, report))
    findings.sort(key=lambda f: 0 if f.is_error else 1)
    return findings


def _carried_check(c: RuleCheck, carried: dict[str, Value], values: dict[str, Value]):
    """(expected, found) when the one cell a cross-year rule checks was carried over and has been edited
    away from the carried value; None when the rule has nothing to say without last year's report."""
    if len(c.left) != 1 or c.left[0].prev or c.op != "=" or c.left[0].key not in carried:
        return None
    expected, found = carried[c.left[0].key], values.get(c.left[0].key)
    if (expected or 0) == (found or 0):
        return None
    return expected, found


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
