"""Precision (true alarms / all alarms) and recall of the narrative check on the sentence set of the tests."""

from __future__ import annotations

import sys
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parents[1] / "tests"))

from narrative_cases import CASES  # noqa: E402

from giapp.core.rules import check  # noqa: E402
from giapp.examples import example_report  # noqa: E402


def main() -> None:
    spec, example = example_report("gov-2021")
    alarms = true_alarms = expected_total = 0
    for text, expected in CASES:
        report = example.copy()
        report.texts["overview"] = text
        got = [(f.cells[0], f.expected, f.found) for f in check(spec, report) if f.rule == "N1"]
        alarms += len(got)
        true_alarms += sum(1 for g in got if g in expected)
        expected_total += len(expected)
        for g in got:
            if g not in expected:
                print("false alarm:", text.replace("\n", " "), g)
    silent = sum(1 for _, expected in CASES if not expected)
    print(f"sentences: {len(CASES)} ({silent} must raise nothing), expected alarms: {expected_total}")
    print(f"alarms: {alarms}, true alarms: {true_alarms}")
    print(f"precision: {true_alarms / alarms:.1%}" if alarms else "precision: n/a (no alarm)")
    print(f"recall: {true_alarms / expected_total:.1%}")


if __name__ == "__main__":
    main()
