"""`giapp drafts list | export ID -o FILE | import FILE [--name N]`: the draft store from the command line."""

from __future__ import annotations

import sys

from giapp.cli import EXIT_OK, CliError, save_report_file
from giapp.store import DraftStore, StoreDamaged, StoreError


def _out(text: str) -> None:
    sys.stdout.write(text + "\n")


def _open() -> DraftStore:
    try:
        return DraftStore.open()
    except StoreDamaged as e:
        hint = f"请在程序窗口中用备份“{e.backup_path.name}”恢复。" if e.backup_path else ""
        raise CliError(f"{e}{hint}") from None
    except StoreError as e:
        raise CliError(str(e)) from None


def cmd_list(args) -> int:
    store = _open()
    try:
        drafts = store.list(include_deleted=args.all)
    finally:
        store.close()
    if not drafts:
        _out("还没有草稿。")
    for d in drafts:
        mark = "\t[回收站]" if d.deleted else ""
        _out(
            f"{d.id}\t{d.title}\t{d.form_id}\t{d.year or ''}\t最后修改：{d.updated[:19].replace('T', ' ')}{mark}"
        )
    return EXIT_OK


def cmd_export(args) -> int:

    store = _open()
    try:
        report = store.load(args.id)
        spec = store.forms[report.form_id]
    except StoreError as e:
        raise CliError(str(e)) from None
    finally:
        store.close()
    save_report_file(args.output, spec, report)
    _out(f"已将草稿 {args.id} 导出为：{args.output}")
    return EXIT_OK


def cmd_import(args) -> int:
    from giapp.exchange.reportfile import ReportFileError, read_report_file

    store = _open()
    try:
        spec, report = read_report_file(args.file, store.forms)
        draft_id = store.create(spec.id, report.agency, report.year, name=args.name or "", report=report)
    except (ReportFileError, StoreError) as e:
        raise CliError(str(e)) from None
    finally:
        store.close()
    _out(f"已导入为草稿 {draft_id}：{report.title}")
    return EXIT_OK


def register(sub) -> None:
    p = sub.add_parser("drafts", help="列出、导出、导入草稿")
    p.set_defaults(func=cmd_list, all=False)
    dsub = p.add_subparsers(dest="drafts_command", metavar="操作")

    s = dsub.add_parser("list", help="列出草稿（最近修改的在前）")
    s.add_argument("--all", action="store_true", help="连同回收站中的草稿一起列出")
    s.set_defaults(func=cmd_list)

    s = dsub.add_parser("export", help="把一份草稿导出为报告文件（.giapp.json），可拷到另一台电脑")
    s.add_argument("id", type=int, help="草稿编号（见 giapp drafts list）")
    s.add_argument("-o", "--output", required=True, help="要写出的报告文件")
    s.set_defaults(func=cmd_export)

    s = dsub.add_parser("import", help="把报告文件（.giapp.json）导入为一份新草稿")
    s.add_argument("file", help="报告文件")
    s.add_argument("--name", help="新草稿的名称")
    s.set_defaults(func=cmd_import)
