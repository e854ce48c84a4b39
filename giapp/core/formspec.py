"""What an official form is, once loaded: its sections, tables, cells and compiled rules (see formload.py)."""

from __future__ import annotations

from dataclasses import dataclass, field

from giapp.core.formtext import TEXT_RULE_KINDS, TextRule

VALUE_KINDS = ("count", "signed", "money")
CELL_KINDS = (*VALUE_KINDS, "derived")
SEVERITIES = ("error", "warning")
RULE_KINDS = ("sum", "compare", "kinds", *TEXT_RULE_KINDS)
SCHEMA_VERSION = 1


class FormError(ValueError):
    """A form file that cannot be used; the message names the file and the place."""


@dataclass(frozen=True)
class ColumnSpec:
    id: str
    label: str
    kind: str
    span: int = 1
    unit: str = ""
    units: tuple[str, ...] = ()
    decimals: int = 0


@dataclass(frozen=True)
class RowSpec:
    id: str
    labels: tuple[str, ...]
    derived: bool = False

    @property
    def label(self) -> str:
        """The row's own label as printed, without its parents."""
        return self.labels[-1] if self.labels else ""


@dataclass(frozen=True)
class HeaderCell:
    row: int
    col: int
    text: str
    rowspan: int = 1
    colspan: int = 1


@dataclass(frozen=True)
class CellSpec:
    key: str
    table: str
    row: str
    col: str
    kind: str  # count | signed | money | derived

    @property
    def is_input(self) -> bool:
        return self.kind != "derived"


@dataclass
class TableSpec:
    id: str
    section: str
    heading: str
    label_columns: int
    columns: list[ColumnSpec]
    rows: list[RowSpec]
    header: list[HeaderCell]
    corner: str = ""

    @property
    def grid_width(self) -> int:
        """Columns of the printed grid: label columns plus every data column's span."""
        return self.label_columns + sum(c.span for c in self.columns)

    @property
    def header_rows(self) -> int:
        return max((h.row + h.rowspan for h in self.header), default=0)

    @property
    def title(self) -> str:
        """How a clerk names this table: its block heading, else its section heading."""
        return self.heading

    def column(self, col_id: str) -> ColumnSpec:
        return next(c for c in self.columns if c.id == col_id)

    def row(self, row_id: str) -> RowSpec:
        return next(r for r in self.rows if r.id == row_id)

    def key(self, row_id: str, col_id: str) -> str:
        return f"{self.id}.{row_id}.{col_id}"


@dataclass(frozen=True)
class SectionSpec:
    id: str
    heading: str
    template: str = ""
    tables: tuple[str, ...] = ()


@dataclass(frozen=True)
class Term:
    """One addend of a rule: a cell of this year's (or last year's) report, added or subtracted."""

    key: str
    prev: bool = False
    sign: int = 1


@dataclass(frozen=True)
class RuleCheck:
    """One compiled comparison: sum(left) <op> sum(right), at one row or column of one table."""

    rule_id: str
    kind: str
    severity: str
    op: str
    target: str  # the cell the finding points at first
    left: tuple[Term, ...]
    right: tuple[Term, ...]
    table: str
    row: str  # row id, or "" for a column-wide check
    col: str  # column id, or "" for a row-wide check
    message: str

    @property
    def needs_prev(self) -> bool:
        return any(t.prev for t in (*self.left, *self.right))


@dataclass
class FormSpec:
    id: str
    name: str
    document: str
    years: tuple[int, int]
    sections: list[SectionSpec]
    tables: dict[str, TableSpec]
    cells: dict[str, CellSpec]
    input_keys: list[str]
    # derived cell → the cells it is the sum of, in an order where every source comes first
    derived: list[tuple[str, tuple[str, ...]]]
    checks: list[RuleCheck]
    kinds_rule: RuleCheck | None
    source: str = ""
    rule_ids: tuple[str, ...] = field(default_factory=tuple)
    text_rules: list[TextRule] = field(default_factory=list)  # completeness and narrative rules

    def table_of(self, key: str) -> TableSpec:
        return self.tables[self.cells[key].table]

    def column_of(self, key: str) -> ColumnSpec:
        c = self.cells[key]
        return self.tables[c.table].column(c.col)

    def row_of(self, key: str) -> RowSpec:
        c = self.cells[key]
        return self.tables[c.table].row(c.row)

    def section(self, section_id: str) -> SectionSpec:
        return next(s for s in self.sections if s.id == section_id)

    def section_of_table(self, table_id: str) -> SectionSpec:
        return next(s for s in self.sections if table_id in s.tables)

    def table_title(self, table_id: str) -> str:
        """ "三、收到和处理…" for a table alone in its section, "二、… 第二十条第（一）项" for a block."""
        t = self.tables[table_id]
        sec = self.section_of_table(table_id)
        return f"{sec.heading} {t.heading}" if t.heading else sec.heading

    def value_kind(self, key: str) -> str:
        return self.cells[key].kind

    def fits_year(self, year: int) -> bool:
        return self.years[0] <= year <= self.years[1]
