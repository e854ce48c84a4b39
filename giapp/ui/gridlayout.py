"""Where every heading, header, label and value of one or more tables sits in a printed-looking grid."""

from __future__ import annotations

from dataclasses import dataclass, field

from giapp.core.formspec import TableSpec

HEADING, HEADER, LABEL, INPUT, DERIVED = "heading", "header", "label", "input", "derived"


@dataclass(frozen=True)
class Tile:
    """One visible cell of the grid: a text (heading, header, label) or a value cell (key)."""

    kind: str
    row: int
    col: int
    rowspan: int = 1
    colspan: int = 1
    text: str = ""
    key: str = ""
    table: str = ""


@dataclass
class GridLayout:
    """Tables stacked in one grid: a block heading row (when several tables share the grid), the official
    header rows, then the data rows with their label hierarchy merged the way the print merges it."""

    tables: list[TableSpec]
    width: int = 0
    height: int = 0
    tiles: dict[tuple[int, int], Tile] = field(default_factory=dict)  # by the tile's top-left corner
    origin: dict[tuple[int, int], tuple[int, int]] = field(default_factory=dict)  # any covered cell → corner
    position: dict[str, tuple[int, int]] = field(default_factory=dict)  # cell key → corner
    header_rows: list[int] = field(default_factory=list)  # grid rows that are heading or header rows
    data_rows: list[int] = field(default_factory=list)
    table_start: dict[str, int] = field(default_factory=dict)  # table id → its first grid row

    @classmethod
    def build(cls, tables: list[TableSpec], cell_kind) -> GridLayout:
        """`cell_kind(key)` gives "derived" for a computed cell, anything else for an input."""
        g = cls(tables, width=max(t.grid_width for t in tables))
        y = 0
        for t in tables:
            g.table_start[t.id] = y
            if len(tables) > 1 and t.heading:
                g._add(Tile(HEADING, y, 0, 1, g.width, t.heading, table=t.id))
                g.header_rows.append(y)
                y += 1
            for h in t.header:
                colspan = h.colspan + (g.width - t.grid_width if h.col + h.colspan == t.grid_width else 0)
                g._add(Tile(HEADER, y + h.row, h.col, h.rowspan, colspan, h.text, table=t.id))
            g.header_rows.extend(range(y, y + t.header_rows))
            y += t.header_rows
            g._add_labels(t, y)
            for i, row in enumerate(t.rows):
                x = t.label_columns
                for c in t.columns:
                    key = t.key(row.id, c.id)
                    kind = DERIVED if cell_kind(key) == "derived" else INPUT
                    g._add(Tile(kind, y + i, x, 1, c.span, key=key, table=t.id))
                    g.position[key] = (y + i, x)
                    x += c.span
                g.data_rows.append(y + i)
            y += len(t.rows)
        g.height = y
        return g

    def _add(self, tile: Tile) -> None:
        self.tiles[(tile.row, tile.col)] = tile
        for r in range(tile.row, tile.row + tile.rowspan):
            for c in range(tile.col, tile.col + tile.colspan):
                self.origin[(r, c)] = (tile.row, tile.col)

    def _add_labels(self, t: TableSpec, y0: int) -> None:
        """Consecutive rows sharing a label prefix merge vertically; a row's last label spans the label
        columns its path does not use (（一）予以公开 covers two columns, 1.属于国家秘密 one)."""
        n = t.label_columns
        for level in range(n):
            i = 0
            while i < len(t.rows):
                labels = t.rows[i].labels
                if len(labels) <= level:
                    i += 1
                    continue
                prefix = labels[: level + 1]
                last = len(labels) == level + 1
                j = i + 1
                if not last:  # a parent label runs down all its children
                    while (
                        j < len(t.rows)
                        and t.rows[j].labels[: level + 1] == prefix
                        and len(t.rows[j].labels) > level + 1
                    ):
                        j += 1
                colspan = n - level if last else 1
                self._add(Tile(LABEL, y0 + i, level, j - i, colspan, labels[level], table=t.id))
                i = j
            # rows whose path is shorter leave no gap: their last label already spans to the end

    def tile_at(self, row: int, col: int) -> Tile | None:
        corner = self.origin.get((row, col))
        return self.tiles.get(corner) if corner else None

    def spans(self) -> list[Tile]:
        return [t for t in self.tiles.values() if t.rowspan > 1 or t.colspan > 1]

    def data_columns(self, row: int) -> list[int]:
        """The left edges of the value cells of a data row, left to right."""
        return sorted(c for (r, c), t in self.tiles.items() if r == row and t.kind in (INPUT, DERIVED))
