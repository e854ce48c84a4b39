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


def test_checker_reading_printed_totals_reports_errors_one_to_four(spec19):
    got = [
        (f.rule, f.row, f.column, f.expected, f.found) for f in check(spec19, _sample_report(spec19, True))
    ]
    assert got == [
        ("I1", "一、本年新收政府信息公开申请数量", "总计", "3", "0"),
        ("I2", "（七）总计", "自然人", "5", "0"),
        ("I2", "（七）总计", "总计", "5", "0"),
        ("S1", "", "自然人", "3", "5"),
    ]


def test_recomputing_checker_reports_only_the_balance_error(spec19):
    findings = check(spec19, _sample_report(spec19, False))
    assert [(f.rule, f.column, f.expected, f.found) for f in findings] == [("S1", "自然人", "3", "5")]
    assert "不平衡" in findings[0].message


def test_bundled_sample_file_matches_the_hand_entered_sample(forms, spec19):
    from giapp.examples import example_report

    spec, report = example_report("gov-2019")
    assert spec is spec19
    assert check(spec, report) == check(spec19, _sample_report(spec19, True))
    assert "共处理依申请公开答复信息3条" in report.texts["overview"]


def test_bundled_2021_example_is_consistent(forms):
    from giapp.examples import example_report

    spec, report = example_report("gov-2021")
    assert check(spec, report) == []
