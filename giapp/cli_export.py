"""`giapp export REPORT -o OUT`: the report as a file for print or exchange, chosen by the output's suffix."""

from __future__ import annotations

import argparse
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path

from giapp.cli import EXIT_ERRORS, EXIT_OK, CliError, _err, _out, load_any
from giapp.core.formspec import FormSpec
from giapp.core.report import Report
from giapp.oserror import os_error_text


@dataclass(frozen=True)
class Exporter:
    """One output format: what it is called, how to write it, and any options of its own."""

    name: str
    write: Callable[[Path, FormSpec, Report, argparse.Namespace], None]
    add_arguments: Callable[[argparse.ArgumentParser], None] | None = None


def _write_pdf(path: Path, spec: FormSpec, report: Report, args: argparse.Namespace) -> None:
    from giapp.exchange.pdf import PdfError, write_pdf

    try:
        write_pdf(path, spec, report)
    except PdfError as e:
        raise CliError(str(e)) from None


def _write_xlsx(path: Path, spec: FormSpec, report: Report, args: argparse.Namespace) -> None:
    from giapp.exchange.xlsx import WorkbookError, write_workbook

    try:
        write_workbook(
            path,
            spec,
            report,
            template=Path(args.template) if args.template else None,
            mapping=Path(args.mapping) if args.mapping else None,
        )
    except WorkbookError as e:
        raise CliError(str(e)) from None
    except OSError as e:
        raise CliError(f"无法写入“{path}”：{os_error_text(e)}。") from None


def _xlsx_arguments(s: argparse.ArgumentParser) -> None:
    s.add_argument("--template", help="本省自定的 Excel 模板（.xlsx），需同时给出 --mapping")
    s.add_argument("--mapping", help="模板对照表（.toml），写明每个表格单元格填到模板的哪一格")


# Output suffix → exporter. Another format registers itself here (and its options through add_arguments).
EXPORTERS: dict[str, Exporter] = {
    ".pdf": Exporter("PDF", _write_pdf),
    ".xlsx": Exporter("Excel 工作簿", _write_xlsx, _xlsx_arguments),
}


def cmd_export(args: argparse.Namespace) -> int:
    from giapp.core.rules import check, count_by_severity

    out = Path(args.output)
    exporter = EXPORTERS.get(out.suffix.lower())
    if exporter is None:
        known = "、".join(EXPORTERS)
        raise CliError(
            f"不知道如何导出为“{out.suffix or out.name}”文件，请把输出文件的扩展名写成 {known} 之一。"
        )
    if (args.template is None) != (args.mapping is None):
        raise CliError("--template 和 --mapping 要一起使用。")
    if args.template and out.suffix.lower() != ".xlsx":
        raise CliError("模板和对照表只用于导出 Excel 工作簿（.xlsx）。")
    spec, report = load_any(args.file)
    errors, _warnings = count_by_severity(check(spec, report))
    if errors and not args.force:
        _err(
            f"giapp：这份报告还有 {errors} 个错误，没有导出。请先用“giapp check {args.file}”查看并改正；"
            "确需照原样导出时，加上 --force。"
        )
        return EXIT_ERRORS
    exporter.write(out, spec, report, args)
    note = f"（报告中有 {errors} 个错误，按 --force 照原样导出）" if errors else ""
    _out(f"已导出{exporter.name}：{out}{note}")
    return EXIT_OK


def register(sub) -> None:
    s = sub.add_parser("export", help="把报告导出为 PDF 或 Excel 工作簿（按输出文件的扩展名决定格式）")
    s.add_argument("file", help="报告文件（.giapp.json）或 Excel 工作簿（.xlsx）")
    s.add_argument("-o", "--output", required=True, help=f"要写出的文件：{'、'.join(EXPORTERS)}")
    s.add_argument("--force", action="store_true", help="报告有错误时也照原样导出")
    for exporter in EXPORTERS.values():
        if exporter.add_arguments is not None:
            exporter.add_arguments(s)
    s.set_defaults(func=cmd_export)
