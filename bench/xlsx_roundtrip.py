"""Median time to export one report to a workbook and to import it back (target ≤ 0.15 s each); the import
both through read_workbook (the fast reader) and through openpyxl alone (the reader it replaces), findings included.

Run: uv run python bench/xlsx_roundtrip.py [repeats]
"""

from __future__ import annotations

import gc
import os
import platform
import shutil
import statistics
import subprocess
import sys
import tempfile
import time
import tracemalloc
from pathlib import Path

from giapp.catalog import all_forms
from giapp.core.rules import check
from giapp.examples import example_report
from giapp.exchange.xlsx import read_workbook, write_workbook
from giapp.exchange.xlsx_read import read_openpyxl
from giapp.paths import resource


def median_seconds(repeats: int, fn, *args, **kwargs) -> float:
    times = []
    for _ in range(repeats):
        t = time.perf_counter()
        fn(*args, **kwargs)
        times.append(time.perf_counter() - t)
    return statistics.median(times)


def import_with_openpyxl(path: Path, forms) -> None:
    """What read_workbook cost before the fast reader: openpyxl's read-only workbook, then the rule check."""
    check(*read_openpyxl(path, forms))


def libreoffice_copy(src: Path) -> Path | None:
    """The workbook opened and saved again by LibreOffice (None when soffice is missing)."""
    soffice = shutil.which("soffice") or shutil.which("libreoffice")
    if soffice is None:
        return None
    out = src.parent / "libreoffice"
    profile = (src.parent / "lo-profile").as_uri()
    command = [soffice, f"-env:UserInstallation={profile}", "--headless", "--convert-to"]
    command += ["xlsx:Calc MS Excel 2007 XML", "--outdir", str(out), str(src)]
    subprocess.run(command, check=True, capture_output=True, timeout=180)
    return out / src.name


def main() -> None:
    repeats = int(sys.argv[1]) if len(sys.argv) > 1 else 30
    forms = all_forms()
    print(
        f"python {platform.python_version()} on {platform.machine()}, {os.cpu_count()} cores, {repeats} runs each"
    )
    template = resource("templates", "example-province-gov-2021.xlsx")
    mapping = resource("templates", "example-province-gov-2021.toml")
    with tempfile.TemporaryDirectory() as tmp:
        for form_id in ("gov-2019", "gov-2021"):
            spec, report = example_report(form_id)
            path = Path(tmp) / f"{form_id}.xlsx"
            export = median_seconds(repeats, write_workbook, path, spec, report)
            imp = median_seconds(repeats, read_workbook, path, forms)
            old = median_seconds(repeats, import_with_openpyxl, path, forms)
            print(
                f"{form_id}: export {export * 1000:.0f} ms, import {imp * 1000:.1f} ms "
                f"(openpyxl alone {old * 1000:.1f} ms, {old / imp:.1f}×; {path.stat().st_size // 1024} KB)"
            )
        resaved = libreoffice_copy(Path(tmp) / "gov-2021.xlsx")
        if resaved is not None:  # shared strings and rich text instead of our inline strings
            imp = median_seconds(repeats, read_workbook, resaved, forms)
            old = median_seconds(repeats, import_with_openpyxl, resaved, forms)
            print(
                f"gov-2021 saved again by LibreOffice: import {imp * 1000:.1f} ms (openpyxl alone {old * 1000:.1f} ms)"
            )
        spec, report = example_report("gov-2021")
        path = Path(tmp) / "office.xlsx"
        fill = median_seconds(repeats, write_workbook, path, spec, report, template=template, mapping=mapping)
        back = median_seconds(repeats, read_workbook, path, forms, mapping=mapping)
        print(f"office template (gov-2021): fill {fill * 1000:.0f} ms, import {back * 1000:.0f} ms")
        # memory stays flat over many imports, as the aggregation of a province's 1,000 files needs
        path = Path(tmp) / "gov-2021.xlsx"
        tracemalloc.start()
        for _ in range(20):
            read_workbook(path, forms)
        gc.collect()
        after_20 = tracemalloc.get_traced_memory()[0]
        for _ in range(500):
            read_workbook(path, forms)
        gc.collect()
        after_520, peak = tracemalloc.get_traced_memory()
        tracemalloc.stop()
        print(
            f"memory held after 20 imports {after_20 // 1024} KB, after 520 imports {after_520 // 1024} KB "
            f"(peak {peak // 1024} KB)"
        )


if __name__ == "__main__":
    main()
