"""A finding: one thing a clerk should fix or explain, pointing at cells and, for texts, at a sentence."""

from __future__ import annotations

from dataclasses import dataclass


@dataclass(frozen=True)
class Finding:
    rule: str  # stable rule id of the form file: S1, I1 … X3, W1, N1 …
    severity: str  # "error" or "warning"
    table_id: str
    row_id: str  # "" when the finding is about a whole column
    col_id: str  # "" when the finding is about a whole row
    cells: tuple[str, ...]  # the cells involved, the one to show first
    expected: str
    found: str
    message: str
    table: str = ""  # labels as printed in the official table (the row without its parents)
    row: str = ""
    column: str = ""
    # For a finding about a text: the section id and the character range [start, end) in its text that the
    # finding is about (the quoted figure); -1 when the finding is about a whole section or no text.
    section: str = ""
    start: int = -1
    end: int = -1

    @property
    def id(self) -> str:
        """Stable across edits: the key a clerk's explanation of a warning is kept under."""
        if self.section:  # offsets move with every keystroke, the section and the cell do not
            return f"{self.rule}:{self.section}:{self.cells[0] if self.cells else ''}"
        return f"{self.rule}:{self.cells[0] if self.cells else self.table_id}"

    @property
    def is_error(self) -> bool:
        return self.severity == "error"

    @property
    def in_text(self) -> bool:
        """True when the finding points at a range of a section's text (the sentence to highlight)."""
        return bool(self.section) and self.start >= 0

    def as_dict(self) -> dict:
        return {
            "rule": self.rule,
            "severity": self.severity,
            "table": self.table,
            "row": self.row,
            "column": self.column,
            "expected": self.expected,
            "found": self.found,
            "message": self.message,
            # the text a finding points into: section id and [start, end) in its text; "" / -1 for tables
            "section": self.section,
            "start": self.start,
            "end": self.end,
        }
