"""Start this year's report from last year's (a draft of the same agency, a report file or a workbook)."""

from __future__ import annotations

import importlib

from giapp.catalog import all_forms, form_for_year, get_form
from giapp.core.carry import CarryError, carry_over_from
from giapp.core.formspec import FormSpec
from giapp.core.report import Report
from giapp.exchange.reportfile import SUFFIX, read_report_file
from giapp.store import StoreError
from giapp.ui.exports import guarded

PREVIOUS_FILTER = f"上年报告 (*{SUFFIX} *.json *.xlsx);;报告文件 (*{SUFFIX} *.json);;Excel 工作簿 (*.xlsx)"


def previous_draft(store, agency: str, year: int):
    """The newest draft of the same agency for the year before, or None."""
    if not agency or not year:
        return None
    try:
        found = store.find(agency, year - 1)
    except (StoreError, OSError):
        return None  # no offer to carry over, never an error: the report starts blank
    return found[0] if found else None


def load_previous(store, report: Report) -> tuple[FormSpec, Report] | None:
    """Last year's draft of the same agency, for the cross-year checks (read once when a draft opens)."""
    info = previous_draft(store, report.agency, report.year)
    if info is None:
        return None
    try:
        previous = store.load(info.id)
    except (StoreError, OSError):
        return None  # a draft that cannot be read only means no cross-year checks, never an error
    forms = all_forms()
    return (forms[previous.form_id], previous) if previous.form_id in forms else None


def with_templates(spec: FormSpec, report: Report) -> Report:
    """Sections nothing was copied into start from the form's template, as a new report does."""
    for s in spec.sections:
        if s.template and not report.texts.get(s.id, "").strip():
            report.texts[s.id] = s.template
    return report


def carry_summary(report: Report) -> str:
    """What was carried, for the status bar."""
    parts = []
    if report.carried:
        parts.append(f"结转了 {len(report.carried)} 个数字（格子右上角有三角标记）")
    if report.texts_carried:
        parts.append(f"复制了 {len(report.texts_carried)} 段文字（请按本年情况修改）")
    return "已从上年报告" + "，".join(parts) + "。" if parts else "上年报告中没有可以结转的内容。"


def _carry(window, prev_spec: FormSpec, previous: Report, spec: FormSpec, report: Report) -> Report | None:
    try:
        return carry_over_from(prev_spec, previous, spec, report)
    except CarryError as e:
        window.messenger.warn("无法从上年报告开始", str(e))
        return None


def new_report_content(window, agency: str, year: int, form_id: str) -> Report:
    """The content of a new report: started from last year's draft of the same agency when there is one
    and the clerk agrees (the default), else blank with the form's templates."""
    spec = get_form(form_id)
    report = Report(form_id, agency, year)
    info = previous_draft(window.store, agency, year)
    if info is not None and window.messenger.ask(
        "从上年报告开始",
        f"已经有“{agency}”{year - 1} 年度的报告“{info.name}”。\n\n"
        f"是否以它为基础新建 {year} 年度的报告？\n"
        "· 二、上年结转 将按上年的“结转下年度继续办理”自动填入；\n"
        "· 上年的文字会复制过来作为底稿，请逐段按本年情况修改。\n\n"
        "（选“否”则从空白报告开始）",
    ):
        previous = window.call_store("无法读取上年报告，将从空白报告开始", window.store.load, info.id)
        if previous is None:
            return with_templates(spec, report)
        carried = _carry(window, get_form(previous.form_id), previous, spec, report)
        if carried is not None:
            window.statusBar().showMessage(carry_summary(carried), 15_000)
            report = carried
    return with_templates(spec, report)


def _read_previous(window, path: str) -> tuple[FormSpec, Report] | None:
    """Last year's report from a report file or a workbook; a file that cannot be read is explained."""
    if not path.lower().endswith(".xlsx"):
        return guarded(window, "无法读取上年报告", path, lambda: read_report_file(path, all_forms()))
    xlsx = importlib.import_module("giapp.exchange.xlsx")
    read = guarded(window, "无法读取上年报告", path, lambda: xlsx.read_workbook(path, all_forms()))
    return None if read is None else read[:2]


def new_from_file(window) -> None:
    """文件 → 从上年报告新建…: pick last year's report file or workbook, start next year's report from it."""
    path = window.messenger.open_file("选择上年的报告", PREVIOUS_FILTER)
    if not path:
        return
    read = _read_previous(window, path)
    if read is None:
        return
    prev_spec, previous = read
    if not previous.year:
        window.messenger.error("无法从上年报告开始", "所选文件中没有写明报告年度，无法确定新报告的年度。")
        return
    agency = previous.agency or window.messenger.get_text("从上年报告新建", "机关名称：")
    if not agency:
        return
    year = previous.year + 1
    if window.offer_existing(agency, year):
        return
    spec = form_for_year(year)
    report = _carry(window, prev_spec, previous, spec, Report(spec.id, agency, year))
    if report is None:
        return
    with_templates(spec, report)
    window.open_new("无法新建报告", spec.id, agency, year, name=f"{agency}{year}年度报告", report=report)
    window.statusBar().showMessage(carry_summary(report), 15_000)
