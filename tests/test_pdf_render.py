"""Page 1 and the page with table 三 rendered to PNG under tests/artifacts/, for a person to look at."""

from __future__ import annotations

import shutil
import subprocess
from datetime import datetime
from pathlib import Path

import pytest
from pdf_helpers import no_space, page_texts

from giapp.examples import example_report
from giapp.exchange.pdf import write_pdf

ARTIFACTS = Path(__file__).resolve().parent / "artifacts"


@pytest.mark.skipif(shutil.which("pdftoppm") is None, reason="pdftoppm (poppler-utils) is not installed")
@pytest.mark.parametrize("form_id", ["gov-2019", "gov-2021"])
def test_first_page_and_table_three_render_to_png(form_id):
    spec, report = example_report(form_id)
    ARTIFACTS.mkdir(exist_ok=True)
    pdf = ARTIFACTS / f"{form_id}.pdf"
    write_pdf(pdf, spec, report, exported_at=datetime(2024, 1, 25, 9, 30))
    texts = [no_space(t) for t in page_texts(pdf.read_bytes())]
    table_page = next(i for i, t in enumerate(texts, 1) if "（本列数据的勾稽关系为" in t)
    for page, name in ((1, "page1"), (table_page, "table3")):
        stem = ARTIFACTS / f"{form_id}-{name}"
        subprocess.run(
            [
                "pdftoppm",
                "-png",
                "-r",
                "110",
                "-singlefile",
                "-f",
                str(page),
                "-l",
                str(page),
                str(pdf),
                str(stem),
            ],
            check=True,
            timeout=60,
        )
        png = stem.with_suffix(".png")
        assert png.stat().st_size > 10_000  # a page with text on it, not a blank one
        assert png.read_bytes()[:8] == b"\x89PNG\r\n\x1a\n"
