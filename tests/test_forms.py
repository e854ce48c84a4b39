"""Both form definitions print every label and header exactly as the official formats do."""

import pytest

from giapp.core.formload import load_form
from giapp.core.formspec import FormError

RESULT = "三、本年度办理结果"
WITHHELD = [
    "1.属于国家秘密",
    "2.其他法律行政法规禁止公开",
    "3.危及“三安全一稳定”",
    "4.保护第三方合法权益",
    "5.属于三类内部事务信息",
    "6.属于四类过程性信息",
    "7.属于行政执法案卷",
    "8.属于行政查询事项",
]
UNABLE = ["1.本机关不掌握相关政府信息", "2.没有现成信息需要另行制作", "3.补正后申请内容仍不明确"]
DECLINED = [
    "1.信访举报投诉类申请",
    "2.重复申请",
    "3.要求提供公开出版物",
    "4.无正当理由大量反复申请",
    "5.要求行政机关确认或重新出具已获取信息",
]
OTHER_2021 = [
    "1.申请人无正当理由逾期不补正、行政机关不再处理其政府信息公开申请",
    "2.申请人逾期未按收费通知要求缴纳费用、行政机关不再处理其政府信息公开申请",
    "3.其他",
]


def _result_rows(other_rows):
    rows = [
        ("一、本年新收政府信息公开申请数量",),
        ("二、上年结转政府信息公开申请数量",),
        (RESULT, "（一）予以公开"),
        (RESULT, "（二）部分公开（区分处理的，只计这一情形，不计其他情形）"),
    ]
    rows += [(RESULT, "（三）不予公开", x) for x in WITHHELD]
    rows += [(RESULT, "（四）无法提供", x) for x in UNABLE]
    rows += [(RESULT, "（五）不予处理", x) for x in DECLINED]
    rows += other_rows
    rows += [(RESULT, "（七）总计"), ("四、结转下年度继续办理",)]
    return rows


HEADINGS = [
    "一、总体情况",
    "二、主动公开政府信息情况",
    "三、收到和处理政府信息公开申请情况",
    "四、政府信息公开行政复议、行政诉讼情况",
    "五、存在的主要问题及改进情况",
    "六、其他需要报告的事项",
]

BLOCKS = {
    "gov-2019": [
        (
            "第二十条第（一）项",
            ["本年新制作数量", "本年新公开数量", "对外公开总数量"],
            ["规章", "规范性文件"],
        ),
        (
            "第二十条第（五）项",
            ["上一年项目数量", "本年增/减", "处理决定数量"],
            ["行政许可", "其他对外管理服务事项"],
        ),
        ("第二十条第（六）项", ["上一年项目数量", "本年增/减", "处理决定数量"], ["行政处罚", "行政强制"]),
        ("第二十条第（八）项", ["上一年项目数量", "本年增/减"], ["行政事业性收费"]),
        ("第二十条第（九）项", ["采购项目数量", "采购总金额"], ["政府集中采购"]),
    ],
    "gov-2021": [
        ("第二十条第（一）项", ["本年制发件数", "本年废止件数", "现行有效件数"], ["规章", "行政规范性文件"]),
        ("第二十条第（五）项", ["本年处理决定数量"], ["行政许可"]),
        ("第二十条第（六）项", ["本年处理决定数量"], ["行政处罚", "行政强制"]),
        ("第二十条第（八）项", ["本年收费金额（单位：万元）"], ["行政事业性收费"]),
    ],
}


@pytest.mark.parametrize("form_id", ["gov-2019", "gov-2021"])
def test_section_headings_in_print_order(forms, form_id):
    spec = forms[form_id]
    assert [s.heading for s in spec.sections if s.heading] == HEADINGS
    assert spec.sections[0].id == "preamble"


@pytest.mark.parametrize("form_id", ["gov-2019", "gov-2021"])
def test_section_two_blocks_are_exact(forms, form_id):
    spec = forms[form_id]
    tables = [spec.tables[t] for t in spec.section("proactive").tables]
    got = [(t.heading, [c.label for c in t.columns], [r.label for r in t.rows]) for t in tables]
    assert got == BLOCKS[form_id]
    for t in tables:
        assert t.grid_width == 4, "section 二 prints as one table of 4 grid columns"
        assert t.header[0].text == "信息内容"


def test_section_two_cell_kinds(spec19, spec21):
    assert spec19.cells["licensing.permits.delta"].kind == "signed"
    assert spec19.cells["fees.fees.delta"].kind == "signed"
    assert spec19.cells["procurement.central.amount"].kind == "money"
    assert spec19.tables["procurement"].column("amount").unit == "万元"
    assert spec21.cells["fees.fees.amount"].kind == "money"
    assert all(spec21.cells[k].kind in ("count", "money") for k in spec21.input_keys)


@pytest.mark.parametrize(
    ("form_id", "other_rows", "leaves"),
    [
        ("gov-2019", [(RESULT, "（六）其他处理")], 19),
        ("gov-2021", [(RESULT, "（六）其他处理", x) for x in OTHER_2021], 21),
    ],
)
def test_applications_table_rows_and_leaf_count(forms, form_id, other_rows, leaves):
    t = forms[form_id].tables["applications"]
    assert [r.labels for r in t.rows] == _result_rows(other_rows)
    inputs_under_results = [r for r in t.rows if r.labels[0] == RESULT and not r.derived]
    assert len(inputs_under_results) == leaves
    assert [r.id for r in t.rows if r.derived] == ["r_total"]


@pytest.mark.parametrize("form_id", ["gov-2019", "gov-2021"])
def test_applications_header_with_note_and_merges(forms, form_id):
    t = forms[form_id].tables["applications"]
    assert [c.label for c in t.columns] == [
        "自然人", "商业企业", "科研机构", "社会公益组织", "法律服务机构", "其他", "总计",
    ]  # fmt: skip
    cells = {(h.row, h.col): (h.text, h.rowspan, h.colspan) for h in t.header}
    assert cells[(0, 0)] == ("（本列数据的勾稽关系为：第一项加第二项之和，等于第三项加第四项之和）", 3, 3)
    assert cells[(0, 3)] == ("申请人情况", 1, 7)
    assert cells[(1, 3)] == ("自然人", 2, 1)
    assert cells[(1, 4)] == ("法人或其他组织", 1, 5)
    assert cells[(1, 9)] == ("总计", 2, 1)
    assert [cells[(2, c)][0] for c in range(4, 9)] == [
        "商业企业",
        "科研机构",
        "社会公益组织",
        "法律服务机构",
        "其他",
    ]
    assert t.header_rows == 3 and t.grid_width == 10
    assert t.column("total").kind == "derived"


@pytest.mark.parametrize("form_id", ["gov-2019", "gov-2021"])
def test_reviews_header_fifteen_columns(forms, form_id):
    t = forms[form_id].tables["reviews"]
    four = ["结果维持", "结果纠正", "其他结果", "尚未审结", "总计"]
    assert [c.label for c in t.columns] == four * 3
    cells = {(h.row, h.col): (h.text, h.rowspan, h.colspan) for h in t.header}
    assert cells[(0, 0)] == ("行政复议", 1, 5)
    assert cells[(0, 5)] == ("行政诉讼", 1, 10)
    assert cells[(1, 5)] == ("未经复议直接起诉", 1, 5)
    assert cells[(1, 10)] == ("复议后起诉", 1, 5)
    assert [cells[(1, c)] for c in range(5)] == [(x, 2, 1) for x in four]
    assert [cells[(2, c)][0] for c in range(5, 15)] == four * 2
    assert [c.id for c in t.columns if c.kind == "derived"] == ["review_total", "direct_total", "after_total"]


def test_sample_report_labels_all_appear_in_the_2019_form(spec19):
    """Every label line of the published sample's tables is a label of gov-2019, character for character."""
    labels = set()
    for t in spec19.tables.values():
        labels |= {h.text for h in t.header} | {c.label for c in t.columns} | {t.heading}
        labels |= {x for r in t.rows for x in r.labels}
    sample_lines = """第二十条第（一）项 信息内容 本年新制作数量 本年新公开数量 对外公开总数量 规章 规范性文件
        第二十条第（五）项 上一年项目数量 本年增/减 处理决定数量 行政许可 其他对外管理服务事项 第二十条第（六）项
        行政处罚 行政强制 第二十条第（八）项 行政事业性收费 第二十条第（九）项 采购项目数量 采购总金额 政府集中采购
        申请人情况 自然人 法人或其他组织 总计 商业企业 科研机构 社会公益组织 法律服务机构 其他
        行政复议 行政诉讼 结果维持 结果纠正 其他结果 尚未审结 未经复议直接起诉 复议后起诉""".split()
    assert set(sample_lines) <= labels


@pytest.mark.parametrize("form_id", ["gov-2019", "gov-2021"])
def test_every_rule_of_the_spec_has_a_stable_id(forms, form_id):
    ids = set(forms[form_id].rule_ids)
    assert {"S1", "I1", "I2", "I3", "I4", "X1"} <= ids
    assert ({"W1", "X2"} if form_id == "gov-2019" else {"W2", "X3"}) <= ids


def test_form_for_year_picks_the_format_in_force():
    from giapp.catalog import form_for_year

    assert form_for_year(2020).id == "gov-2019"
    assert form_for_year(2019).id == "gov-2019"
    assert form_for_year(2021).id == "gov-2021"
    assert form_for_year(2026).id == "gov-2021"


# ------------------------------------------------------------------ the loader refuses a bad form file

GOOD = (__import__("pathlib").Path(__file__).resolve().parents[1] / "forms" / "gov-2021.toml").read_text(
    "utf-8"
)


@pytest.mark.parametrize(
    ("change", "message_part"),
    [
        (lambda s: s.replace("schema = 1", "schema = 9"), "schema"),
        (lambda s: s.replace('id = "gov-2021"', 'idx = "gov-2021"', 1), "缺少“id”"),
        (
            lambda s: s.replace(
                '{ id = "issued", label = "本年制发件数", kind = "count" }',
                '{ id = "issued", label = "本年制发件数", kind = "number" }',
            ),
            "kind",
        ),
        (
            lambda s: s.replace('tables = ["applications"]', 'tables = ["applicationz"]'),
            "不存在的表 applicationz",
        ),
        (
            lambda s: s.replace(
                '{ row = 0, col = 3, colspan = 7, text = "申请人情况" }',
                '{ row = 0, col = 3, colspan = 6, text = "申请人情况" }',
            ),
            "没有铺满",
        ),
        (
            lambda s: s.replace(
                '{ row = 1, col = 3, rowspan = 2, text = "自然人" }',
                '{ row = 1, col = 3, rowspan = 2, colspan = 2, text = "自然人" }',
            ),
            "重叠",
        ),
        (lambda s: s.replace('target = "r_total"', 'target = "r_totl"'), "没有行 r_totl"),
        (
            lambda s: s.replace('right = ["new", "carried"]', 'right = ["new", "carried", "nope"]'),
            "没有行 nope",
        ),
        (lambda s: s.replace('severity = "warning"', 'severity = "hint"', 1), "severity"),
        (lambda s: s.replace('op = "<="', 'op = ">"', 1), "op"),
        (
            lambda s: s.replace(
                '[[rules]]\nid = "I3"',
                '[[rules]]\nid = "I3x"\nkind="sum"\nseverity="error"\n'
                'table="reviews"\neach="row"\ntarget="review_total"\nof=["review_total"]\nmessage="x"\n'
                '\n[[rules]]\nid = "I3"',
                1,
            ),
            "循环",
        ),
        (lambda s: s + "\n[[oops", "语法"),
    ],
)
def test_loader_rejects_a_bad_form_naming_file_and_place(tmp_path, change, message_part):
    bad = change(GOOD)
    assert bad != GOOD
    path = tmp_path / "broken-form.toml"
    path.write_text(bad, encoding="utf-8")
    with pytest.raises(FormError) as e:
        load_form(path)
    assert "broken-form.toml" in str(e.value)
    assert message_part in str(e.value)


def test_a_derived_cell_without_a_sum_rule_is_refused(tmp_path):
    bad = GOOD.replace('[[rules]]\nid = "I1"', '[[rules]]\nid = "I1-disabled"', 1)
    start = bad.index('[[rules]]\nid = "I1-disabled"')
    end = bad.index("[[rules]]", start + 5)
    path = tmp_path / "f.toml"
    path.write_text(bad[:start] + bad[end:], encoding="utf-8")
    with pytest.raises(FormError, match="没有求和规则"):
        load_form(path)


def test_a_new_format_is_a_new_file_not_new_code(tmp_path):
    """Next year's format: copy a file, change labels and years; it loads and checks with no code change."""
    text = GOOD.replace('id = "gov-2021"', 'id = "gov-2031"').replace(
        "years = [2021, 2099]", "years = [2031, 2099]"
    )
    text = text.replace("本年制发件数", "本年新制发件数")
    path = tmp_path / "gov-2031.toml"
    path.write_text(text, encoding="utf-8")
    spec = load_form(path)
    assert spec.id == "gov-2031"
    assert spec.tables["rule_docs"].columns[0].label == "本年新制发件数"
