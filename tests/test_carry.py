"""Starting a report from last year's: what carries, what does not, and the cross-year checks that follow."""

from decimal import Decimal

import pytest

from giapp.core.carry import CarryError, carry_over_from
from giapp.core.report import Report, report_from_dict, report_to_dict
from giapp.core.rules import check

COLUMNS = ("natural", "commercial", "research", "nonprofit", "legal", "other")
FORWARD_2020 = dict(zip(COLUMNS, (4, 1, 0, 2, 0, 1), strict=True))


def _report_2020(spec19) -> Report:
    """A consistent gov-2019 report for 2020 with something carried forward into 2021."""
    r = Report("gov-2019", "某市交通运输局", 2020, "2021-01-25")
    for key in spec19.input_keys:
        r.values[key] = 0
    for col, n in FORWARD_2020.items():
        r.values[f"applications.new.{col}"] = n + 2
        r.values[f"applications.r_public.{col}"] = 2
        r.values[f"applications.forward.{col}"] = n
    r.values["rule_docs.normative.total_public"] = 57  # must never become 2021's 现行有效件数
    r.values["licensing.permits.prev_count"] = 30
    r.values["licensing.permits.delta"] = -4
    r.values["enforcement.penalty.prev_count"] = 12
    r.values["enforcement.penalty.delta"] = 3
    r.values["fees.fees.prev_count"] = 5
    r.values["procurement.central.amount"] = Decimal("12.5")
    r.units["procurement.amount"] = "元"
    r.texts = {
        "preamble": "按照（国办公开办函〔2019〕60号）要求，现发布本机关2020年度报告。",
        "overview": "2020年，共收到政府信息公开申请20件。",
        "problems": "一是公开不够及时。",
        "other": "无其他需要报告的事项。",
    }
    return r


def test_carry_from_2020_gov_2019_into_2021_gov_2021(spec19, spec21):
    prev = _report_2020(spec19)
    assert check(spec19, prev) == []
    new = carry_over_from(spec19, prev, spec21, Report("gov-2021", "", 2021))
    carried = {f"applications.carried.{c}": n for c, n in FORWARD_2020.items()}
    assert new.carried == carried
    assert {k: new.values[k] for k in carried} == carried
    # only 上年结转 carries across the format change: no 现行有效件数 from 对外公开总数量, nothing else
    assert set(new.values) == set(carried)
    assert "rule_docs.normative.in_force" not in new.values
    assert new.agency == "某市交通运输局" and new.year == 2021
    assert new.carried_from == "某市交通运输局2020年政府信息公开工作年度报告"
    # texts copied for review, but not a preamble citing the old format's notice
    assert new.texts == {k: prev.texts[k] for k in ("overview", "problems", "other")}
    assert new.texts_carried == new.texts
    assert new.units == {}  # gov-2021 has no 采购总金额


def test_carry_from_2021_into_2022_keeps_in_force_for_the_clerk(spec21):
    from giapp.examples import example_report

    _, prev = example_report("gov-2021")
    prev.year = 2021
    new = carry_over_from(spec21, prev, spec21, Report("gov-2021", "示例县人民政府办公室", 2022))
    assert new.carried == {
        f"applications.carried.{c}": prev.values[f"applications.forward.{c}"] for c in COLUMNS
    }
    assert (new.carried["applications.carried.natural"], new.carried["applications.carried.legal"]) == (2, 1)
    assert "rule_docs.normative.in_force" not in new.values
    # X3 is checked against last year once the clerk fills 现行有效件数 (85 + 6 − 1 = 90 expected)
    new.values.update(
        {
            "rule_docs.normative.issued": 6,
            "rule_docs.normative.repealed": 1,
            "rule_docs.normative.in_force": 88,
        }
    )
    x3 = [f for f in check(spec21, new, prev, spec21) if f.rule == "X3"]
    assert [(f.row, f.expected, f.found, f.severity) for f in x3] == [
        ("行政规范性文件", "90", "88", "warning")
    ]
    new.values["rule_docs.normative.in_force"] = 90
    assert not [f for f in check(spec21, new, prev, spec21) if f.rule == "X3"]


def test_gov_2019_project_counts_carry_as_last_count_plus_change(spec19):
    prev = _report_2020(spec19)
    prev.year = 2019
    new = carry_over_from(spec19, prev, spec19, Report("gov-2019", "", 2020))
    assert new.values["licensing.permits.prev_count"] == 26
    assert new.values["enforcement.penalty.prev_count"] == 15
    assert new.values["fees.fees.prev_count"] == 5
    assert new.values["licensing.other_services.prev_count"] == 0
    assert "licensing.permits.delta" not in new.values
    assert new.units == {"procurement.amount": "元"}
    assert new.texts["preamble"] == prev.texts["preamble"]  # same format: same notice, kept
    assert not [f for f in check(spec19, new, prev, spec19) if f.rule in ("X1", "X2")]


def test_blank_cells_last_year_carry_nothing(spec19, spec21):
    prev = Report("gov-2019", "某局", 2020)
    prev.values["applications.forward.natural"] = 3
    new = carry_over_from(spec19, prev, spec21, Report("gov-2021", "", 2021))
    assert new.carried == {"applications.carried.natural": 3}


def test_a_report_of_another_year_is_refused(spec21):
    prev = Report("gov-2021", "某局", 2021)
    with pytest.raises(CarryError, match="请选择2022年度的报告"):
        carry_over_from(spec21, prev, spec21, Report("gov-2021", "", 2023))


def test_texts_the_clerk_already_wrote_are_kept(spec21):
    prev = Report("gov-2021", "某局", 2021, texts={"overview": "去年的文字"})
    mine = Report("gov-2021", "某局", 2022, texts={"overview": "今年的文字"})
    assert carry_over_from(spec21, prev, spec21, mine).texts == {"overview": "今年的文字"}


def test_carried_value_edited_away_is_an_x1_finding_without_last_years_report(spec19, spec21):
    new = carry_over_from(spec19, _report_2020(spec19), spec21, Report("gov-2021", "某局", 2021))
    new.values["applications.carried.natural"] = 7
    x1 = [f for f in check(spec21, new) if f.rule == "X1"]
    assert [(f.column, f.expected, f.found, f.is_error) for f in x1] == [("自然人", "4", "7", True)]
    assert "上一年度报告的“结转下年度继续办理” 4" in x1[0].message
    assert x1[0].cells == ("applications.carried.natural",)
    new.values["applications.carried.natural"] = 4
    assert not [f for f in check(spec21, new) if f.rule == "X1"]


def test_carried_value_edited_away_is_reported_once_with_last_years_report(spec19, spec21):
    prev = _report_2020(spec19)
    new = carry_over_from(spec19, prev, spec21, Report("gov-2021", "某局", 2021))
    new.values["applications.carried.other"] = 0
    x1 = [(f.column, f.expected, f.found) for f in check(spec21, new, prev, spec19) if f.rule == "X1"]
    assert x1 == [("其他", "1", "0")]


def test_x1_holds_against_last_year_even_without_carrying(spec19, spec21):
    prev = _report_2020(spec19)
    typed = Report("gov-2021", "某局", 2021)
    typed.values["applications.carried.natural"] = 4
    x1 = [(f.column, f.expected, f.found) for f in check(spec21, typed, prev, spec19) if f.rule == "X1"]
    assert x1 == [("商业企业", "1", "0"), ("社会公益组织", "2", "0"), ("其他", "1", "0")]


def test_edited_project_count_is_an_x2_finding_without_last_years_report(spec19):
    prev = _report_2020(spec19)
    prev.year = 2019
    new = carry_over_from(spec19, prev, spec19, Report("gov-2019", "某局", 2020))
    new.values["licensing.permits.prev_count"] = 30
    x2 = [(f.rule, f.row, f.expected, f.found) for f in check(spec19, new)]
    assert ("X2", "行政许可", "26", "30") in x2


def test_copied_texts_are_marked_until_edited(spec19, spec21):
    new = carry_over_from(
        spec19, _report_2020(spec19), spec21, Report("gov-2021", "某局", 2021, "2022-01-20")
    )
    c6 = [f.section for f in check(spec21, new) if f.rule == "C6"]
    assert c6 == ["overview", "problems", "other"]
    new.texts["overview"] = "2021年，共收到政府信息公开申请30件。"
    assert [f.section for f in check(spec21, new) if f.rule == "C6"] == ["problems", "other"]


def test_carried_values_and_copied_texts_survive_the_report_file(forms, spec19, spec21):
    new = carry_over_from(spec19, _report_2020(spec19), spec21, Report("gov-2021", "某局", 2021))
    spec, back = report_from_dict(report_to_dict(spec21, new), forms)
    assert spec is spec21
    assert (back.carried, back.carried_from, back.texts_carried) == (
        new.carried,
        new.carried_from,
        new.texts_carried,
    )
    assert check(spec21, back) == check(spec21, new)


def test_carried_cells_say_where_they_come_from(spec19, spec21):
    from giapp.core.carry import carried_tooltip

    new = carry_over_from(spec19, _report_2020(spec19), spec21, Report("gov-2021", "某局", 2021))
    key = "applications.carried.natural"
    assert carried_tooltip(new, key) == "此数由某市交通运输局2020年政府信息公开工作年度报告结转而来：4。"
    new.values[key] = 5
    assert carried_tooltip(new, key).endswith("现已改为 5，与上年报告不一致。")
    assert carried_tooltip(new, "applications.new.natural") is None


def test_a_report_file_with_copied_texts_of_an_unknown_section_is_refused(forms, spec21):
    from giapp.core.report import ReportDataError

    data = report_to_dict(spec21, Report("gov-2021", "某局", 2022))
    data["texts_carried"] = {"nowhere": "去年的文字"}
    with pytest.raises(ReportDataError, match="本表式没有的文字部分：nowhere"):
        report_from_dict(data, forms)
    data["texts_carried"] = {"overview": 3}
    with pytest.raises(ReportDataError, match="格式不对"):
        report_from_dict(data, forms)
