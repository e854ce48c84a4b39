"""The exported workbook looks like the official tables and guards its labels and totals."""

from __future__ import annotations

import io
import json
from datetime import datetime
from decimal import Decimal

import pytest
from openpyxl import load_workbook

from giapp import __version__
from giapp.core.report import Report, compute, fingerprint
from giapp.examples import example_report
from giapp.exchange.xlsx import workbook_bytes
from giapp.exchange.xlsx_layout import build_layout, ref

EXPORTED_AT = datetime(2024, 1, 20, 9, 30, 0)


@pytest.fixture
def book21():
    spec, report = example_report("gov-2021")
    data = workbook_bytes(spec, report, exported_at=EXPORTED_AT)
    return spec, report, data, load_workbook(io.BytesIO(data))


def merged(ws) -> set[str]:
    return {str(r) for r in ws.merged_cells.ranges}


def test_one_sheet_per_section_and_a_hidden_giapp_sheet(book21):
    _, _, _, wb = book21
    assert wb.sheetnames == ["二、主动公开", "三、依申请公开", "四、复议诉讼", "giapp"]
    assert [wb[n].sheet_state for n in wb.sheetnames] == ["visible", "visible", "visible", "hidden"]
    assert wb["三、依申请公开"]["A1"].value == "三、收到和处理政府信息公开申请情况"
    assert wb["四、复议诉讼"]["A1"].value == "四、政府信息公开行政复议、行政诉讼情况"
    assert wb.security.lockStructure


def test_section_three_header_and_label_hierarchy_are_merged_as_printed(book21):
    _, _, _, wb = book21
    ws = wb["三、依申请公开"]
    assert {"A1:J1", "A2:J2", "A3:C5", "D3:J3", "D4:D5", "E4:I4", "J4:J5"} <= merged(ws)
    assert ws["A3"].value == "（本列数据的勾稽关系为：第一项加第二项之和，等于第三项加第四项之和）"
    assert [ws.cell(3, 4).value, ws.cell(4, 4).value, ws.cell(4, 5).value, ws.cell(4, 10).value] == [
        "申请人情况",
        "自然人",
        "法人或其他组织",
        "总计",
    ]
    assert [ws.cell(5, c).value for c in range(5, 10)] == [
        "商业企业",
        "科研机构",
        "社会公益组织",
        "法律服务机构",
        "其他",
    ]
    # rows 6…30: 一, 二, the 22 rows under 三 (21 results and （七）总计), 四
    assert {
        "A6:C6",
        "A7:C7",
        "A8:A29",
        "B8:C8",
        "B9:C9",
        "B10:B17",
        "B18:B20",
        "B21:B25",
        "B26:B28",
    } <= merged(ws)
    assert {"B29:C29", "A30:C30"} <= merged(ws)
    assert ws["A8"].value == "三、本年度办理结果"
    assert ws["B10"].value == "（三）不予公开"
    assert ws["C12"].value == "3.危及“三安全一稳定”"
    assert ws["B26"].value == "（六）其他处理"
    assert ws["C26"].value == "1.申请人无正当理由逾期不补正、行政机关不再处理其政府信息公开申请"
    assert ws["B29"].value == "（七）总计"
    assert ws["A30"].value == "四、结转下年度继续办理"


def test_gov_2019_other_handling_is_one_row_spanning_two_label_columns(spec19):
    spec, report = example_report("gov-2019")
    ws = load_workbook(io.BytesIO(workbook_bytes(spec, report)))["三、依申请公开"]
    assert ws["B26"].value == "（六）其他处理"
    assert "B26:C26" in merged(ws)
    assert ws["B27"].value == "（七）总计"
    assert "A8:A27" in merged(ws)


def test_section_two_stacks_blocks_with_full_width_headings_and_spanned_columns(book21):
    _, _, _, wb = book21
    ws = wb["二、主动公开"]
    col_a = [ws.cell(r, 1).value for r in range(3, 17)]
    assert col_a == [
        "第二十条第（一）项",
        "信息内容",
        "规章",
        "行政规范性文件",
        "第二十条第（五）项",
        "信息内容",
        "行政许可",
        "第二十条第（六）项",
        "信息内容",
        "行政处罚",
        "行政强制",
        "第二十条第（八）项",
        "信息内容",
        "行政事业性收费",
    ]
    assert [ws.cell(4, c).value for c in (2, 3, 4)] == ["本年制发件数", "本年废止件数", "现行有效件数"]
    assert ws["B15"].value == "本年收费金额（单位：万元）"
    assert {"A3:D3", "A7:D7", "B8:D8", "B9:D9", "B15:D15", "B16:D16"} <= merged(ws)
    assert ws["B16"].value == 4068.208
    assert ws["B16"].number_format == "0.00##"


def test_money_header_names_the_unit_the_report_chose(spec19):
    report = Report("gov-2019", "某局", 2020, units={"procurement.amount": "元"})
    report.values["procurement.central.amount"] = Decimal("12.5")
    ws = load_workbook(io.BytesIO(workbook_bytes(spec19, report)))["二、主动公开"]
    headers = [c.value for row in ws.iter_rows() for c in row if c.value and "采购总金额" in str(c.value)]
    assert headers == ["采购总金额（单位：元）"]


def test_section_four_header_as_printed(book21):
    _, _, _, wb = book21
    ws = wb["四、复议诉讼"]
    assert {"A3:E3", "F3:O3", "A4:A5", "E4:E5", "F4:J4", "K4:O4"} <= merged(ws)
    assert [ws["A3"].value, ws["F3"].value, ws["F4"].value, ws["K4"].value] == [
        "行政复议",
        "行政诉讼",
        "未经复议直接起诉",
        "复议后起诉",
    ]
    assert [ws.cell(5, c).value for c in range(6, 11)] == [
        "结果维持",
        "结果纠正",
        "其他结果",
        "尚未审结",
        "总计",
    ]


def test_inputs_unlocked_labels_and_totals_locked_sheets_protected(book21):
    _, _, _, wb = book21
    ws = wb["三、依申请公开"]
    assert ws.protection.sheet
    assert not ws["D6"].protection.locked  # 一、本年新收 / 自然人
    assert not ws["I28"].protection.locked
    assert ws["J6"].protection.locked  # 总计
    assert ws["D29"].protection.locked  # （七）总计
    assert ws["A6"].protection.locked and ws["D3"].protection.locked
    assert wb["四、复议诉讼"]["E6"].protection.locked
    assert not wb["四、复议诉讼"]["A6"].protection.locked


def test_totals_are_live_sums_with_cached_values(book21):
    spec, report, data, wb = book21
    ws = wb["三、依申请公开"]
    assert ws["J6"].value == "=SUM(D6:I6)"
    assert ws["D29"].value == "=SUM(D8:D28)"
    assert ws["J29"].value == "=SUM(D29:I29)"
    assert wb["四、复议诉讼"]["O6"].value == "=SUM(K6:N6)"
    shown = load_workbook(io.BytesIO(data), data_only=True)
    values = compute(spec, report.values)
    assert shown["三、依申请公开"]["J6"].value == values["applications.new.total"] == 48
    assert shown["三、依申请公开"]["D29"].value == values["applications.r_total.natural"]
    assert shown["三、依申请公开"]["J29"].value == values["applications.r_total.total"]
    assert shown["四、复议诉讼"]["E6"].value == values["reviews.cases.review_total"]
    assert wb.calculation.fullCalcOnLoad


def test_inputs_carry_data_validation_by_kind(spec19):
    spec, report = example_report("gov-2019")
    wb = load_workbook(io.BytesIO(workbook_bytes(spec, report)))

    def rule_for(ws, coordinate):
        found = [dv for dv in ws.data_validations.dataValidation if coordinate in dv.sqref]
        assert len(found) == 1, coordinate
        dv = found[0]
        return dv.type, dv.operator, dv.formula1, dv.formula2, dv.showErrorMessage

    three, two = wb["三、依申请公开"], wb["二、主动公开"]
    assert rule_for(three, "D6") == ("whole", "between", "0", "999999999", True)
    assert not [dv for dv in three.data_validations.dataValidation if "J6" in dv.sqref]
    layout = build_layout(spec)

    def at(key):
        _, r, c = layout.place[key]
        return ref(r, c)

    delta, amount = at("licensing.permits.delta"), at("procurement.central.amount")
    assert two[delta].protection.locked is False
    assert rule_for(two, delta)[:4] == ("whole", "between", "-999999999", "999999999")
    assert rule_for(two, amount)[:4] == ("decimal", "between", "0", "999999999")
    assert two[amount].number_format == "0.00##"


def test_print_setup_and_frozen_panes(book21):
    _, _, _, wb = book21
    ws = wb["三、依申请公开"]
    assert int(ws.page_setup.paperSize) == 9  # A4
    assert ws.sheet_properties.pageSetUpPr.fitToPage and ws.page_setup.fitToWidth == 1
    assert ws.print_title_rows == "$3:$5"
    assert ws.oddFooter.center.text == "第 &P 页 共 &N 页"
    assert ws.freeze_panes == "D6"
    assert wb["四、复议诉讼"].freeze_panes == "A6"
    assert wb["四、复议诉讼"].page_setup.orientation == "landscape"
    assert wb["二、主动公开"].freeze_panes == "B3"


def test_hidden_sheet_carries_metadata_and_texts(book21):
    spec, report, _, wb = book21
    meta = {}
    for key, value, _ in wb["giapp"].iter_rows(values_only=True):
        meta[key] = meta.get(key, "") + value
    meta = {k: json.loads(v) for k, v in meta.items()}
    assert meta["form"] == "gov-2021"
    assert meta["agency"] == report.agency == "示例县人民政府办公室"
    assert meta["year"] == 2023
    assert meta["exported_at"] == "2024-01-20T09:30:00"
    assert meta["app_version"] == __version__
    assert meta["fingerprint"] == fingerprint(spec, report)
    assert meta["text.overview"] == report.texts["overview"]
    info = wb["三、依申请公开"]["A2"].value
    assert "示例县人民政府办公室" in info and fingerprint(spec, report) in info


def test_blank_input_stays_blank_and_zero_stays_zero(spec21):
    report = Report("gov-2021", "某局", 2021)
    report.values["applications.new.natural"] = 0
    ws = load_workbook(io.BytesIO(workbook_bytes(spec21, report)))["三、依申请公开"]
    assert ws["D6"].value == 0
    assert ws["E6"].value is None
