"""Figures in the 总体情况 text against the tables: the sentence set, the message, the figure to insert."""

import functools

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st
from narrative_cases import CASES, HANDLED, NEW

from giapp.core.narrative import chinese_to_int, int_to_chinese, mentions, sentence_span
from giapp.core.narrative_check import figure_for, narrative_findings, suggest_at
from giapp.core.rules import check


@pytest.fixture
def example(spec21):
    from giapp.examples import example_report

    return example_report("gov-2021")[1]


def _n1(spec, report, text):
    r = report.copy()
    r.texts["overview"] = text
    return [f for f in check(spec, r) if f.rule == "N1"]


def test_the_sentence_set_is_large_enough():
    assert len(CASES) >= 30
    assert sum(1 for _, expected in CASES if not expected) >= 15


@pytest.mark.parametrize(("text", "expected"), CASES, ids=[t.replace("\n", " ")[:24] for t, _ in CASES])
def test_each_sentence_gives_exactly_the_expected_findings(spec21, example, text, expected):
    got = [(f.cells[0], f.expected, f.found) for f in _n1(spec21, example, text)]
    assert got == expected


def test_a_finding_points_at_the_figure_and_names_the_cell(spec21, example):
    text = "（二）依申请公开情况\n2023年共收到政府信息公开申请50件，办结49件。"
    (f,) = _n1(spec21, example, text)
    assert (f.severity, f.section, text[f.start : f.end]) == ("warning", "overview", "50")
    assert f.cells == (NEW,) and (f.row, f.column) == ("一、本年新收政府信息公开申请数量", "总计")
    assert f.message == (
        "“一、总体情况”中的“2023年共收到政府信息公开申请50件”与表格不一致："
        "表中“一、本年新收政府信息公开申请数量”（总计）是 48，文中写的是 50。请改正文字或表格，使两者一致。"
    )
    assert text[slice(*sentence_span(text, f.start))] == "2023年共收到政府信息公开申请50件，办结49件"
    assert f.as_dict()["start"] == f.start


def test_editing_a_cell_to_match_the_text_clears_the_finding(spec21, example):
    r = example.copy()
    r.texts["overview"] = "2023年共收到政府信息公开申请50件。"
    assert [f.rule for f in narrative_findings(spec21, r)] == ["N1"]
    r.values["applications.new.other"] = 2
    assert narrative_findings(spec21, r) == []


def test_blank_tables_are_not_contradicted(spec21):
    from giapp.core.report import Report

    r = Report("gov-2021", "某局", 2023, texts={"overview": "2023年共收到政府信息公开申请50件。"})
    assert narrative_findings(spec21, r) == []


def test_gov_2019_has_no_in_force_column_so_the_figure_is_left_alone(spec19):
    from giapp.core.report import Report

    r = Report("gov-2019", "某局", 2020, texts={"overview": "现行有效规范性文件80件，制发规范性文件3件。"})
    r.values["rule_docs.normative.total_public"] = 57
    r.values["rule_docs.normative.new_made"] = 2
    got = [(f.cells[0], f.expected, f.found) for f in narrative_findings(spec19, r)]
    assert got == [("rule_docs.normative.new_made", "2", "3")]


@pytest.mark.parametrize(
    ("written", "value"),
    [
        ("3", 3),
        ("三", 3),
        ("两", 2),
        ("十", 10),
        ("十二", 12),
        ("二十", 20),
        ("一百零五", 105),
        ("1,234", 1234),
    ],
)
def test_numerals_are_read_as_written(written, value):
    assert chinese_to_int(written) == value


def test_numerals_that_are_not_counts_are_not_read():
    assert chinese_to_int("零") is None and chinese_to_int("二〇") is None
    assert [int_to_chinese(n) for n in (3, 10, 12, 20, 105, 749)] == [
        "三",
        "十",
        "十二",
        "二十",
        "一百零五",
        "七百四十九",
    ]


def test_parsing_is_cached_per_text():
    text = "2023年共收到政府信息公开申请48件。"
    assert mentions(text) is mentions(text)


def test_suggest_the_figure_the_words_before_the_cursor_ask_for(spec21, example):
    text = "2023年共收到政府信息公开申请"
    s = suggest_at(spec21, example, text, len(text))
    assert (s.text, s.start, s.end, s.cells) == ("48件", len(text), len(text), (NEW,))
    before_unit = "全年办结政府信息公开申请件。"
    s = suggest_at(spec21, example, before_unit, before_unit.index("件"))
    assert s.text == "49"


def test_suggest_replaces_a_wrong_figure_in_the_same_numerals(spec21, example):
    text = "（二）依申请公开情况\n共处理依申请公开答复信息三条。"
    s = suggest_at(spec21, example, text, text.index("三条"))
    assert (s.text, text[s.start : s.end], s.value, s.cells) == ("四十九", "三", 49, (HANDLED,))


def test_no_suggestion_where_the_words_name_nothing_of_the_tables(spec21, example):
    text = "全年主动公开政府信息"
    assert suggest_at(spec21, example, text, len(text)) is None


def test_figure_by_name(spec21, example):
    assert figure_for(spec21, example, "handled").value == 49
    assert figure_for(spec21, example, "new", "legal_group").text == "8"
    assert figure_for(spec21, example, "litigation").value == 3
    assert figure_for(spec21, example, "r_unable").value == 11
    assert figure_for(spec21, example, "in_force").value == 85
    assert figure_for(spec21, example, "issued", "regulations").value == 0


def test_suggest_just_after_a_figure_replaces_it(spec21, example):
    text = "2023年共收到政府信息公开申请50件"
    s = suggest_at(spec21, example, text, len(text))
    assert (s.text, text[s.start : s.end]) == ("48", "50")


@functools.cache
def _example_once():
    from giapp.examples import example_report

    return example_report("gov-2021")


_ALPHABET = "0123456789０１２３零〇一二两三四五六七八九十百千万件条个，。；\n（二）申请收到办结结转下年度上年行政复议诉讼自然人法人或其他组织规范性文件制发废止现行有效约"


@settings(max_examples=300, deadline=None)
@given(st.text(alphabet=_ALPHABET, max_size=80))
def test_any_text_is_read_without_failing(text):
    spec21, r = _example_once()
    r = r.copy()
    r.texts["overview"] = text
    for f in narrative_findings(spec21, r):
        assert 0 <= f.start < f.end <= len(text)
        assert f.expected != f.found
    for cursor in (0, len(text) // 2, len(text)):
        suggest_at(spec21, r, text, cursor)


def test_a_lone_ten_thousand_is_not_a_count():
    assert chinese_to_int("万") is None


def test_overlong_numbers_are_not_counts():
    assert chinese_to_int("1" * 5000) is None
    assert mentions("收到政府信息公开申请" + "9" * 5000 + "件。") == ()
