"""`giapp aggregate`: add up many agencies' workbooks or report files into one summary, headless.

Exit codes: 0 every file was summed and none has errors; 1 the summary was written but some files were refused
(another form or year, a duplicate, unreadable) or summed with errors the office should chase; 2 nothing could be
summed or the output could not be written (nothing is written then).
"""

from __future__ import annotations

import sys

from giapp.catalog import all_forms
from giapp.core.values import format_value
from giapp.oserror import os_error_text

EXIT_OK, EXIT_SOME_REFUSED, EXIT_NOTHING = 0, 1, 2
# The totals an office checks first, named as it says them (四's three 总计 columns look alike otherwise).
HEADLINE_CELLS = {
    "applications.new.total": "本年新收政府信息公开申请",
    "applications.carried.total": "上年结转政府信息公开申请",
    "applications.r_total.total": "本年度办理结果总计",
    "applications.forward.total": "结转下年度继续办理",
    "reviews.cases.review_total": "行政复议总计",
    "reviews.cases.direct_total": "行政诉讼（未经复议直接起诉）总计",
    "reviews.cases.after_total": "行政诉讼（复议后起诉）总计",
}


def _out(text: str = "") -> None:
    sys.stdout.write(text + "\n")


def _err(text: str) -> None:
    sys.stderr.write(text + "\n")


def _progress_line():
    """ "正在读取 12/300" on a terminal (rewritten in place); nothing when the output goes to a file or a pipe."""
    if not sys.stderr.isatty():
        return None

    def show(done: int, total: int, _name: str) -> None:
        sys.stderr.write(f"\r正在读取 {done}/{total}" + ("\n" if done == total else ""))
        sys.stderr.flush()

    return show


def cmd_aggregate(args) -> int:
    from giapp.exchange.aggregate import (
        SUMMED,
        AggregateError,
        aggregate,
        write_sources_workbook,
        write_summary,
    )

    out_name = args.output.lower()
    if not out_name.endswith((".xlsx", ".pdf", ".giapp.json")):
        _err("giapp：汇总结果只能保存为 .xlsx、.pdf 或 .giapp.json 文件。")
        return EXIT_NOTHING
    if args.sources and not args.sources.lower().endswith(".xlsx"):
        _err("giapp：来源清单是 Excel 工作簿，请把 --sources 的文件名写成 .xlsx 结尾。")
        return EXIT_NOTHING
    forms = all_forms()
    try:
        summary = aggregate(
            args.paths,
            forms,
            agency=args.agency,
            form_id=args.form,
            year=args.year,
            progress=_progress_line(),
        )
    except AggregateError as e:
        _err(f"giapp：{e}")
        return EXIT_NOTHING
    for i, s in enumerate(summary.sources, 1):
        counts = f"错误 {s.errors}，提醒 {s.warnings}" if s.fingerprint else ""
        parts = [f"{i}.", f"[{s.status}]", s.agency or "（未填写机关名称）", s.name, counts, s.message]
        _out(" ".join(p for p in parts if p))
    if not summary.sources:
        _err("giapp：没有找到任何报告文件（.giapp.json）或 Excel 工作簿（.xlsx）。")
        return EXIT_NOTHING
    _out(f"{summary.tally()}。")

    if args.sources:
        try:
            write_sources_workbook(args.sources, summary)
            _out(f"已写出来源清单：{args.sources}")
        except OSError as e:
            _err(f"giapp：无法写入“{args.sources}”：{os_error_text(e)}。")
            return EXIT_NOTHING
    if summary.report is None:
        _err("giapp：没有可以汇总的报告，没有写出汇总结果。")
        return EXIT_NOTHING
    spec, values = summary.spec, summary.values
    _out(f"{summary.report.title}（{spec.name}，{len(summary.summed)} 个单位）")
    for key, label in HEADLINE_CELLS.items():
        if key in spec.cells:
            _out(f"  {label}：{format_value(values[key])}")
    try:
        write_summary(args.output, summary)
    except AggregateError as e:
        _err(f"giapp：{e}")
        return EXIT_NOTHING
    _out(f"已写出汇总结果：{args.output}")
    clean = all(s.status == SUMMED and not s.errors for s in summary.sources)
    return EXIT_OK if clean else EXIT_SOME_REFUSED


def register(sub) -> None:
    s = sub.add_parser(
        "aggregate",
        help="把多个单位的工作簿或报告文件汇总成一份（县、市汇总）",
        description="汇总多个单位的年度报告。退出码：0 全部汇总且无错误；1 有文件未计入或有错误；2 没有可汇总的报告。",
    )
    s.add_argument("paths", nargs="+", metavar="文件或文件夹", help="工作簿（.xlsx）、报告文件或其所在文件夹")
    s.add_argument("-o", "--output", required=True, help="汇总结果：.xlsx、.pdf 或 .giapp.json")
    s.add_argument("--sources", help="另写出来源清单和问题清单（.xlsx）")
    s.add_argument("--agency", default="", help="汇总报告的机关名称，如“某某县人民政府”")
    s.add_argument("--form", choices=sorted(all_forms()), help="只汇总这种表式（默认：多数文件所用的表式）")
    s.add_argument("--year", type=int, help="只汇总这一年度（默认：多数文件的年度）")
    s.set_defaults(func=cmd_aggregate)
