"""The forms this program knows, loaded once from the bundled forms/ folder."""

from __future__ import annotations

from functools import cache

from giapp.core.formload import load_form
from giapp.core.formspec import FormSpec
from giapp.paths import forms_dir


@cache
def all_forms() -> dict[str, FormSpec]:
    forms = {}
    for path in sorted(forms_dir().glob("*.toml")):
        spec = load_form(path)
        forms[spec.id] = spec
    return forms


def get_form(form_id: str) -> FormSpec:
    return all_forms()[form_id]


def form_for_year(year: int) -> FormSpec:
    """The official format in force for a report year: gov-2021 from 2021, gov-2019 for 2019–2020."""
    fitting = [f for f in all_forms().values() if f.fits_year(year)]
    if not fitting:
        return max(all_forms().values(), key=lambda f: f.years[0])
    return max(fitting, key=lambda f: f.years[0])
