"""Completeness warnings (C…): texts empty, still the template or last year's unchanged; agency or date missing."""

from __future__ import annotations

from functools import lru_cache

from giapp.core.findings import Finding
from giapp.core.formspec import FormSpec, SectionSpec
from giapp.core.formtext import REPORT_FIELDS, TextRule
from giapp.core.report import Report


def completeness_findings(spec: FormSpec, report: Report) -> list[Finding]:
    out: list[Finding] = []
    for rule in spec.text_rules:
        if rule.kind == "field_empty":
            if not str(getattr(report, rule.field, "") or "").strip():
                out.append(_finding(rule, None, found="", what=REPORT_FIELDS[rule.field]))
            continue
        for sid in rule.sections:
            section = spec.section(sid)
            text = report.texts.get(sid, "")
            if rule.kind == "text_empty" and not text.strip():
                out.append(_finding(rule, section, found=""))
            elif rule.kind == "text_carried" and text.strip() and report.texts_carried.get(sid) == text:
                out.append(_finding(rule, section, found=""))
            elif rule.kind == "text_template" and text.strip():
                hit = template_left_in(section, text, rule.prompt)
                if hit is not None:
                    start, end = hit
                    out.append(_finding(rule, section, text[start:end], start, end))
    return out


def template_left_in(section: SectionSpec, text: str, prompt: str) -> tuple[int, int] | None:
    """The range of template text still in `text`: the whole text when it is the template unchanged,
    else the first prompt line ("请写明…") left in it; None when the clerk has written their own."""
    return _template_left_in(section.template, text, prompt)


@lru_cache(maxsize=256)  # texts change far less often than cells: a cell edit re-reads nothing
def _template_left_in(template: str, text: str, prompt: str) -> tuple[int, int] | None:
    if not template.strip():
        return None
    if "".join(text.split()) == "".join(template.split()):
        first = text.strip().splitlines()[0]
        start = text.index(first)
        return start, start + len(first)
    if not prompt:
        return None
    for raw in template.splitlines():
        line = raw.strip()
        if line.startswith(prompt) and line in text:
            start = text.index(line)
            return start, start + len(line)
    return None


def _finding(
    rule: TextRule, section: SectionSpec | None, found: str, start: int = -1, end: int = -1, what: str = ""
) -> Finding:
    heading = section.heading if section else ""
    if section is not None and not heading:
        heading = "报告开头的说明"  # the preamble has no printed heading
    ctx = {"section": heading, "field": what, "expected": "", "found": found}
    return Finding(
        rule=rule.rule_id,
        severity=rule.severity,
        table_id="",
        row_id="",
        col_id="",
        cells=(),
        expected="",
        found=found,
        message=rule.message.format(**ctx),
        table=heading or what,
        section=section.id if section else "",
        start=start,
        end=end,
    )
