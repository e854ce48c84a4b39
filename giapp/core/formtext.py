"""Rules about a report's texts and metadata, declared in the form file: completeness (C…) and narrative (N…)."""

from __future__ import annotations

from dataclasses import dataclass

# narrative:      figures quoted in the texts of `sections` must agree with the tables
# text_empty:     each of `sections` must hold some text
# text_template:  each of `sections` must not still hold its template (or the template's prompt lines,
#                 the lines that start with `prompt`)
# text_carried:   each of `sections` copied from last year's report must have been edited since
# field_empty:    the report's `field` (agency or date) must be filled in
TEXT_RULE_KINDS = ("narrative", "text_empty", "text_template", "text_carried", "field_empty")
REPORT_FIELDS = {"agency": "机关名称", "date": "成文日期"}


@dataclass(frozen=True)
class TextRule:
    rule_id: str
    kind: str
    severity: str
    message: str  # may use {section} (the heading), {field}, {expected}, {found}
    sections: tuple[str, ...] = ()
    field: str = ""
    prompt: str = ""


def read_text_rule(rule: dict, kind: str, rid: str, severity: str, message: str, section_ids, r, where):
    """Compile one text rule; `r` is the form reader, whose fail() names the file and the place."""
    sections: tuple[str, ...] = ()
    field_name = prompt = ""
    if kind == "field_empty":
        field_name = r.text(rule, "field", where)
        if field_name not in REPORT_FIELDS:
            raise r.fail(where, f"field 应为 {'/'.join(REPORT_FIELDS)} 之一")
    else:
        sections = tuple(r.strings(rule, "sections", where))
        if not sections:
            raise r.fail(where, "sections 不能为空")
        unknown = [s for s in sections if s not in section_ids]
        if unknown:
            raise r.fail(where, f"sections 列出了不存在的部分 {'、'.join(unknown)}")
        if kind == "text_template":
            prompt = r.text(rule, "prompt", where, "")
    return TextRule(rid, kind, severity, message, sections, field_name, prompt)
