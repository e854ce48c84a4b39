"""Median time to re-check a whole report after one edit (compute derived cells + every rule).

Run: uv run python bench/core_check.py
"""

from __future__ import annotations

import statistics
import time

from giapp.catalog import get_form
from giapp.core.rules import check
from giapp.examples import example_report


def median_us(fn, n=2000) -> tuple[float, float]:
    times = []
    for i in range(n):
        t0 = time.perf_counter()
        fn(i)
        times.append(time.perf_counter() - t0)
    times.sort()
    return statistics.median(times) * 1e6, times[int(n * 0.9)] * 1e6


def main() -> None:
    for form_id in ("gov-2019", "gov-2021"):
        spec, report = example_report(form_id)
        report.entered_totals = None  # the app recomputes totals as the clerk types
        spec = get_form(form_id)
        keys = spec.input_keys

        def edit_and_check(i, report=report, keys=keys, spec=spec):
            report.values[keys[i % len(keys)]] = i % 7
            check(spec, report)

        med, p90 = median_us(edit_and_check)
        print(f"{form_id}: re-check after one edit  median {med:.0f} µs  p90 {p90:.0f} µs  (target ≤ 200 µs)")


if __name__ == "__main__":
    main()
