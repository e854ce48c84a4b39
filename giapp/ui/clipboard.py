"""Tab-separated blocks as Excel and WPS put them on the clipboard, and back."""

from __future__ import annotations


def tsv_to_block(text: str) -> list[list[str]]:
    """Rows of cells; the line break Excel adds after the last row is not an extra empty row."""
    lines = text.replace("\r\n", "\n").replace("\r", "\n").split("\n")
    while lines and not lines[-1].strip():
        lines.pop()
    return [[cell.strip().strip('"') for cell in line.split("\t")] for line in lines]


def block_to_tsv(block: list[list[str]]) -> str:
    return "".join("\t".join(row) + "\r\n" for row in block)
