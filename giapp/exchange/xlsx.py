"""The provincial Excel workbook: export a report, import one back, or fill an office's own template."""

from __future__ import annotations

import io
from datetime import datetime
from pathlib import Path

from giapp.core.formspec import FormSpec
from giapp.core.report import Report
from giapp.core.rules import Finding, check
from giapp.exchange.reportfile import write_atomically
from giapp.exchange.xlsx_layout import WorkbookError
from giapp.exchange.xlsx_read import read_default
from giapp.exchange.xlsx_write import add_cached_values, build_workbook
from giapp.oserror import os_error_text

__all__ = ["WorkbookError", "read_workbook", "workbook_bytes", "write_workbook"]


def workbook_bytes(spec: FormSpec, report: Report, *, exported_at: datetime | None = None) -> bytes:
    """The default workbook of a report, as the bytes of an .xlsx file."""
    wb, cached = build_workbook(spec, report, exported_at or datetime.now())
    buf = io.BytesIO()
    wb.save(buf)
    return add_cached_values(buf.getvalue(), cached)


def write_workbook(
    path: str | Path,
    spec: FormSpec,
    report: Report,
    *,
    exported_at: datetime | None = None,
    template: Path | None = None,
    mapping: Path | None = None,
) -> None:
    """Write the default workbook, or fill `template` through `mapping`; all or nothing."""
    if (template is None) != (mapping is None):
        raise WorkbookError("使用本省模板导出时，需要同时提供模板工作簿和对照表（mapping）。")
    if template is not None and mapping is not None:
        from giapp.exchange.xlsx_template import filled_template_bytes, load_mapping

        data = filled_template_bytes(Path(template), load_mapping(Path(mapping), spec), spec, report)
    else:
        data = workbook_bytes(spec, report, exported_at=exported_at)
    try:
        write_atomically(path, data)
    except OSError as e:
        raise WorkbookError(
            f"无法写入“{Path(path).name}”：{os_error_text(e)}。请换一个文件夹，或关闭正在打开它的 Excel/WPS。"
        ) from None


def read_workbook(
    path: str | Path, forms: dict[str, FormSpec], *, mapping: Path | None = None
) -> tuple[FormSpec, Report, list[Finding]]:
    """A report from a workbook, with what the checker finds in it (entered totals included)."""
    path = Path(path)
    if mapping is not None:
        from giapp.exchange.xlsx_template import load_mapping_for, read_with_mapping

        m = load_mapping_for(Path(mapping), forms)
        spec, report = read_with_mapping(path, m, forms)
    else:
        spec, report = read_default(path, forms)
    return spec, report, check(spec, report)
