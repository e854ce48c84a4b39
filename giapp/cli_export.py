"""`giapp export REPORT -o OUT`: the report as an Excel workbook (or a PDF), chosen by the output's suffix."""

from __future__ import annotations

from pathlib import Path


def register(sub) -> None:
    s = sub.add_parser("export", help="把报告导出为 Excel 工作簿（.xlsx）或 PDF")
    s.add_argument("file", help="报告文件（.giapp.json）或 Excel 工作簿（.xlsx）")
    s.add_argument("-o", "--output", required=True, help="要写出的文件，按扩展名决定格式：.xlsx 或 .pdf")
    s.add_argument("--force", action="store_true", help="报告有错误时也照样导出")
    s.add_argument("--template", help="本省自定的 Excel 模板（.xlsx），需同时给出 --mapping")
    s.add_argument("--mapping", help="模板对照表（.toml），写明每个表格单元格填到模板的哪一格")
    s.set_defaults(func=cmd_export)


def cmd_export(args) -> int:
    from giapp.cli import EXIT_ERRORS, EXIT_OK, CliError, _err, _out, load_any
    from giapp.core.rules import check, count_by_severity

    out = Path(args.output)
    suffix = out.suffix.lower()
    if suffix not in (".xlsx", ".pdf"):
        raise CliError(
            f"不知道如何导出为“{out.suffix or '无扩展名'}”文件，请用 .xlsx 或 .pdf 作为输出文件的扩展名。"
        )
    if (args.template is None) != (args.mapping is None):
        raise CliError("--template 和 --mapping 要一起使用。")
    if args.template and suffix != ".xlsx":
        raise CliError("模板和对照表只用于导出 Excel 工作簿（.xlsx）。")
    spec, report = load_any(args.file)
    errors, _ = count_by_severity(check(spec, report))
    if errors and not args.force:
        _err(
            f"报告有 {errors} 个错误，没有导出。请先用“giapp check {args.file}”查看并改正，或加 --force 照样导出。"
        )
        return EXIT_ERRORS
    if suffix == ".xlsx":
        export_xlsx(args, spec, report)
    else:
        export_pdf(args, spec, report)
    _out(f"已导出：{out}")
    return EXIT_OK


def export_xlsx(args, spec, report) -> None:
    from giapp.cli import CliError
    from giapp.exchange.xlsx import WorkbookError, write_workbook

    try:
        write_workbook(
            args.output,
            spec,
            report,
            template=Path(args.template) if args.template else None,
            mapping=Path(args.mapping) if args.mapping else None,
        )
    except WorkbookError as e:
        raise CliError(str(e)) from None


def export_pdf(args, spec, report) -> None:
    from giapp.cli import CliError

    try:
        from giapp.exchange.pdf import write_pdf  # type: ignore[import-not-found]
    except ImportError:
        raise CliError("这个版本还不能导出 PDF，请导出为 .xlsx。") from None
    try:
        write_pdf(args.output, spec, report)
    except OSError as e:
        raise CliError(f"无法写入“{args.output}”：{e.strerror or e}。") from None
