"""Completeness warnings: empty sections, template text left in, 六 missing, agency or date missing."""

import copy
import tomllib

import pytest

from giapp.core.formload import build_form
from giapp.core.formspec import FormError
from giapp.core.report import Report
from giapp.core.rules import check
from giapp.paths import forms_dir


def _complete(spec) -> Report:
    texts = {"overview": "本年收到政府信息公开申请0件。", "problems": "一是公开不够及时。", "other": "无。"}
    return Report(spec.id, "某市交通运输局", 2023, "2024-01-20", texts=texts)


def _c(spec, report):
    return [(f.rule, f.section, f.message) for f in check(spec, report) if f.rule.startswith("C")]


def test_a_complete_report_has_no_completeness_warning(spec21):
    assert _c(spec21, _complete(spec21)) == []


def test_empty_sections_are_named(spec21):
    r = _complete(spec21)
    r.texts["overview"] = "  \n"
    del r.texts["problems"]
    assert _c(spec21, r) == [
        ("C1", "overview", "“一、总体情况”还没有填写。请写明本部分的内容。"),
        ("C1", "problems", "“五、存在的主要问题及改进情况”还没有填写。请写明本部分的内容。"),
    ]


def test_section_six_missing(spec19):
    r = _complete(spec19)
    del r.texts["other"]
    (rule, section, message), *_ = _c(spec19, r)
    assert (rule, section) == ("C3", "other")
    assert message.startswith("缺少“六、其他需要报告的事项”。")


def test_template_left_unchanged_or_its_prompt_lines_left_in(spec21):
    r = _complete(spec21)
    template = spec21.section("overview").template
    r.texts["overview"] = template
    (f,) = [f for f in check(spec21, r) if f.rule == "C2"]
    assert (f.section, f.found, r.texts["overview"][f.start : f.end]) == (
        "overview",
        "（一）主动公开情况",
        f.found,
    )
    prompt = "请写明本年收到和办理政府信息公开申请的数量及办理情况。"
    r.texts["overview"] = f"（一）主动公开情况\n全年主动公开政府信息120条。\n（二）依申请公开情况\n{prompt}"
    (f,) = [f for f in check(spec21, r) if f.rule == "C2"]
    assert r.texts["overview"][f.start : f.end] == prompt
    assert f.message == f"“一、总体情况”还保留着模板的提示文字“{prompt}”。请改写为本机关的实际情况。"


def test_the_prompts_of_section_six_must_be_replaced_by_a_real_answer(spec21):
    """六 starts as a prompt, not as a ready answer that would be false for an agency that charged fees."""
    r = _complete(spec21)
    r.texts["other"] = spec21.section("other").template
    assert [rule for rule, _, _ in _c(spec21, r)] == ["C2"]
    r.texts["other"] = "本年度本机关未收取政府信息公开信息处理费。无其他需要报告的事项。"
    assert _c(spec21, r) == []


def test_agency_and_date_missing(spec21):
    r = _complete(spec21)
    r.agency, r.date = "", ""
    assert [(rule, msg) for rule, _, msg in _c(spec21, r)] == [
        ("C4", "还没有填写机关名称。请填写本机关的全称，它会印在报告标题和落款中。"),
        ("C5", "还没有填写成文日期。请填写报告落款处的日期。"),
    ]
    ids = [f.id for f in check(spec21, r)]
    assert len(ids) == len(set(ids))


def _form_data():
    return tomllib.loads((forms_dir() / "gov-2021.toml").read_text(encoding="utf-8"))


@pytest.mark.parametrize(
    ("change", "message"),
    [
        ({"kind": "text_empty", "sections": ["nowhere"]}, "sections 列出了不存在的部分 nowhere"),
        ({"kind": "text_empty", "sections": []}, "sections 不能为空"),
        ({"kind": "field_empty", "field": "title"}, "field 应为 agency/date 之一"),
        ({"kind": "narrative"}, "缺少“sections”"),
    ],
)
def test_a_bad_text_rule_is_refused_with_its_place(change, message):
    data = _form_data()
    rule = {"id": "C9", "severity": "warning", "message": "x", **change}
    data["rules"] = [*copy.deepcopy(data["rules"]), rule]
    with pytest.raises(FormError, match=message) as e:
        build_form(data)
    assert f"rules[{len(data['rules']) - 1}]" in str(e.value)


def test_text_rule_ids_are_listed_with_the_others(spec19, spec21):
    for spec in (spec19, spec21):
        assert {"N1", "C1", "C2", "C3", "C4", "C5", "C6"} <= set(spec.rule_ids)
