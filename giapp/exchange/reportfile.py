"""The `.giapp.json` report file: one report, for a USB stick, an e-mail or a test (docs/report-file.md)."""

from __future__ import annotations

import json
import os
import tempfile
from pathlib import Path

from giapp.core.formspec import FormSpec
from giapp.core.report import Report, ReportDataError, report_from_dict, report_to_dict
from giapp.oserror import os_error_text

MAX_REPORT_FILE_BYTES = 5 * 1024 * 1024
SUFFIX = ".giapp.json"


class ReportFileError(ValueError):
    """A report file that cannot be read; str() is one Chinese sentence for the clerk."""


def read_report_file(path: str | Path, forms: dict[str, FormSpec]) -> tuple[FormSpec, Report]:
    path = Path(path)
    try:
        size = path.stat().st_size
        if size > MAX_REPORT_FILE_BYTES:
            raise ReportFileError(f"文件“{path.name}”太大（{size // 1024} KB），不像是报告文件。")
        raw = path.read_bytes()
    except FileNotFoundError:
        raise ReportFileError(f"找不到文件“{path}”。") from None
    except IsADirectoryError:
        raise ReportFileError(f"“{path}”是文件夹，请选择报告文件。") from None
    except OSError as e:
        raise ReportFileError(f"无法读取文件“{path.name}”：{os_error_text(e)}。") from None
    return parse_report_bytes(raw, forms, path.name)


def parse_report_bytes(
    raw: bytes, forms: dict[str, FormSpec], name: str = "报告文件"
) -> tuple[FormSpec, Report]:
    try:
        text = raw.decode("utf-8-sig")
    except UnicodeDecodeError:
        raise ReportFileError(f"“{name}”不是报告文件（不是 UTF-8 文本）。") from None
    try:
        data = json.loads(text)
    except json.JSONDecodeError as e:
        raise ReportFileError(
            f"“{name}”已损坏或不是报告文件（第 {e.lineno} 行第 {e.colno} 列格式错误）。"
        ) from None
    except RecursionError:
        raise ReportFileError(f"“{name}”的结构嵌套过深，不是报告文件。") from None
    try:
        return report_from_dict(data, forms)
    except ReportDataError as e:
        raise ReportFileError(f"“{name}”无法导入：{e}") from None


def report_file_bytes(spec: FormSpec, report: Report) -> bytes:
    return json.dumps(report_to_dict(spec, report), ensure_ascii=False, indent=1).encode("utf-8")


def write_atomically(path: str | Path, data: bytes) -> None:
    """Write the whole file or nothing: a half-written export never replaces a good one."""
    path = Path(path)
    fd, tmp = tempfile.mkstemp(prefix=".giapp-", suffix=".tmp", dir=path.parent)
    try:
        with os.fdopen(fd, "wb") as f:
            f.write(data)
            f.flush()
            os.fsync(f.fileno())
        os.replace(tmp, path)
    except BaseException:
        Path(tmp).unlink(missing_ok=True)
        raise


def write_report_file(path: str | Path, spec: FormSpec, report: Report) -> None:
    write_atomically(path, report_file_bytes(spec, report))
