"""The example reports offered to a new user and written by `giapp example`."""

from __future__ import annotations

from giapp.catalog import all_forms
from giapp.core.formspec import FormSpec
from giapp.core.report import Report
from giapp.exchange.reportfile import read_report_file
from giapp.paths import resource

EXAMPLES = {
    # the real 2020 report of 黑龙江省人民防空办公室 as published, its errors included
    "gov-2019": "gov-2019-sample.giapp.json",
    # a consistent report in the current format
    "gov-2021": "gov-2021-example.giapp.json",
}


def example_report(form_id: str) -> tuple[FormSpec, Report]:
    return read_report_file(resource("examples", EXAMPLES[form_id]), all_forms())
