"""Reading an exported PDF back as a reader would: page texts, fonts, page size."""

from __future__ import annotations

import io
import re

from pypdf import PdfReader

from giapp.core.formspec import FormSpec
from giapp.core.report import Report, compute
from giapp.core.values import format_value

_CJK_GAP = re.compile(r"\s+")


def read(data: bytes) -> PdfReader:
    return PdfReader(io.BytesIO(data))


def squeeze(text: str) -> str:
    """Text extraction breaks CJK lines and cells with spaces and newlines: keep a space only between digits."""
    out = []
    parts = _CJK_GAP.split(text)
    for part in parts:
        if out and part and (out[-1][-1:].isdigit() or out[-1].endswith("*")) and part[:1].isdigit():
            out.append(" ")
        out.append(part)
    return "".join(out)


def page_texts(data: bytes) -> list[str]:
    return [p.extract_text() for p in read(data).pages]


_FURNITURE = re.compile(r"—\s*\d+\s*—|文档指纹\s*[0-9A-F-]+\s*导出时间\s*[\d-]+\s*\d\d:\d\d")


def whole_text(data: bytes) -> str:
    """The text of all pages without page numbers and footers, so a paragraph across a page break is whole."""
    return squeeze("\n".join(_FURNITURE.sub("", t) for t in page_texts(data)))


def no_space(text: str) -> str:
    return "".join(text.split())


def row_values(spec: FormSpec, report: Report, table_id: str, row_id: str) -> list[str]:
    """The numbers of one printed row as the PDF prints them: blank as 0, totals recomputed, and marked *
    where the total entered in an imported file differs."""
    values = compute(spec, report.values)
    entered = report.entered_totals or {}
    t = spec.tables[table_id]
    out = []
    for c in t.columns:
        key = t.key(row_id, c.id)
        shown = format_value(values[key]) or "0"
        if not spec.cells[key].is_input and entered.get(key) is not None and entered[key] != values[key]:
            shown += "*"
        out.append(shown)
    return out


def fonts_of(data: bytes) -> list[dict]:
    fonts = []
    for page in read(data).pages:
        res = page.get("/Resources") or {}
        for ref in (res.get("/Font") or {}).values():
            fonts.append(ref.get_object())
    return fonts
