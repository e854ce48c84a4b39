"""`giapp carry`: start next year's report file from last year's, carrying over what carries."""

from __future__ import annotations

from pathlib import Path

from giapp.cli import EXIT_OK, CliError, _out, load_any, save_report_file


def cmd_carry(args) -> int:
    from giapp.catalog import form_for_year
    from giapp.core.carry import CarryError, carry_over_from
    from giapp.core.report import Report, describe_cell

    prev_spec, prev = load_any(args.previous)
    year = args.year or (prev.year + 1 if prev.year else 0)
    if not year:
        raise CliError("上年报告没有写明年度，请用 --year 指定新报告的年度，例如 --year 2021。")
    if not 2000 <= year <= 2100:
        raise CliError(f"年度 {year} 不对，应为 2000 至 2100 之间的年份。")
    out = Path(args.output)
    if out.exists() and not args.force:
        raise CliError(f"“{out}”已经存在。为免覆盖，请换一个文件名，或加上 --force。")
    spec = form_for_year(year)
    try:
        report = carry_over_from(prev_spec, prev, spec, Report(spec.id, args.agency or prev.agency, year))
    except CarryError as e:
        raise CliError(str(e)) from None
    save_report_file(out, spec, report)
    _out(f"已从{report.carried_from or '上年报告'}开始，写出{report.title}：{out}")
    _out(f"表式：{spec.name}。结转了 {len(report.carried)} 个数字：")
    for key, value in report.carried.items():
        _out(f"  {describe_cell(spec, key)}：{value}")
    if report.texts_carried:
        headings = "、".join(spec.section(s).heading or "报告开头的说明" for s in report.texts_carried)
        _out(f"沿用了上年的文字（请逐段按本年情况改写）：{headings}")
    return EXIT_OK


def register(sub) -> None:
    s = sub.add_parser("carry", help="从上年的报告文件开始新一年的报告（结转上年数字，沿用上年文字）")
    s.add_argument("previous", help="上年的报告文件（.giapp.json）或 Excel 工作簿（.xlsx）")
    s.add_argument("-o", "--output", required=True, help="要写出的新报告文件")
    s.add_argument("--year", type=int, default=0, help="新报告的年度（默认为上年报告的年度加一）")
    s.add_argument("--agency", default="", help="机关名称（默认沿用上年报告的）")
    s.add_argument("--force", action="store_true", help="覆盖已存在的文件")
    s.set_defaults(func=cmd_carry)
