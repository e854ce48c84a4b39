"""Median time to export the sample report to PDF, against LibreOffice converting the same report's workbook.

Run: uv run python bench/pdf_export.py [--runs 20] [--lo-runs 3]
"""

from __future__ import annotations

import argparse
import os
import platform
import shutil
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

from giapp.core.report import compute
from giapp.core.values import format_value
from giapp.examples import example_report
from giapp.exchange.pdf import pdf_bytes


def report_workbook(path: Path, form_id: str) -> None:
    """The same report as a workbook: giapp.exchange.xlsx when this branch has it, else a plain one."""
    spec, report = example_report(form_id)
    try:
        from giapp.exchange.xlsx import write_workbook  # type: ignore[import-not-found]

        write_workbook(path, spec, report)
        return
    except ImportError:
        pass
    from openpyxl import Workbook
    from openpyxl.styles import Alignment, Border, Side

    values = compute(spec, report.values)
    wb = Workbook()
    ws = wb.active
    ws.title = "年度报告"
    thin = Side(style="thin")
    box = Border(left=thin, right=thin, top=thin, bottom=thin)
    ws.append([report.title])
    for section in spec.sections:
        if section.heading:
            ws.append([section.heading])
        for line in report.texts.get(section.id, "").splitlines():
            ws.append([line])
            ws.cell(ws.max_row, 1).alignment = Alignment(wrap_text=True)
        for tid in section.tables:
            t = spec.tables[tid]
            top = ws.max_row + 1
            for h in t.header:
                ws.cell(top + h.row, h.col + 1, h.text)
                if h.rowspan > 1 or h.colspan > 1:
                    ws.merge_cells(
                        start_row=top + h.row,
                        start_column=h.col + 1,
                        end_row=top + h.row + h.rowspan - 1,
                        end_column=h.col + h.colspan,
                    )
            r = top + t.header_rows
            for row in t.rows:
                for i, label in enumerate(row.labels):
                    ws.cell(r, i + 1, label)
                x = t.label_columns + 1
                for c in t.columns:
                    ws.cell(r, x, format_value(values[t.key(row.id, c.id)]) or "0")
                    x += c.span
                r += 1
            for row_cells in ws.iter_rows(min_row=top, max_row=r - 1, max_col=t.grid_width):
                for cell in row_cells:
                    cell.border = box
    ws.append([report.agency])
    ws.column_dimensions["A"].width = 40
    wb.save(path)


def libreoffice_seconds(xlsx: Path, runs: int) -> list[float]:
    soffice = shutil.which("soffice") or shutil.which("libreoffice")
    if soffice is None:
        return []
    profile = Path(
        tempfile.mkdtemp(prefix="bench-lo-profile-")
    )  # own profile: other soffice runs don't block
    cmd = [
        soffice,
        f"-env:UserInstallation={profile.as_uri()}",
        "--headless",
        "--convert-to",
        "pdf",
        "--outdir",
        str(xlsx.parent),
        str(xlsx),
    ]
    subprocess.run(cmd, check=True, capture_output=True, timeout=300)  # first run builds the profile
    times = []
    for _ in range(runs):
        t = time.perf_counter()
        subprocess.run(cmd, check=True, capture_output=True, timeout=300)
        times.append(time.perf_counter() - t)
    shutil.rmtree(profile, ignore_errors=True)
    return times


def main() -> int:
    ap = argparse.ArgumentParser()
    ap.add_argument("--runs", type=int, default=20)
    ap.add_argument("--lo-runs", type=int, default=3)
    ap.add_argument("--form", default="gov-2019", choices=["gov-2019", "gov-2021"])
    args = ap.parse_args()

    spec, report = example_report(args.form)
    t = time.perf_counter()
    data = pdf_bytes(spec, report)  # cold: the fonts are loaded and registered in this call
    cold = time.perf_counter() - t
    warm = []
    for _ in range(args.runs):
        t = time.perf_counter()
        pdf_bytes(spec, report)
        warm.append(time.perf_counter() - t)

    print(f"machine: {platform.platform()}, {os.cpu_count()} cores, Python {sys.version.split()[0]}")
    print(f"report: {args.form} sample ({report.title}), PDF {len(data) // 1024} KB")
    print(f"giapp PDF, cold (fonts registered in the call): {cold:.3f} s")
    print(f"giapp PDF, warm median of {args.runs}: {statistics.median(warm):.3f} s")

    with tempfile.TemporaryDirectory() as tmp:
        xlsx = Path(tmp) / "report.xlsx"
        report_workbook(xlsx, args.form)
        lo = libreoffice_seconds(xlsx, args.lo_runs)
    if not lo:
        print("LibreOffice (soffice) not installed: no comparison")
        return 0
    lo_med = statistics.median(lo)
    print(f"LibreOffice xlsx→pdf, median of {len(lo)}: {lo_med:.3f} s")
    print(
        f"ratio LibreOffice / giapp cold: {lo_med / cold:.1f}×, / giapp warm: {lo_med / statistics.median(warm):.1f}×"
    )
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
