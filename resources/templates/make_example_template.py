"""Write the example office template (a province's own list-style workbook) and its mapping for gov-2021.

Run from the repository root:  uv run python resources/templates/make_example_template.py
A province's real template differs; this one shows what a mapping can do: cells anywhere on any sheet,
the office's own styles and its own SUM formulas for the totals, metadata and texts in cells of its choosing.
"""

from __future__ import annotations

import sys
from pathlib import Path

from openpyxl import Workbook
from openpyxl.styles import Alignment, Border, Font, PatternFill, Side

HERE = Path(__file__).resolve().parent
sys.path.insert(0, str(HERE.parent.parent))

from giapp.catalog import get_form  # noqa: E402
from giapp.core.report import describe_cell  # noqa: E402

FORM = "gov-2021"
NAME = f"example-province-{FORM}"
FIRST_ROW = 6


def main() -> None:
    spec = get_form(FORM)
    wb = Workbook()
    ws = wb.active
    ws.title = "报送表"
    thin = Side(style="thin", color="4F81BD")
    box = Border(left=thin, right=thin, top=thin, bottom=thin)
    head_fill = PatternFill("solid", fgColor="FFDCE6F1")
    ws["A1"] = "××省政府信息公开工作年度报告数据报送表"
    ws["A1"].font = Font(name="黑体", size=16, color="1F497D")
    ws.merge_cells("A1:D1")
    ws.row_dimensions[1].height = 26
    for row, label in ((2, "填报单位"), (3, "报告年度"), (4, "成文日期")):
        ws.cell(row, 2, label).font = Font(name="宋体", bold=True)
        ws.cell(row, 2).alignment = Alignment(horizontal="right")
    for col, text in zip("ABCD", ("序号", "表格", "项目", "数值"), strict=True):
        c = ws[f"{col}{FIRST_ROW - 1}"]
        c.value, c.fill, c.border = text, head_fill, box
        c.font, c.alignment = Font(name="宋体", bold=True), Alignment(horizontal="center")
    rows: dict[str, int] = {}
    keys = list(spec.cells)
    for i, key in enumerate(keys):
        r = FIRST_ROW + i
        rows[key] = r
        table, *rest = describe_cell(spec, key).split(" / ")
        ws.cell(r, 1, i + 1)
        ws.cell(r, 2, table)
        ws.cell(r, 3, " / ".join(rest))
        for c in range(1, 5):
            ws.cell(r, c).border = box
            ws.cell(r, c).font = Font(name="宋体", size=10)
    sources = dict(spec.derived)
    for key in keys:
        value = ws.cell(rows[key], 4)
        if key in sources:  # the office's own formula: a list of the cells it adds
            value.value = "=SUM(" + ",".join(f"D{rows[s]}" for s in sources[key]) + ")"
            value.fill = PatternFill("solid", fgColor="FFF2F2F2")
        value.number_format = "0.0000" if spec.cells[key].kind == "money" else "0"
    for col, width in zip("ABCD", (6, 40, 60, 14), strict=True):
        ws.column_dimensions[col].width = width
    ws.freeze_panes = f"A{FIRST_ROW}"
    ws.page_setup.paperSize = ws.PAPERSIZE_A4
    ws.page_setup.fitToWidth, ws.page_setup.fitToHeight = 1, 0
    ws.sheet_properties.pageSetUpPr.fitToPage = True
    ws.print_title_rows = f"{FIRST_ROW - 1}:{FIRST_ROW - 1}"

    texts = wb.create_sheet("文字部分")
    text_rows = {}
    for i, sec in enumerate(s for s in spec.sections if not s.tables):
        r = 2 * i + 1
        texts.cell(r, 1, sec.heading or "前言").font = Font(name="黑体", size=12)
        texts.cell(r + 1, 1).alignment = Alignment(wrap_text=True, vertical="top")
        text_rows[sec.id] = r + 1
    texts.column_dimensions["A"].width = 100
    wb.save(HERE / f"{NAME}.xlsx")

    lines = [
        f"# Mapping of the example office template {NAME}.xlsx (written by make_example_template.py).",
        '# Each form cell (table.row.column, see forms/*.toml) → "工作表!单元格" in the office\'s workbook.',
        "# Cells not listed are left as they are on export and read as blank on import.",
        f'form = "{FORM}"',
        "",
        "[meta]",
        'agency = "报送表!C2"',
        'year = "报送表!C3"',
        'date = "报送表!C4"',
        "",
        "[texts]",
        *(f'{sid} = "文字部分!A{r}"' for sid, r in text_rows.items()),
        "",
        "[cells]",
        *(f'"{key}" = "报送表!D{rows[key]}"' for key in keys),
    ]
    (HERE / f"{NAME}.toml").write_text("\n".join(lines) + "\n", encoding="utf-8")


if __name__ == "__main__":
    main()
