"""The `giapp` command: no arguments starts the window; subcommands work headless."""

from __future__ import annotations

import argparse
import json
import multiprocessing
import os
import sys
from pathlib import Path

from giapp import __version__
from giapp.catalog import all_forms
from giapp.oserror import os_error_text

EXIT_OK, EXIT_ERRORS, EXIT_UNREADABLE = 0, 1, 2


class CliError(Exception):
    """A reason to stop with exit code 2 and one Chinese line, never a traceback."""


def _out(text: str = "") -> None:
    sys.stdout.write(text + "\n")


def _err(text: str) -> None:
    sys.stderr.write(text + "\n")


def load_any(path: str):
    """A report from a report file (or, where the workbook exchange knows it, an .xlsx): (spec, report)."""
    from giapp.exchange.reportfile import ReportFileError, read_report_file

    p = Path(path)
    if p.suffix.lower() in (".xlsx", ".xlsm", ".xls"):
        try:
            from giapp.exchange.xlsx import WorkbookError, read_workbook
        except ImportError:
            raise CliError("这个版本还不能读取 Excel 工作簿，请使用 .giapp.json 报告文件。") from None
        try:
            return read_workbook(p, all_forms())[:2]
        except WorkbookError as e:
            raise CliError(str(e)) from None
    try:
        return read_report_file(p, all_forms())
    except ReportFileError as e:
        raise CliError(str(e)) from None


def cmd_forms(args) -> int:
    for spec in all_forms().values():
        last = "至今" if spec.years[1] >= 2099 else f"{spec.years[1]}"
        _out(f"{spec.id}\t{spec.name}\t适用年度：{spec.years[0]}–{last}")
    return EXIT_OK


def cmd_check(args) -> int:
    from giapp.core.rules import check, count_by_severity

    spec, report = load_any(args.file)
    prev_spec = previous = None
    if args.previous:
        prev_spec, previous = load_any(args.previous)
        if previous.year and report.year and previous.year != report.year - 1:
            raise CliError(
                f"--previous 给出的是{previous.year}年度的报告，而要检查的是{report.year}年度的报告。"
                f"请给出{report.year - 1}年度的报告。"
            )
    findings = check(spec, report, previous, prev_spec)
    if args.json:
        _out(json.dumps([f.as_dict() for f in findings], ensure_ascii=False, indent=1))
    else:
        errors, warnings = count_by_severity(findings)
        _out(f"{report.title}（{spec.name}）")
        if not findings:
            _out("检查通过：没有发现错误或提醒。")
        for i, f in enumerate(findings, 1):
            tag = "错误" if f.is_error else "提醒"
            where = " / ".join(x for x in (f.table, f.row, f.column) if x)
            values = f"（应为 {f.expected}，实为 {f.found}）" if f.expected else ""
            _out(f"{i}. [{tag} {f.rule}] {where}：{f.message}{values}")
        _out(f"共 {errors} 个错误，{warnings} 个提醒。")
    return EXIT_ERRORS if any(f.is_error for f in findings) else EXIT_OK


def save_report_file(path, spec, report) -> None:
    """Write a report file, or stop with one Chinese line saying why it could not be written."""
    from giapp.exchange.reportfile import write_report_file

    try:
        write_report_file(path, spec, report)
    except OSError as e:
        raise CliError(f"无法写入“{path}”：{os_error_text(e)}。") from None


def cmd_example(args) -> int:
    from giapp.examples import example_report

    spec, report = example_report(args.form)
    save_report_file(args.output, spec, report)
    _out(f"已写出示例报告：{args.output}")
    return EXIT_OK


def build_parser() -> argparse.ArgumentParser:
    from giapp import cli_zh

    cli_zh.install()
    p = cli_zh.ChineseParser(prog="giapp", description="政府信息公开年度报告填报助手")
    p.add_argument("--version", action="version", version=f"giapp {__version__}", help="显示程序版本后退出")
    p.add_argument(
        "--self-test",
        action="store_true",
        help="自检：在临时文件夹里用示例报告试一遍检查、导出PDF和Excel，每步一行，全部正常时返回 0",
    )
    sub = p.add_subparsers(dest="command", metavar="命令")

    s = sub.add_parser("forms", help="列出程序认识的表式")
    s.set_defaults(func=cmd_forms)

    s = sub.add_parser("check", help="检查一份报告文件，列出错误和提醒")
    s.add_argument("file", help="报告文件（.giapp.json）或 Excel 工作簿（.xlsx）")
    s.add_argument("--json", action="store_true", help="以 JSON 输出检查结果")
    s.add_argument("--previous", metavar="上年报告", help="上一年度的报告文件，用于跨年度核对（上年结转等）")
    s.set_defaults(func=cmd_check)

    s = sub.add_parser("example", help="写出一份示例报告文件")
    s.add_argument("--form", choices=["gov-2019", "gov-2021"], default="gov-2021")
    s.add_argument("-o", "--output", required=True, help="要写出的文件")
    s.set_defaults(func=cmd_example)

    for register in _extra_commands():
        register(sub)
    return p


def _extra_commands():
    """Subcommands of the other layers, each registered by its own module."""
    from giapp import cli_commands

    return cli_commands.REGISTER


def run_gui(argv: list[str]) -> int:
    from giapp.ui import startup
    from giapp.ui.app import run

    if startup.wanted():  # GIAPP_EXIT_AFTER_SHOWN=1 (bench/bundle.py): quit once the first window is shown
        startup.watch_first_window()
    return run(argv)


def main(argv: list[str] | None = None) -> int:
    # In the frozen program a worker process of the summary (giapp aggregate / 汇总) starts here: run its task
    # and exit, instead of opening another window. A no-op everywhere else.
    multiprocessing.freeze_support()
    argv = sys.argv[1:] if argv is None else argv
    if not argv:
        return run_gui(argv)
    parser = build_parser()
    args = parser.parse_args(argv)
    if args.self_test:  # before the window: proves a bundle works on a machine we cannot see
        from giapp.selftest import run_self_test

        return run_self_test()
    if not getattr(args, "func", None):
        return run_gui([])
    try:
        return args.func(args)
    except CliError as e:
        _err(f"giapp：{e}")
        return EXIT_UNREADABLE
    except KeyboardInterrupt:
        return 130
    except Exception:  # a bug of ours: one Chinese line for the clerk, the traceback in the log
        if os.environ.get("GIAPP_DEBUG"):
            raise
        import traceback

        from giapp.errorlog import log_error

        where = log_error(traceback.format_exc())
        _err(f"giapp：程序出错，没有完成。请把错误记录文件发给技术支持：{where or '（无法写入错误记录）'}")
        return EXIT_UNREADABLE
