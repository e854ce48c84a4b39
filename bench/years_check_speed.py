"""Median time of a full re-check (tables, cross-year, narrative, completeness) of the 2020 sample report."""

from __future__ import annotations

import statistics
import time

from giapp.core.narrative_check import clear_caches
from giapp.core.rules import check
from giapp.examples import example_report


def _median_us(fn, runs: int = 2000) -> float:
    times = []
    for _ in range(runs):
        t0 = time.perf_counter()
        fn()
        times.append(time.perf_counter() - t0)
    return statistics.median(times) * 1e6


def main() -> None:
    spec, report = example_report("gov-2019")
    recomputing = report.copy()
    recomputing.entered_totals = None
    no_text = recomputing.copy()
    no_text.texts = {}
    check(spec, report)  # warm the caches of the form lookups

    def uncached():
        clear_caches()
        check(spec, recomputing)

    def edit_a_cell():  # what happens after one keystroke in a cell: texts unchanged, parse cached
        recomputing.values["applications.new.natural"] = 3
        check(spec, recomputing)

    print(f"full re-check after a cell edit (narrative cached): {_median_us(edit_a_cell):.0f} µs median")
    print(f"full re-check with the narrative parsed afresh:    {_median_us(uncached):.0f} µs median")
    print(
        f"tables and completeness only (no texts):           {_median_us(lambda: check(spec, no_text)):.0f} µs median"
    )
    print(
        f"finished-report check (printed totals, cached):    {_median_us(lambda: check(spec, report)):.0f} µs median"
    )


if __name__ == "__main__":
    main()
