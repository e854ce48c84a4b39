"""The 导出 menu: PDF and workbook through the exchange layer, print and preview."""

from __future__ import annotations

import importlib

from giapp.catalog import all_forms
from giapp.oserror import os_error_text


def build_menu(window, menu) -> dict:
    actions = {
        "pdf": window._action(menu, "导出PDF(&P)…", lambda: export_pdf(window)),
        "preview": window._action(menu, "打印预览(&V)…", lambda: print_preview(window)),
        "print": window._action(menu, "打印(&R)…", lambda: print_report(window), "Ctrl+P"),
    }
    menu.addSeparator()
    actions["xlsx"] = window._action(menu, "导出Excel(&E)…", lambda: export_workbook(window))
    actions["import_xlsx"] = window._action(menu, "导入Excel(&I)…", lambda: import_workbook(window))
    return actions


def update_enabled(window) -> None:
    """Everything but 导入Excel works on the open report."""
    for name, action in window.export_actions.items():
        action.setEnabled(name == "import_xlsx" or window.doc is not None)


def _confirm_errors(window) -> bool:
    errors, _ = window.doc.counts()
    return not errors or window.messenger.ask(
        "报告还有错误",
        f"这份报告还有 {errors} 个错误（见下方检查结果）。有错误的报告不应报送。\n\n仍然导出吗？",
    )


def _export(
    window, title: str, suffix: str, filters: str, module: str, func: str, offer_open: str = ""
) -> None:
    doc = window.doc
    if doc is None or not _confirm_errors(window):
        return
    path = window.messenger.save_file(title, f"{doc.report.title}{suffix}", filters)
    if not path:
        return
    if not path.lower().endswith(suffix):
        path += suffix
    window.flush_editor()
    writer = getattr(importlib.import_module(module), func)
    done = guarded(window, "导出失败", path, lambda: writer(path, doc.spec, doc.report) or True)
    if not done:
        return
    window.statusBar().showMessage(f"已导出：{path}", 10_000)
    if offer_open and window.messenger.ask(title, f"已导出：{path}\n\n现在用{offer_open}打开它吗？"):
        if not window.messenger.open_with_system(path):
            window.messenger.error(
                title, f"这台电脑上没有找到可以打开它的{offer_open}。文件已经导出，可以在文件夹中找到它。"
            )


def guarded(window, title: str, path: str, work):
    """Run an exchange-layer call; a file the system refuses, or the layer's own refusal (PdfError,
    WorkbookError …, each with a Chinese message), is told to the clerk and gives None."""
    try:
        return work()
    except OSError as e:
        window.messenger.error(
            title, f"无法读写“{path}”：{os_error_text(e)}。请关闭正在打开它的程序，或换个位置再试。"
        )
    except Exception as e:
        if not type(e).__module__.startswith("giapp.exchange"):
            raise
        window.messenger.error(title, str(e))
    return None


def export_pdf(window) -> None:
    _export(
        window,
        "导出PDF",
        ".pdf",
        "PDF 文件 (*.pdf)",
        "giapp.exchange.pdf",
        "write_pdf",
        offer_open="PDF 阅读器",
    )


def export_workbook(window) -> None:
    _export(window, "导出Excel", ".xlsx", "Excel 工作簿 (*.xlsx)", "giapp.exchange.xlsx", "write_workbook")


def import_workbook(window) -> None:
    path = window.messenger.open_file("导入Excel", "Excel 工作簿 (*.xlsx)")
    if not path:
        return
    xlsx = importlib.import_module("giapp.exchange.xlsx")
    result = guarded(window, "无法导入", path, lambda: xlsx.read_workbook(path, all_forms()))
    if result is None:
        return
    spec, report, findings = result
    window.files.create_from_import(window, spec, report, findings, path)


def _printer():
    from PySide6.QtGui import QPageSize
    from PySide6.QtPrintSupport import QPrinter

    printer = QPrinter(QPrinter.PrinterMode.HighResolution)
    printer.setPageSize(QPageSize(QPageSize.PageSizeId.A4))
    return printer


def print_preview(window) -> None:
    from PySide6.QtPrintSupport import QPrintPreviewDialog

    from giapp.ui.printing import print_report_to

    if window.doc is None:
        return
    window.flush_editor()
    spec, report = window.doc.spec, window.doc.report
    dialog = QPrintPreviewDialog(_printer(), window)
    dialog.setWindowTitle("打印预览")
    dialog.paintRequested.connect(lambda printer: print_report_to(printer, spec, report))
    dialog.resize(900, 1000)
    dialog.exec()


def print_report(window) -> None:
    from PySide6.QtPrintSupport import QPrintDialog

    from giapp.ui.printing import print_report_to

    if window.doc is None or not _confirm_errors(window):
        return
    window.flush_editor()
    printer = _printer()
    if QPrintDialog(printer, window).exec():
        print_report_to(printer, window.doc.spec, window.doc.report)
