"""Open an untrusted .xlsx safely: size and zip checks before openpyxl, defused XML, no macros, no formulas run."""

from __future__ import annotations

import datetime as dt
import math
import zipfile
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from decimal import Decimal
from pathlib import Path

from defusedxml import DefusedXmlException
from openpyxl import load_workbook
from openpyxl.workbook.workbook import Workbook
from openpyxl.worksheet.formula import ArrayFormula, DataTableFormula

from giapp.core.values import InputError, Value, parse_value
from giapp.exchange.xlsx_layout import WorkbookError, sheet_paths, where
from giapp.oserror import os_error_text

MAX_FILE_BYTES = 20 * 1024 * 1024
MAX_ENTRIES = 500
MAX_MEMBER_BYTES = 20 * 1024 * 1024  # shared strings may hold long narrative texts
MAX_SHEET_BYTES = 2 * 1024 * 1024  # a filled report sheet is ~50 KB; 100,000 rows are several MB
MAX_TOTAL_BYTES = 60 * 1024 * 1024
MAX_RATIO = 200  # deflate reaches ~10 on spreadsheet XML; a bomb reaches 1000
MAX_ROWS = 2000  # rows read from any one sheet
OLE_MAGIC = b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1"  # .xls, and every password-protected workbook
MACRO_PARTS = ("vbaproject.bin", "macroenabled", "macrosheet", "activex")


def _fail(name: str, what: str) -> WorkbookError:
    return WorkbookError(f"“{name}”无法导入：{what}")


def check_container(path: Path) -> None:
    """Refuse, from the file's bytes and the zip's central directory alone, whatever is not a plain workbook."""
    name = path.name
    try:
        size = path.stat().st_size
        if path.is_dir():
            raise WorkbookError(f"“{path}”是文件夹，请选择 Excel 工作簿（.xlsx）。")
        with path.open("rb") as f:
            head = f.read(8)
    except FileNotFoundError:
        raise WorkbookError(f"找不到文件“{path}”。") from None
    except OSError as e:
        raise WorkbookError(f"无法读取文件“{name}”：{os_error_text(e)}。") from None
    if size == 0:
        raise _fail(name, "文件是空的（0 字节）。")
    if size > MAX_FILE_BYTES:
        raise _fail(name, f"文件太大（{size // (1024 * 1024)} MB），年度报告工作簿通常不足 1 MB。")
    if head == OLE_MAGIC:
        raise _fail(
            name,
            "这是旧版 Excel 97-2003 文件（.xls）或设了打开密码的工作簿。请在 Excel/WPS 中取消密码，"
            "另存为“Excel 工作簿（.xlsx）”后再导入。",
        )
    if not head.startswith(b"PK"):
        raise _fail(
            name, "这不是 Excel 工作簿（.xlsx）文件。请选择从本程序导出、或按本程序模板填写的 .xlsx 文件。"
        )
    try:
        with zipfile.ZipFile(path) as z:
            _check_members(z, name)
    except WorkbookError:
        raise
    except (zipfile.BadZipFile, OSError, ValueError, EOFError, NotImplementedError):
        raise _fail(name, "文件已损坏或不完整（可能没有下载或复制完整），请重新获取后再导入。") from None


def _check_members(z: zipfile.ZipFile, name: str) -> None:
    infos = z.infolist()
    if len(infos) > MAX_ENTRIES:
        raise _fail(name, f"压缩包内有 {len(infos)} 个部件，不像是年度报告工作簿。")
    lowered = {i.filename.lower() for i in infos}
    if "xl/workbook.xml" not in lowered or "[content_types].xml" not in lowered:
        raise _fail(name, "这是压缩文件，但不是 Excel 工作簿（缺少 xl/workbook.xml）。")
    total = 0
    for i in infos:
        total += i.file_size
        low = i.filename.lower()
        if i.flag_bits & 0x1:
            raise _fail(name, "文件内容被加密，请取消密码后另存为 .xlsx 再导入。")
        if any(p in low for p in MACRO_PARTS):
            raise _fail(
                name, "工作簿含有宏或控件（.xlsm），为安全起见不导入。请另存为不含宏的 .xlsx 后再导入。"
            )
        is_sheet = low.startswith("xl/worksheets/")
        if i.file_size > (MAX_SHEET_BYTES if is_sheet else MAX_MEMBER_BYTES) or total > MAX_TOTAL_BYTES:
            part = f"“{i.filename}”"
            if is_sheet and z.getinfo("xl/workbook.xml").file_size <= MAX_MEMBER_BYTES:
                part = next((f"工作表“{s}”" for s, p in sheet_paths(z).items() if p == i.filename), part)
            raise _fail(
                name,
                f"文件中的{part}解压后有 {i.file_size // 1024:,} KB，远超年度报告所需（行数或内容过多），"
                "可能是异常或恶意构造的文件，已拒绝导入。",
            )
        if i.file_size > 1024 * 1024 and i.file_size > MAX_RATIO * max(i.compress_size, 1):
            raise _fail(name, f"文件中的“{i.filename}”压缩比异常（疑似“压缩炸弹”），已拒绝导入。")


@contextmanager
def open_workbook(path: Path, data_only: bool = False) -> Iterator[Workbook]:
    """A read-only workbook after the container checks; any parser failure becomes one Chinese message."""
    check_container(path)
    try:
        wb = load_workbook(path, read_only=True, data_only=data_only, keep_links=False, keep_vba=False)
    except Exception as e:  # openpyxl raises many kinds on damaged input; none may reach the clerk
        raise _parse_failure(path.name, e) from None
    try:
        yield wb
    finally:
        wb.close()


def _parse_failure(name: str, e: BaseException) -> WorkbookError:
    seen: BaseException | None = e
    while seen is not None and not isinstance(seen, DefusedXmlException):  # openpyxl wraps the cause
        seen = seen.__cause__ or seen.__context__
    if seen is not None:
        return _fail(
            name, "文件中含有不安全的 XML 内容（实体或外部引用），可能是恶意构造的文件，已拒绝导入。"
        )
    return _fail(
        name, "文件已损坏，或不是 Excel 保存的工作簿，无法读取。请在 Excel/WPS 中打开后另存为 .xlsx 再试。"
    )


def sheet_rows(wb: Workbook, sheet: str, max_row: int, max_col: int, name: str) -> list[tuple]:
    """The top-left block of a sheet as plain values (read once: random access re-parses a read-only sheet)."""
    try:
        ws = wb[sheet]
        rows = [
            tuple(r) + (None,) * (max_col - len(r))
            for r in ws.iter_rows(min_row=1, max_row=max_row, max_col=max_col, values_only=True)
        ]
    except Exception as e:
        raise _parse_failure(name, e) from None
    rows += [(None,) * max_col] * (max_row - len(rows))
    return rows


def input_value(
    raw: object, kind: str, sheet: str, row: int, col: int, what: str | Callable[[], str]
) -> Value:
    """A filled cell as a value of its kind; text, formulas, dates and wrong numbers are refused by name.
    `what` may be a function: the cell's description is only needed for a refusal, and costs more than the cell."""
    if raw is None:
        return None

    def place() -> str:
        return f"{where(sheet, row, col)}（{what() if callable(what) else what}）"

    if isinstance(raw, ArrayFormula | DataTableFormula) or isinstance(raw, str) and raw.startswith("="):
        raise WorkbookError(f"{place()}是公式。填报格只能填写数字，请把公式改为数字后再导入。")
    if isinstance(raw, bool):
        raise WorkbookError(f"{place()}是“是/否”值，请填写数字。")
    if isinstance(raw, dt.datetime | dt.date | dt.time | dt.timedelta):
        raise WorkbookError(f"{place()}是日期或时间，请把单元格格式改为“常规”并填写数字。")
    if isinstance(raw, float):
        if not math.isfinite(raw):
            raise WorkbookError(f"{place()}不是有效的数字。")
        # repr() is the shortest text that gives back the same double: 4068.208, not 4068.2080000000005
        raw = Decimal(repr(raw)) if kind == "money" or not raw.is_integer() else int(raw)
    try:
        return parse_value(raw if isinstance(raw, int | Decimal) else str(raw), kind)
    except InputError as e:
        raise WorkbookError(f"{place()}：{e}") from None
