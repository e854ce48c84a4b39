"""The statistical tables of a report as reportlab Tables: merged headers, label hierarchy, units, values."""

from __future__ import annotations

import math
import re
from dataclasses import dataclass, field
from xml.sax.saxutils import escape

from reportlab.lib import colors
from reportlab.lib.enums import TA_CENTER, TA_LEFT
from reportlab.lib.styles import ParagraphStyle
from reportlab.pdfbase.pdfmetrics import stringWidth
from reportlab.platypus import Paragraph, Table, TableStyle

from giapp.core.formspec import FormSpec, SectionSpec, TableSpec
from giapp.core.report import Report, compute, header_with_unit
from giapp.core.values import Value, format_value
from giapp.exchange.fonts import FontSet

WUHAO, XIAOWU = 10.5, 9.0  # 五号 and 小五, in points
PAD = 2.0
# A blank input cell prints as 0: the format asks for 0 in a report ready to print, and a blank on paper
# looks like a cell someone forgot. The derived totals already count a blank as 0.
BLANK = "0"
ENTERED_NOTE = "注：标 * 的合计数是按各项之和计算的结果，与导入文件中所填不同。导入文件中所填为："
_NUMBERED = re.compile(r"^(（[^）]{1,3}）|[一二三四五六七八九十]{1,3}、)(.+)$")


def _even_lines(text: str, per_line: int) -> list[str]:
    """Break a short label into lines of even length (商业/企业, not 商业企/业); after its （三） if that fits."""
    if per_line < 1 or len(text) <= per_line or len(text) > 4 * per_line or " " in text:
        return [text]  # fits, or long text: the normal line breaking is better
    m = _NUMBERED.match(text)
    if m and len(m.group(1)) <= per_line and len(m.group(2)) <= per_line:
        return [m.group(1), m.group(2)]
    n = math.ceil(len(text) / per_line)
    step = math.ceil(len(text) / n)
    return [text[i : i + step] for i in range(0, len(text), step)]


@dataclass
class _Grid:
    """Rows of cells on the printed grid, the spans that merge them, and what each region looks like."""

    width: int
    rows: list[list] = field(default_factory=list)
    commands: list[tuple] = field(default_factory=list)

    def add_rows(self, n: int) -> int:
        start = len(self.rows)
        self.rows.extend([""] * self.width for _ in range(n))
        return start

    def put(self, row: int, col: int, content, rowspan: int = 1, colspan: int = 1) -> None:
        self.rows[row][col] = content
        if rowspan > 1 or colspan > 1:
            self.commands.append(("SPAN", (col, row), (col + colspan - 1, row + rowspan - 1)))


class TablePrinter:
    """Builds the printed tables of one report; one instance per export (styles depend on the fonts)."""

    def __init__(self, spec: FormSpec, report: Report, fonts: FontSet, frame_width: float):
        self.spec, self.report, self.fonts, self.width = spec, report, fonts, frame_width
        self.values = compute(spec, report.values)
        self.entered = report.entered_totals
        self.mismatches: list[str] = []  # totals printed that differ from the ones in the imported file
        self._widths: list[float] = []
        self._styles: dict[tuple, ParagraphStyle] = {}

    # ------------------------------------------------------------------ text
    def style(self, size: float, role: str = "song", align: int = TA_CENTER) -> ParagraphStyle:
        key = (size, role, align)
        if key not in self._styles:
            self._styles[key] = ParagraphStyle(
                f"cell-{role}-{size}-{align}",
                fontName=self.fonts.names[role],
                fontSize=size,
                leading=size * 1.25,
                alignment=align,
                wordWrap="CJK",
            )
        return self._styles[key]

    def para(
        self, text: str, size: float, role: str = "song", align: int = TA_CENTER, room: float = 0
    ) -> Paragraph:
        """A cell's text; a short label in a narrow cell (`room` given) breaks into even lines."""
        text = self.fonts.printable(text, role)
        lines = _even_lines(text, int((room - 2 * PAD) // size)) if room else [text]
        return Paragraph("<br/>".join(escape(x) for x in lines), self.style(size, role, align))

    def cell_text(self, key: str, size: float, width: float):
        """What a value cell prints: the value (0 for blank) on one line, smaller when it would not fit.

        A total that differs from the one entered in an imported file is marked * and listed under the table
        with the number entered, so the PDF hides neither.
        """
        value = self.values[key]
        shown = BLANK if value is None else format_value(value)
        cell = self.spec.cells[key]
        if self.entered is not None and not cell.is_input:
            entered: Value = self.entered.get(key)
            if entered is not None and entered != value:
                shown += "*"
                t = self.spec.tables[cell.table]
                where = "/".join(x for x in (t.row(cell.row).label, t.column(cell.col).label) if x)
                self.mismatches.append(f"{where} {format_value(entered)}")
        font = self.fonts.names["song"]
        natural = stringWidth(shown, font, size)
        room = width - 2 * PAD
        if natural <= room:
            return shown
        small = max(size * room / natural, 4.0)
        return Paragraph(
            shown, ParagraphStyle("fit", parent=self.style(size), fontSize=small, leading=small * 1.2)
        )

    # ------------------------------------------------------------------ layout
    def section_tables(self, section: SectionSpec) -> tuple[list[Table], bool]:
        """The printed tables of a section, and whether they are blocks of one table (section 二).

        Blocks of one grid width print as one table: each block is a Table of the same columns set edge to
        edge, to be kept whole, so that a page break falls only between blocks, never inside one.
        """
        tables = [self.spec.tables[t] for t in section.tables]
        blocks = len(tables) > 1 and len({t.grid_width for t in tables}) == 1
        return [self.build(t, block=blocks) for t in tables], blocks

    def build(self, t: TableSpec, block: bool) -> Table:
        width = t.grid_width
        size = WUHAO if width <= 6 else XIAOWU
        grid = _Grid(width)
        self._widths = self._col_widths(t, size)
        if block:  # the block's heading, across the whole table
            r = grid.add_rows(1)
            grid.put(r, 0, self.para(t.heading, size, "hei"), colspan=width)
        start = grid.add_rows(t.header_rows)
        self._header(grid, t, start, size)
        self._body(grid, t, size)
        # the header rows repeat on the next page when a table breaks across pages
        table = Table(grid.rows, colWidths=self._widths, repeatRows=start + t.header_rows, hAlign="CENTER")
        table.setStyle(
            TableStyle(
                [
                    ("GRID", (0, 0), (-1, -1), 0.6, colors.black),
                    ("FONT", (0, 0), (-1, -1), self.fonts.names["song"], size, size * 1.25),
                    ("ALIGN", (0, 0), (-1, -1), "CENTER"),
                    ("VALIGN", (0, 0), (-1, -1), "MIDDLE"),
                    ("LEFTPADDING", (0, 0), (-1, -1), PAD),
                    ("RIGHTPADDING", (0, 0), (-1, -1), PAD),
                    ("TOPPADDING", (0, 0), (-1, -1), PAD),
                    ("BOTTOMPADDING", (0, 0), (-1, -1), PAD + 1),
                    *grid.commands,
                ]
            )
        )
        return table

    def _header(self, grid: _Grid, t: TableSpec, start: int, size: float) -> None:
        for h in t.header:
            text = header_with_unit(self.spec, self.report.units, t.id, h.text)
            room = sum(self._widths[h.col : h.col + h.colspan])
            grid.put(start + h.row, h.col, self.para(text, size, room=room), h.rowspan, h.colspan)

    def _body(self, grid: _Grid, t: TableSpec, size: float) -> None:
        start = grid.add_rows(len(t.rows))
        levels = t.label_columns
        open_groups: dict[int, tuple[tuple[str, ...], int]] = {}  # level → (label path, first row)
        for i, row in enumerate(t.rows):
            r = start + i
            labels = row.labels
            for level in range(levels):
                prefix = labels[: level + 1]
                group = open_groups.get(level)
                if group is not None and (len(labels) <= level + 1 or group[0] != prefix):
                    self._close_group(grid, level, group, r)
                    open_groups.pop(level)
                    group = None
                if level >= len(labels):
                    continue
                if level < len(labels) - 1:  # a group label: merged down over the rows that share it
                    if group is None:
                        open_groups[level] = (prefix, r)
                        room = self._widths[level]
                        grid.put(r, level, self.para(labels[level], size, align=TA_CENTER, room=room))
                    continue
                align = TA_LEFT if levels > 1 else TA_CENTER
                grid.put(r, level, self.para(labels[level], size, align=align), colspan=levels - level)
            if not labels and levels:
                grid.put(r, 0, "", colspan=levels)
            x = levels
            for c in t.columns:
                room = sum(self._widths[x : x + c.span])
                grid.put(r, x, self.cell_text(t.key(row.id, c.id), size, room), colspan=c.span)
                x += c.span
        for level, group in open_groups.items():
            self._close_group(grid, level, group, start + len(t.rows))

    @staticmethod
    def _close_group(grid: _Grid, level: int, group: tuple[tuple[str, ...], int], end: int) -> None:
        first = group[1]
        if end - first > 1:
            grid.commands.append(("SPAN", (level, first), (level, end - 1)))

    def _col_widths(self, t: TableSpec, size: float) -> list[float]:
        n_data = t.grid_width - t.label_columns
        if t.label_columns <= 1:  # 二 and 四: equal columns
            return [self.width / t.grid_width] * t.grid_width
        # 三: narrow data columns (three characters a line fits 社会公益组织 on two lines), labels get the rest;
        # a group column holds its label at up to 5 (first level) or 4 characters a line, so that the long
        # leaf labels mostly fit on one line and the table fits on one page
        data_w = 3 * size + 2 * PAD + 1
        group_w = []
        for level in range(t.label_columns - 1):
            longest = max((len(r.labels[level]) for r in t.rows if len(r.labels) > level + 1), default=2)
            group_w.append(min(longest, 5 if level == 0 else 4) * size + 2 * PAD + 1)
        leaf_w = self.width - data_w * n_data - sum(group_w)
        return [*group_w, leaf_w] + [data_w] * n_data
