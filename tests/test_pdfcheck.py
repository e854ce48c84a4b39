"""The frozen self-test's small PDF reader finds pages, A4 and a fingerprint in a reportlab PDF."""

from __future__ import annotations

import pytest
from reportlab.lib.pagesizes import A4, letter
from reportlab.pdfbase import pdfmetrics
from reportlab.pdfbase.ttfonts import TTFont
from reportlab.pdfgen import canvas

from giapp.paths import resource
from giapp.pdfcheck import NotAPdf, pdf_facts


def _pdf(path, pages: int, size=A4, footer: str = "") -> bytes:
    if "WQY" not in pdfmetrics.getRegisteredFontNames():
        pdfmetrics.registerFont(TTFont("WQY", str(resource("fonts", "wqy-microhei.ttc")), subfontIndex=0))
    c = canvas.Canvas(str(path), pagesize=size)
    for n in range(pages):
        c.setFont("WQY", 9)
        c.drawString(72, 40, f"报告指纹：{footer}　第 {n + 1} 页")
        c.showPage()
    c.save()
    return path.read_bytes()


def test_pages_a4_and_fingerprint_in_embedded_font_text_are_found(tmp_path):
    facts = pdf_facts(_pdf(tmp_path / "a.pdf", 3, footer="3F2A-91C0-7B44"))
    assert facts.pages == 3
    assert facts.a4
    assert facts.contains("3F2A-91C0-7B44")
    assert not facts.contains("3F2A-91C0-7B45")


def test_letter_paper_is_not_a4(tmp_path):
    assert not pdf_facts(_pdf(tmp_path / "l.pdf", 1, size=letter)).a4


def test_fingerprint_in_utf16_document_information_is_found(tmp_path):
    c = canvas.Canvas(str(tmp_path / "m.pdf"), pagesize=A4)
    c.setSubject("报告指纹 0A1B-2C3D-4E5F")  # non-ASCII: reportlab writes the string as UTF-16
    c.showPage()
    c.save()
    assert pdf_facts((tmp_path / "m.pdf").read_bytes()).contains("0A1B-2C3D-4E5F")


@pytest.mark.parametrize(
    ("data", "reason"),
    [(b"PK\x03\x04 a zip, not a pdf", "不是PDF文件"), (b"%PDF-1.4\n1 0 obj\n<<", "不完整")],
)
def test_what_is_not_a_whole_pdf_is_refused_with_a_reason(data, reason):
    with pytest.raises(NotAPdf, match=reason):
        pdf_facts(data)
