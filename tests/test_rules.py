"""Each rule of the spec fires on a report that breaks it, and only then."""

from decimal import Decimal

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from giapp.core.report import Report, compute
from giapp.core.rules import check

APPLICANTS = ["natural", "commercial", "research", "nonprofit", "legal", "other"]
# texts without figures: a report complete enough that only the table rules speak (no C… warnings)
TEXTS = {
    "overview": "本年度政府信息公开工作有序开展。",
    "problems": "公开还不够及时。",
    "other": "无其他需要报告的事项。",
}


def balanced(spec, form_id, year=2021) -> Report:
    """A small consistent report: 5 new + 1 carried natural = 4 results + 2 forward."""
    r = Report(form_id, "测试局", year, f"{year + 1}-01-20", texts=dict(TEXTS))
    r.values.update(
        {
            "applications.new.natural": 5,
            "applications.carried.natural": 1,
            "applications.r_public.natural": 3,
            "applications.r_partial.natural": 1,
            "applications.forward.natural": 2,
        }
    )
    return r


def last_year(spec, form_id, year) -> Report:
    """Balanced, carrying 1 natural-person application forward — what `balanced()` carries over."""
    r = balanced(spec, form_id, year)
    r.values["applications.new.natural"] = 4
    r.values["applications.forward.natural"] = 1
    assert check(spec, r) == []
    return r


def rules_of(findings):
    return [(f.rule, f.row, f.column) for f in findings]


@pytest.mark.parametrize("form_id", ["gov-2019", "gov-2021"])
def test_a_balanced_report_has_no_finding(forms, form_id):
    spec = forms[form_id]
    assert check(spec, balanced(spec, form_id)) == []


@pytest.mark.parametrize("form_id", ["gov-2019", "gov-2021"])
def test_s1_fires_in_the_column_that_does_not_balance(forms, form_id):
    spec = forms[form_id]
    r = balanced(spec, form_id)
    r.values["applications.r_public.commercial"] = 2
    findings = check(spec, r)
    assert rules_of(findings) == [("S1", "", "商业企业")]
    assert (findings[0].expected, findings[0].found) == ("0", "2")
    assert findings[0].cells[0] == "applications.r_total.commercial"
    r.values["applications.new.commercial"] = 2
    assert check(spec, r) == []


def test_derived_totals_follow_the_inputs(spec21):
    r = balanced(spec21, "gov-2021")
    r.values["applications.r_withheld_secret.legal"] = 4
    r.values["applications.r_other_misc.natural"] = 1
    v = compute(spec21, r.values)
    assert v["applications.r_total.natural"] == 5
    assert v["applications.r_total.legal"] == 4
    assert v["applications.r_total.total"] == 9
    assert v["applications.new.total"] == 5
    assert v["applications.r_withheld_secret.total"] == 4
    assert v["applications.carried.total"] == 1


def test_blank_inputs_count_as_zero_in_totals_but_stay_blank(spec21):
    r = Report("gov-2021", "测试局", 2021, "2022-01-20", texts=dict(TEXTS))
    v = compute(spec21, r.values)
    assert v["applications.new.natural"] is None
    assert v["applications.new.total"] == 0
    assert check(spec21, r) == []


@pytest.mark.parametrize(
    ("key", "rule", "row", "column"),
    [
        ("applications.new.total", "I1", "一、本年新收政府信息公开申请数量", "总计"),
        ("applications.r_total.natural", "I2", "（七）总计", "自然人"),
        ("reviews.cases.review_total", "I3", "", "总计"),
        ("reviews.cases.direct_total", "I3", "", "总计"),
        ("reviews.cases.after_total", "I3", "", "总计"),
    ],
)
def test_entered_totals_that_do_not_add_up_are_errors(spec21, key, rule, row, column):
    r = balanced(spec21, "gov-2021")
    r.values["reviews.cases.review_upheld"] = 1
    r.values["reviews.cases.direct_pending"] = 2
    r.values["reviews.cases.after_corrected"] = 3
    r.entered_totals = dict(compute(spec21, r.values))
    for k in spec21.input_keys:
        r.entered_totals.pop(k)
    assert check(spec21, r) == []
    r.entered_totals[key] = 99
    findings = check(spec21, r)
    assert (rule, row, column, "99") in [(f.rule, f.row, f.column, f.found) for f in findings]
    assert all(key in f.cells for f in findings), "every finding points at the wrong total"
    assert all(f.is_error for f in findings)


def test_i4_reports_values_from_a_file_that_break_their_kind(spec19):
    r = balanced(spec19, "gov-2019", 2020)
    r.values["rule_docs.regulations.new_made"] = -2
    r.values["procurement.central.amount"] = Decimal("-1.5")
    r.values["licensing.permits.delta"] = -7  # signed: allowed
    findings = [f for f in check(spec19, r) if f.rule == "I4"]
    assert [(f.row, f.column, f.found) for f in findings] == [
        ("规章", "本年新制作数量", "-2"),
        ("政府集中采购", "采购总金额", "-1.5"),
    ]


def test_w1_warns_when_newly_published_exceeds_total(spec19):
    r = balanced(spec19, "gov-2019", 2020)
    r.values["rule_docs.normative.new_public"] = 5
    r.values["rule_docs.normative.total_public"] = 3
    findings = check(spec19, r)
    assert [(f.rule, f.severity, f.row) for f in findings] == [("W1", "warning", "规范性文件")]
    r.values["rule_docs.normative.total_public"] = 5
    assert check(spec19, r) == []


def test_cross_year_rules_need_last_years_report(spec19, spec21):
    last = balanced(spec19, "gov-2019", 2020)
    last.values["applications.forward.natural"] = 2
    this = balanced(spec21, "gov-2021", 2021)
    this.values["applications.carried.natural"] = 1  # last year carried 2 forward
    assert check(spec21, this) == []  # unknown last year: nothing to compare
    findings = check(spec21, this, last, spec19)
    x1 = [f for f in findings if f.rule == "X1"]
    assert [(f.column, f.expected, f.found) for f in x1] == [("自然人", "2", "1")]


def test_x2_items_continue_from_last_year(spec19):
    last = last_year(spec19, "gov-2019", 2019)
    last.values["licensing.permits.prev_count"] = 10
    last.values["licensing.permits.delta"] = -3
    this = balanced(spec19, "gov-2019", 2020)
    this.values["licensing.permits.prev_count"] = 7
    assert [f.rule for f in check(spec19, this, last)] == []
    this.values["licensing.permits.prev_count"] = 10
    assert [(f.rule, f.row, f.expected) for f in check(spec19, this, last)] == [("X2", "行政许可", "7")]


def test_x3_and_w2_warn_on_documents_in_force(spec21):
    last = last_year(spec21, "gov-2021", 2021)
    last.values["rule_docs.normative.in_force"] = 80
    this = balanced(spec21, "gov-2021", 2022)
    this.values.update({"rule_docs.normative.issued": 10, "rule_docs.normative.repealed": 5})
    this.values["rule_docs.normative.in_force"] = 85
    assert check(spec21, this, last) == []
    this.values["rule_docs.normative.in_force"] = 90
    assert [(f.rule, f.severity, f.expected) for f in check(spec21, this, last)] == [("X3", "warning", "85")]
    this.values.update({"rule_docs.normative.repealed": 95, "rule_docs.normative.in_force": 0})
    assert [f.rule for f in check(spec21, this, last)] == ["W2", "X3"]


# ------------------------------------------------------------------ property: right inputs never give an error

counts = st.integers(min_value=0, max_value=50)


@st.composite
def valid_reports(draw, spec):
    r = Report(spec.id, "某局", spec.years[0], f"{spec.years[0] + 1}-01-20", texts=dict(TEXTS))
    t = spec.tables["applications"]
    results = [row.id for row in t.rows if row.labels[0] == "三、本年度办理结果" and not row.derived]
    for col in APPLICANTS:
        for row in results:
            r.values[t.key(row, col)] = draw(counts)
        forward = draw(counts)
        in_hand = sum(r.values[t.key(row, col)] for row in results) + forward
        carried = draw(st.integers(min_value=0, max_value=in_hand))
        r.values[t.key("forward", col)] = forward
        r.values[t.key("carried", col)] = carried
        r.values[t.key("new", col)] = in_hand - carried
    for key in spec.input_keys:
        if key.startswith(("applications.",)):
            continue
        kind = spec.cells[key].kind
        if kind == "money":
            r.values[key] = draw(st.decimals(min_value=0, max_value=10**6, places=4))
        elif kind == "signed":
            r.values[key] = draw(st.integers(min_value=-100, max_value=100))
        else:
            r.values[key] = draw(st.one_of(st.none(), counts))
    if spec.id == "gov-2019":
        for row in ("regulations", "normative"):
            a, b = (
                r.values[f"rule_docs.{row}.new_public"] or 0,
                r.values[f"rule_docs.{row}.total_public"] or 0,
            )
            r.values[f"rule_docs.{row}.total_public"] = max(a, b)
    return r


@pytest.mark.parametrize("form_id", ["gov-2019", "gov-2021"])
@settings(max_examples=60, deadline=None)
@given(data=st.data())
def test_any_report_obeying_the_rules_has_no_finding_and_totals_are_sums(form_id, data):
    from giapp.catalog import get_form

    spec = get_form(form_id)
    r = data.draw(valid_reports(spec))
    assert check(spec, r) == []
    v = compute(spec, r.values)
    t = spec.tables["applications"]
    for row in t.rows:
        assert v[t.key(row.id, "total")] == sum(v[t.key(row.id, c)] or 0 for c in APPLICANTS)
    leaves = [row.id for row in t.rows if row.labels[0] == "三、本年度办理结果" and not row.derived]
    for col in [*APPLICANTS, "total"]:
        assert v[t.key("r_total", col)] == sum(v[t.key(x, col)] or 0 for x in leaves)
    for group in ("review", "direct", "after"):
        parts = [v[f"reviews.cases.{group}_{x}"] or 0 for x in ("upheld", "corrected", "other", "pending")]
        assert v[f"reviews.cases.{group}_total"] == sum(parts)


def test_a_total_left_blank_in_a_file_is_not_reported_as_zero(spec21):
    r = balanced(spec21, "gov-2021")
    r.entered_totals = {"applications.new.total": 5}  # only one total printed, the others left blank
    assert check(spec21, r) == []
    r.entered_totals["applications.new.total"] = 4
    assert [(f.rule, f.found, f.expected) for f in check(spec21, r)] == [("I1", "4", "5")]
