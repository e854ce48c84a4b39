"""Bench: sum 100, 300 and 1,000 generated agency files; seconds per N (linear?) and peak memory.

    uv run python bench/aggregate.py                 # workbooks when the xlsx module is there, else report files
    uv run python bench/aggregate.py --kind json     # report files
    uv run python bench/aggregate.py --sizes 100 300 1000 --repeat 3 --workers 1 2

Each measurement runs in a fresh process so peak RSS (ru_maxrss of the process and of its worker processes)
belongs to that N alone. Prints the median of --repeat runs.
"""

from __future__ import annotations

import argparse
import json
import os
import platform
import random
import resource
import statistics
import subprocess
import sys
import tempfile
import time
from decimal import Decimal
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))


def generate(folder: Path, n: int, kind: str) -> None:
    from giapp.catalog import all_forms
    from giapp.core.report import Report
    from giapp.exchange.reportfile import write_report_file

    spec = all_forms()["gov-2021"]
    rng = random.Random(n)
    if kind == "xlsx":
        from giapp.exchange.xlsx import write_workbook as write
    else:
        write = write_report_file
    for i in range(n):
        r = Report(spec.id, f"第{i:04d}号单位", 2023, "2024-01-20")
        for key in spec.input_keys:
            if spec.value_kind(key) == "money":
                r.values[key] = Decimal(rng.randint(0, 9_999_999)).scaleb(-3)
            else:
                r.values[key] = rng.randint(0, 40)
        suffix = ".xlsx" if kind == "xlsx" else ".giapp.json"
        write(folder / f"unit-{i:04d}{suffix}", spec, r)


def measure(folder: Path, n: int, workers: int) -> dict:
    from giapp.catalog import all_forms
    from giapp.exchange.aggregate import aggregate

    files = sorted(folder.iterdir())[:n]
    forms = all_forms()
    start = time.perf_counter()
    summary = aggregate(files, forms, workers=workers)
    seconds = time.perf_counter() - start
    assert len(summary.summed) == n, [s.message for s in summary.refused][:3]
    me, kids = resource.getrusage(resource.RUSAGE_SELF), resource.getrusage(resource.RUSAGE_CHILDREN)
    cpu = me.ru_utime + me.ru_stime + kids.ru_utime + kids.ru_stime  # load-independent cost, workers included
    return {
        "seconds": seconds,
        "cpu": cpu,
        "rss_mib": me.ru_maxrss / 1024,
        "worker_rss_mib": kids.ru_maxrss / 1024,
    }


def main() -> None:
    p = argparse.ArgumentParser()
    p.add_argument("--kind", choices=["xlsx", "json"])
    p.add_argument("--sizes", type=int, nargs="+", default=[100, 300, 1000])
    p.add_argument("--workers", type=int, nargs="+", default=[2])
    p.add_argument("--repeat", type=int, default=3)
    p.add_argument("--dir", type=Path, help="keep the generated files here and reuse them on the next run")
    p.add_argument("--measure", nargs=3, metavar=("FOLDER", "N", "WORKERS"), help=argparse.SUPPRESS)
    args = p.parse_args()
    if args.measure:
        folder, n, workers = args.measure
        print(json.dumps(measure(Path(folder), int(n), int(workers))))
        return
    kind = args.kind
    if kind is None:
        try:
            import giapp.exchange.xlsx  # noqa: F401

            kind = "xlsx"
        except ImportError:
            kind = "json"
    print(f"machine: {platform.platform()}, {os.cpu_count()} cores, Python {platform.python_version()}")
    print(f"files: {'workbooks (.xlsx)' if kind == 'xlsx' else 'report files (.giapp.json)'}")
    with tempfile.TemporaryDirectory() as tmp:
        folder = args.dir / kind if args.dir else Path(tmp)
        folder.mkdir(parents=True, exist_ok=True)
        if len(list(folder.iterdir())) < max(args.sizes):
            t = time.perf_counter()
            generate(folder, max(args.sizes), kind)
            print(f"generated {max(args.sizes)} files in {time.perf_counter() - t:.1f} s")
        print(f"load average before: {os.getloadavg()[0]:.1f} (other programs share these cores)")
        print(
            f"{'N':>6} {'workers':>7} {'median s':>9} {'ms/file':>8} {'CPU s':>7} "
            f"{'peak RSS MiB':>13} {'worker RSS MiB':>15}"
        )
        for workers in args.workers:
            for n in args.sizes:
                runs = []
                for _ in range(args.repeat):
                    out = subprocess.run(
                        [sys.executable, __file__, "--measure", str(folder), str(n), str(workers)],
                        check=True,
                        capture_output=True,
                        text=True,
                    )
                    runs.append(json.loads(out.stdout.strip().splitlines()[-1]))
                sec = statistics.median(r["seconds"] for r in runs)
                cpu = statistics.median(r["cpu"] for r in runs)
                rss = max(r["rss_mib"] for r in runs)
                wrss = max(r["worker_rss_mib"] for r in runs)
                print(
                    f"{n:>6} {workers:>7} {sec:>9.2f} {sec / n * 1000:>8.1f} {cpu:>7.1f} {rss:>13.0f} {wrss:>15.0f}"
                )


if __name__ == "__main__":
    main()
