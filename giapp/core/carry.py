"""Start this year's report from last year's: carry over what the form's cross-year rules say carries."""

from __future__ import annotations

from giapp.core.formspec import FormSpec, RuleCheck
from giapp.core.report import Report, compute
from giapp.core.values import Value, format_value, value_ok


class CarryError(ValueError):
    """Last year's report cannot be carried into this one; str() is the Chinese message for the clerk."""


def carried_cells(new_spec: FormSpec, prev_spec: FormSpec) -> list[tuple[str, RuleCheck]]:
    """(cell, rule) for every cell of the new form that a cross-year rule fixes from last year's report
    alone: X1 (上年结转 = last year's 结转下年度), X2 (gov-2019 上一年项目数量). Rules that mix in this
    year's cells (X3, W2) only check; so 现行有效件数 is never pre-filled and 2020's 对外公开总数量 is never
    carried into 2021's 现行有效件数."""
    out = []
    for c in new_spec.checks:
        if c.kind != "compare" or c.op != "=" or len(c.left) != 1 or c.left[0].prev:
            continue
        if not c.right or not all(t.prev and t.key in prev_spec.cells for t in c.right):
            continue
        if new_spec.cells[c.left[0].key].is_input:
            out.append((c.left[0].key, c))
    return out


def carry_over_from(
    prev_spec: FormSpec, prev_report: Report, new_spec: FormSpec, new_report: Report
) -> Report:
    """A copy of `new_report` with last year's figures carried in and recorded in `.carried`, and last year's
    texts copied into empty sections as a starting point, recorded in `.texts_carried` (to be reviewed)."""
    if prev_report.year and new_report.year and prev_report.year != new_report.year - 1:
        raise CarryError(
            f"所选的上年报告是{prev_report.year}年度的，而新报告是{new_report.year}年度的。"
            f"请选择{new_report.year - 1}年度的报告。"
        )
    out = new_report.copy()
    out.carried = {}
    out.agency = out.agency or prev_report.agency
    prev_values = compute(prev_spec, prev_report.values)
    for key, rule in carried_cells(new_spec, prev_spec):
        value = _sum_prev(rule, prev_values)
        if value is not None and value_ok(value, new_spec.cells[key].kind):
            out.values[key] = value
            out.carried[key] = value
    for section in new_spec.sections:
        text = prev_report.texts.get(section.id, "")
        if not text.strip() or out.texts.get(section.id, "").strip():
            continue
        if prev_spec.id != new_spec.id and prev_spec.document in text:
            continue  # e.g. a preamble citing the old format's notice: the new template is the better start
        out.texts[section.id] = text
        out.texts_carried[section.id] = text
    for key, unit in prev_report.units.items():
        table, _, col = key.partition(".")
        if table in new_spec.tables and any(
            c.id == col and unit in c.units for c in new_spec.tables[table].columns
        ):
            out.units.setdefault(key, unit)
    out.carried_from = prev_report.title if out.carried or out.texts_carried else ""
    return out


def _sum_prev(rule: RuleCheck, prev_values: dict[str, Value]) -> Value:
    terms = [(t.sign, prev_values.get(t.key)) for t in rule.right]
    if all(v is None for _, v in terms):
        return None  # blank last year: nothing to carry, and blank is not 0
    return sum(sign * (v or 0) for sign, v in terms)


def carried_tooltip(report: Report, key: str) -> str | None:
    """What the carried mark of a cell says (a tooltip naming the source); None for a cell not carried."""
    if key not in report.carried:
        return None
    source = report.carried_from or "上年报告"
    carried, now = report.carried[key], report.values.get(key)
    text = f"此数由{source}结转而来：{format_value(carried)}。"
    if (carried or 0) != (now or 0):
        text += f"现已改为 {format_value(now) or '空白'}，与上年报告不一致。"
    return text
