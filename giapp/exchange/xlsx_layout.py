"""Where every label, header and cell of a form sits in the default workbook: one layout for writing and reading."""

from __future__ import annotations

import re
import zipfile
from dataclasses import dataclass, field
from xml.sax.saxutils import unescape

from openpyxl.utils import get_column_letter

from giapp.core.formspec import ColumnSpec, FormSpec, TableSpec
from giapp.core.report import header_with_unit

META_SHEET = "giapp"
META_FORMAT = "giapp-workbook"
META_VERSION = 1
# Short tab names: the full heading is printed in the sheet's first row.
SHEET_NAMES = {"proactive": "二、主动公开", "requests": "三、依申请公开", "reviews": "四、复议诉讼"}
TOP = 3  # rows 1–2 hold the section heading and the agency line; the table starts below
_BAD_SHEET_CHARS = re.compile(r"[\[\]:*?/\\]")
_SHEET_TARGET = re.compile(rb'<sheet [^>]*?name="([^"]+)"[^>]*?r:id="([^"]+)"')
_REL_TARGET = re.compile(
    rb'<Relationship [^>]*?Id="([^"]+)"[^>]*?Target="([^"]+)"|'
    rb'<Relationship [^>]*?Target="([^"]+)"[^>]*?Id="([^"]+)"'
)


class WorkbookError(ValueError):
    """A workbook that cannot be read or written; str() is one Chinese message naming the sheet and cell."""


def ref(row: int, col: int) -> str:
    """ "D6" for row 6, column 4 (both 1-based)."""
    return f"{get_column_letter(col)}{row}"


def where(sheet: str, row: int, col: int) -> str:
    return f"工作表“{sheet}”单元格 {ref(row, col)}"


@dataclass
class Box:
    """A text printed in the grid: a title, block heading, header cell or row label, maybe merged."""

    row: int
    col: int
    text: str
    role: str  # title | info | heading | header | label
    rowspan: int = 1
    colspan: int = 1

    @property
    def merged(self) -> bool:
        return self.rowspan > 1 or self.colspan > 1

    @property
    def range(self) -> str:
        return f"{ref(self.row, self.col)}:{ref(self.row + self.rowspan - 1, self.col + self.colspan - 1)}"


@dataclass
class SheetLayout:
    name: str
    section_id: str
    heading: str
    width: int  # grid columns
    boxes: list[Box] = field(default_factory=list)
    cells: dict[str, tuple[int, int, int]] = field(default_factory=dict)  # key → (row, col, colspan)
    header_rows: list[int] = field(default_factory=list)
    last_row: int = 0

    @property
    def first_input(self) -> tuple[int, int]:
        return min((r, c) for r, c, _ in self.cells.values())


@dataclass
class WorkbookLayout:
    spec: FormSpec
    sheets: list[SheetLayout]
    place: dict[str, tuple[SheetLayout, int, int]]  # cell key → (sheet, row, col)
    formulas: dict[str, str] = field(default_factory=dict, repr=False)  # worked out once per layout

    def formula(self, key: str) -> str:
        """The live SUM of a derived cell, over the cells the form says it adds up."""
        if key not in self.formulas:
            self.formulas[key] = self._formula(key)
        return self.formulas[key]

    def _formula(self, key: str) -> str:
        sources = dict(self.spec.derived)[key]
        sheet = self.place[key][0]
        spots = sorted((self.place[s][1], self.place[s][2]) for s in sources)
        (r0, c0), (r1, c1) = spots[0], spots[-1]
        inside = {(r, c) for r, c, _ in sheet.cells.values() if r0 <= r <= r1 and c0 <= c <= c1}
        if (r0 == r1 or c0 == c1) and inside == set(spots):  # nothing but the sources inside the range
            return f"SUM({ref(r0, c0)}:{ref(r1, c1)})"
        return "SUM(" + ",".join(ref(r, c) for r, c in spots) + ")"


def sheet_name(section_id: str, heading: str) -> str:
    name = SHEET_NAMES.get(section_id) or _BAD_SHEET_CHARS.sub("", heading)[:31].strip("'") or section_id
    return name[:31]


def build_layout(spec: FormSpec, units: dict[str, str] | None = None) -> WorkbookLayout:
    units = units or {}
    sheets: list[SheetLayout] = []
    place: dict[str, tuple[SheetLayout, int, int]] = {}
    for sec in spec.sections:
        if not sec.tables:
            continue
        tables = [spec.tables[t] for t in sec.tables]
        width = max(t.grid_width for t in tables)
        sheet = SheetLayout(sheet_name(sec.id, sec.heading), sec.id, sec.heading, width)
        sheet.boxes.append(Box(1, 1, sec.heading, "title", 1, width))
        sheet.boxes.append(Box(2, 1, "", "info", 1, width))
        y = TOP
        for t in tables:
            if len(tables) > 1 and t.heading:  # a block of 二: a full-width heading row first
                sheet.boxes.append(Box(y, 1, t.heading, "heading", 1, width))
                y += 1
            y = _place_table(spec, sheet, t, y, units)
        sheet.last_row = y - 1
        for key, (r, c, _) in sheet.cells.items():
            place[key] = (sheet, r, c)
        sheets.append(sheet)
    return WorkbookLayout(spec, sheets, place)


def _grid_columns(t: TableSpec) -> list[tuple[ColumnSpec, int]]:
    """Each data column with its first grid column (1-based)."""
    out, x = [], t.label_columns + 1
    for c in t.columns:
        out.append((c, x))
        x += c.span
    return out


def _place_table(spec: FormSpec, sheet: SheetLayout, t: TableSpec, y: int, units: dict[str, str]) -> int:
    grid = _grid_columns(t)
    for h in t.header:
        sheet.boxes.append(
            Box(
                y + h.row,
                h.col + 1,
                header_with_unit(spec, units, t.id, h.text),
                "header",
                h.rowspan,
                h.colspan,
            )
        )
    sheet.header_rows.extend(range(y, y + t.header_rows))
    y += t.header_rows
    first = y
    for i, row in enumerate(t.rows):
        for level, label in enumerate(row.labels):
            if level == len(row.labels) - 1:  # the row's own label takes the remaining label columns
                sheet.boxes.append(Box(first + i, level + 1, label, "label", 1, t.label_columns - level))
            elif i == 0 or t.rows[i - 1].labels[: level + 1] != row.labels[: level + 1]:
                run = 1
                while (
                    i + run < len(t.rows)
                    and t.rows[i + run].labels[: level + 1] == row.labels[: level + 1]
                    and len(t.rows[i + run].labels) > level + 1
                ):
                    run += 1
                sheet.boxes.append(Box(first + i, level + 1, label, "label", run, 1))
        for c, x in grid:
            sheet.cells[t.key(row.id, c.id)] = (first + i, x, c.span)
    return first + len(t.rows)


def sheet_paths(z: zipfile.ZipFile) -> dict[str, str]:
    """Sheet name → its XML part, read from workbook.xml and its relationships without an XML parser
    (also used on untrusted files before any XML is parsed; both parts are size-checked first)."""
    book = z.read("xl/workbook.xml")
    try:
        rels = z.read("xl/_rels/workbook.xml.rels")
    except KeyError:
        return {}
    targets = {}
    for m in _REL_TARGET.finditer(rels):
        rid, target = (m.group(1), m.group(2)) if m.group(1) else (m.group(4), m.group(3))
        t = target.decode("utf-8", "replace")
        targets[rid] = t.lstrip("/") if t.startswith("/") else "xl/" + t
    return {
        unescape(m.group(1).decode("utf-8", "replace")): targets.get(m.group(2), "")
        for m in _SHEET_TARGET.finditer(book)
    }
