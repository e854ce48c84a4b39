"""Report files for tests that sum or exchange many reports: complete, so only their numbers speak."""

from __future__ import annotations

from pathlib import Path

from giapp.core.report import Report
from giapp.exchange.reportfile import write_report_file


def complete_report(spec, agency: str, values: dict, year: int = 2023, units=None) -> Report:
    """Dated, every text section written (no figures in it): completeness and narrative checks stay quiet."""
    r = Report(spec.id, agency, year, f"{year + 1}-01-20")
    r.values = dict(values)
    r.units = dict(units or {})
    r.texts = {s.id: f"{agency}本年度的{s.heading or '报告说明'}。" for s in spec.sections}
    return r


def write_report(
    folder: Path, spec, agency: str, values: dict, year: int = 2023, name: str = "", units=None
) -> Path:
    path = folder / (name or f"{agency}.giapp.json")
    path.parent.mkdir(parents=True, exist_ok=True)
    write_report_file(path, spec, complete_report(spec, agency, values, year, units))
    return path
