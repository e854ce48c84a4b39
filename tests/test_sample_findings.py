"""The published 2020 sample report gives exactly the findings listed in the spec."""

from giapp.core.report import Report
from giapp.core.rules import check


def _sample_report(spec19, with_printed_totals: bool) -> Report:
    r = Report("gov-2019", "黑龙江省人民防空办公室", 2020)
    for key in spec19.input_keys:
        r.values[key] = 0
    r.values["licensing.permits.prev_count"] = 2
    r.values["licensing.other_services.delta"] = 4
    r.values["applications.new.natural"] = 3
    r.values["applications.r_partial.natural"] = 3
    r.values["applications.r_withheld_secret.natural"] = 2
    if with_printed_totals:
        r.entered_totals = {key: 0 for key, _ in spec19.derived}
        r.entered_totals["applications.r_partial.total"] = 3
        r.entered_totals["applications.r_withheld_secret.total"] = 2
    return r


def _bundled_sample(spec19, with_printed_totals: bool) -> Report:
    from giapp.examples import example_report

    spec, report = example_report("gov-2019")
    assert spec is spec19
    if not with_printed_totals:
        report.entered_totals = None
    return report


def _summary(findings):
    return [(f.rule, f.row, f.column, f.expected, f.found) for f in findings]


NARRATIVE_5 = ("N1", "三、本年度办理结果（七）总计", "总计", "5", "3")
# not among the spec's five errors, but listed beside them: 六 is missing; the published page has no date
COMPLETENESS = [("C3", "", "", "", ""), ("C5", "", "", "", "")]


def test_checker_reading_printed_totals_reports_errors_one_to_five(spec19):
    got = _summary(check(spec19, _bundled_sample(spec19, True)))
    assert got == [
        ("I1", "一、本年新收政府信息公开申请数量", "总计", "3", "0"),
        ("I2", "（七）总计", "自然人", "5", "0"),
        ("I2", "（七）总计", "总计", "5", "0"),
        ("S1", "", "自然人", "3", "5"),
        NARRATIVE_5,
        *COMPLETENESS,
    ]


def test_recomputing_checker_reports_the_balance_error_and_the_narrative(spec19):
    findings = check(spec19, _bundled_sample(spec19, False))
    assert _summary(findings) == [("S1", "", "自然人", "3", "5"), NARRATIVE_5, *COMPLETENESS]
    assert "不平衡" in findings[0].message
    text = _bundled_sample(spec19, False).texts["overview"]
    n1 = findings[1]
    assert n1.message == (
        "“一、总体情况”中的“共处理依申请公开答复信息3条”与表格不一致："
        "表中“三、本年度办理结果（七）总计”（总计）是 5，文中写的是 3。请改正文字或表格，使两者一致。"
    )
    assert (n1.section, text[n1.start : n1.end]) == ("overview", "3")
    assert n1.cells == ("applications.r_total.total",)
    assert findings[2].message.startswith("缺少“六、其他需要报告的事项”")
    assert findings[3].message == "还没有填写成文日期。请填写报告落款处的日期。"


def test_hand_entered_sample_tables_give_the_table_errors_of_the_bundled_file(spec19):
    bundled = _bundled_sample(spec19, True)
    hand = _sample_report(spec19, True)
    hand.texts = dict(bundled.texts)
    assert check(spec19, hand) == check(spec19, bundled)
    assert "共处理依申请公开答复信息3条" in bundled.texts["overview"]


def test_bundled_2021_example_is_consistent(forms):
    from giapp.examples import example_report

    spec, report = example_report("gov-2021")
    assert check(spec, report) == []
