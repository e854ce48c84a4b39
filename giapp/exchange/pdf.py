"""The print-ready PDF of a whole report, laid out after GB/T 9704-2012 (党政机关公文格式)."""

from __future__ import annotations

import io
import re
from datetime import date, datetime
from pathlib import Path
from xml.sax.saxutils import escape

from reportlab.lib.enums import TA_CENTER, TA_JUSTIFY, TA_LEFT
from reportlab.lib.pagesizes import A4
from reportlab.lib.styles import ParagraphStyle
from reportlab.lib.units import mm
from reportlab.pdfbase.pdfmetrics import stringWidth
from reportlab.platypus import (
    BaseDocTemplate,
    CondPageBreak,
    Flowable,
    Frame,
    KeepTogether,
    PageTemplate,
    Paragraph,
    Spacer,
    XPreformatted,
)

from giapp.core.formspec import FormSpec
from giapp.core.report import Report, fingerprint
from giapp.exchange import cjkwrap
from giapp.exchange.fonts import FontSet, FontUnavailable, font_set
from giapp.exchange.pdf_tables import ENTERED_NOTE, XIAOWU, TablePrinter
from giapp.exchange.reportfile import write_atomically
from giapp.oserror import os_error_text

# GB/T 9704-2012 5.2.1: A4, type area 156 mm × 225 mm, top margin 37 mm, left (binding) margin 28 mm.
PAGE_W, PAGE_H = A4
LEFT, TOP = 28 * mm, 37 * mm
TYPE_W, TYPE_H = 156 * mm, 225 * mm
BOTTOM = PAGE_H - TOP - TYPE_H
ERHAO, SANHAO, SIHAO = 22.0, 16.0, 14.0  # 2号 title, 3号 body, 4号 page numbers
LEADING = TYPE_H / 22  # 22 lines a page (GB/T 9704 5.2.2), i.e. about 29 pt, the usual 固定值 28–29 磅
FOOTER_SIZE = 7.5

_H1 = re.compile(r"^[一二三四五六七八九十]{1,3}、")
_H2 = re.compile(r"^（[一二三四五六七八九十]{1,3}）")
_HEAD_MAX = 40  # a numbered line longer than this (without a 。 early on) is body text, not a heading

cjkwrap.install()


class PdfError(Exception):
    """The PDF could not be made or written; str() is one Chinese sentence that says what to do."""


class _BoldParagraph(Paragraph):
    """A paragraph painted fill-and-stroke: the bold 2号 title from a font that has no bold face."""

    def draw(self):
        c = self.canv
        c.saveState()
        c.setLineWidth(self.style.fontSize / 32)
        c.addLiteral("2 Tr")  # PDF text render mode 2 = fill, then stroke; restored with the state
        super().draw()
        c.restoreState()


def _styles(fonts: FontSet) -> dict[str, ParagraphStyle]:
    n = fonts.names
    body = ParagraphStyle(
        "body",
        fontName=n["fang"],
        fontSize=SANHAO,
        leading=LEADING,
        firstLineIndent=2 * SANHAO,
        alignment=TA_JUSTIFY,
        wordWrap="CJK",
    )
    return {
        "body": body,
        "h1": ParagraphStyle("h1", parent=body, fontName=n["hei"]),
        "h2": ParagraphStyle("h2", parent=body, fontName=n["kai"]),
        "title": ParagraphStyle(
            "title",
            fontName=n["song"],
            fontSize=ERHAO,
            leading=ERHAO * 1.5,
            alignment=TA_CENTER,
            wordWrap="CJK",
            spaceAfter=LEADING,
        ),
        "sign": ParagraphStyle("sign", parent=body, firstLineIndent=0, alignment=TA_LEFT),
        "note": ParagraphStyle(
            "note", fontName=n["fang"], fontSize=XIAOWU, leading=XIAOWU * 1.4, wordWrap="CJK", spaceBefore=3
        ),
    }


def _heading_break() -> CondPageBreak:
    """A heading never ends a page: with fewer than three lines left it starts the next one."""
    return CondPageBreak(3 * LEADING)


def _narrative(text: str, fonts: FontSet, styles: dict[str, ParagraphStyle]) -> list[Flowable]:
    """One Paragraph per line; a line opening with 一、 is set in 黑体, one opening with （一） in 楷体."""
    out = []
    for raw in text.splitlines():
        line = raw.replace("\t", " ").strip()
        if not line:
            continue
        role, level = ("hei", "h1") if _H1.match(line) else ("kai", "h2") if _H2.match(line) else (None, "")
        head, rest = "", line
        if role:
            stop = line.find("。")
            if 0 <= stop < _HEAD_MAX:  # “（一）主动公开情况。正文……”: the heading, then body text
                head, rest = line[: stop + 1], line[stop + 1 :]
            elif len(line) <= _HEAD_MAX:
                head, rest = line, ""
        if head and not rest:
            out.append(_heading_break())
            out.append(Paragraph(escape(fonts.printable(head, role)), styles[level]))
            continue
        markup = escape(fonts.printable(rest, "fang"))
        if head:
            markup = f'<font name="{fonts.names[role]}">{escape(fonts.printable(head, role))}</font>{markup}'
        out.append(Paragraph(markup, styles["body"]))
    return out


def signing_date(iso: str) -> str:
    """ "2024-01-20" → "2024年1月20日"; no date yet leaves room to write it by hand."""
    if not iso.strip():
        return "　　　　年　　月　　日"
    try:
        d = date.fromisoformat(iso.strip())
    except ValueError:
        return iso.strip()
    return f"{d.year}年{d.month}月{d.day}日"


def _signature(report: Report, fonts: FontSet, styles: dict[str, ParagraphStyle]) -> list[Flowable]:
    """落款 after GB/T 9704 7.3.5: the date 4 characters from the right, the agency centred above it."""
    style = styles["sign"]
    agency = fonts.printable(report.agency.strip(), "fang")
    when = fonts.printable(signing_date(report.date), "fang")
    right = 4 * SANHAO
    date_w = stringWidth(when, style.fontName, SANHAO)
    agency_w = stringWidth(agency, style.fontName, SANHAO)
    agency, when = escape(agency), escape(when)
    centre = TYPE_W - right - date_w / 2
    out: list[Flowable] = [Spacer(1, 2 * LEADING)]
    if agency:
        left = centre - agency_w / 2
        if left + agency_w > TYPE_W or left < 0:  # too long to centre: right-aligned, wrapped
            out.append(Paragraph(agency, ParagraphStyle("sign-r", parent=style, alignment=2)))
        else:
            out.append(Paragraph(agency, ParagraphStyle("sign-a", parent=style, leftIndent=left)))
    # XPreformatted keeps the ideographic spaces of a date left blank to be written by hand
    out.append(
        XPreformatted(when, ParagraphStyle("sign-d", parent=style, leftIndent=TYPE_W - right - date_w))
    )
    return out


def _story(spec: FormSpec, report: Report, fonts: FontSet) -> list[Flowable]:
    styles = _styles(fonts)
    year = str(report.year) if report.year else "　　"
    title = f"{report.agency.strip()}{year}年政府信息公开工作年度报告"
    story: list[Flowable] = [_BoldParagraph(escape(fonts.printable(title, "song")), styles["title"])]
    tables = TablePrinter(spec, report, fonts, TYPE_W)
    for section in spec.sections:
        heading: list[Flowable] = []
        if section.heading:
            heading = [
                _heading_break(),
                Paragraph(escape(fonts.printable(section.heading, "hei")), styles["h1"]),
            ]
        text = _narrative(report.texts.get(section.id, ""), fonts, styles)
        printed, blocks = tables.section_tables(section)
        kept: list[Flowable] = [KeepTogether([t]) for t in printed] if blocks else list(printed)
        if kept and heading and not text:
            # the heading moves to the next page with its table, never left alone at a page foot
            story += [heading[0], KeepTogether([*heading[1:], Spacer(1, 4), printed[0]]), *kept[1:]]
        else:
            story += heading + text
            if kept:
                story += [Spacer(1, 4), *kept]
        if tables.mismatches:
            note = ENTERED_NOTE + "；".join(tables.mismatches) + "。"
            story.append(Paragraph(escape(fonts.printable(note, "fang")), styles["note"]))
            tables.mismatches = []
        if printed:
            story.append(Spacer(1, LEADING / 2))
    story.extend(_signature(report, fonts, styles))
    return story


def _decorate(fonts: FontSet, footer: str):
    def on_page(canvas, doc) -> None:
        page = canvas.getPageNumber()
        canvas.saveState()
        # GB/T 9704 7.5: 4号 digits between 一字线, 7 mm under the type area, odd right / even left, 1 char in
        canvas.setFont(fonts.names["song"], SIHAO)
        y = BOTTOM - 7 * mm - SIHAO * 0.8
        text = f"— {page} —"
        if page % 2:
            canvas.drawRightString(LEFT + TYPE_W - SIHAO, y, text)
        else:
            canvas.drawString(LEFT + SIHAO, y, text)
        canvas.setFont(fonts.names["song"], FOOTER_SIZE)
        canvas.drawCentredString(LEFT + TYPE_W / 2, 10 * mm, footer)
        canvas.restoreState()

    return on_page


def footer_line(stamp: str, exported_at: datetime) -> str:
    return f"文档指纹 {stamp}　导出时间 {exported_at:%Y-%m-%d %H:%M}"


def pdf_bytes(spec: FormSpec, report: Report, *, exported_at: datetime | None = None) -> bytes:
    """The whole report as a PDF: every number (blank cells as 0), every text, fonts embedded and subset."""
    exported_at = exported_at or datetime.now()
    try:
        fonts = font_set()
    except FontUnavailable as e:
        raise PdfError(str(e)) from None
    try:
        stamp = fingerprint(spec, report)
    except UnicodeEncodeError:  # a lone surrogate from a damaged file: core cannot hash it
        raise PdfError(
            "报告的文字中有损坏的字符（无法识别的编码），请在程序中重新输入这段文字后再导出。"
        ) from None
    buf = io.BytesIO()
    doc = BaseDocTemplate(
        buf,
        pagesize=A4,
        leftMargin=LEFT,
        rightMargin=PAGE_W - LEFT - TYPE_W,
        topMargin=TOP,
        bottomMargin=BOTTOM,
        title=fonts.printable(f"{report.agency}{report.year}年政府信息公开工作年度报告", "song"),
        author=fonts.printable(report.agency, "song"),
        subject=stamp,
        creator="giapp 政府信息公开年度报告填报助手",
        # the same report and export time give the same bytes on every PC
        invariant=1,
        # else every page names Helvetica, a font that is not embedded
        initialFontName=fonts.names["song"],
    )
    frame = Frame(LEFT, BOTTOM, TYPE_W, TYPE_H, 0, 0, 0, 0, id="type-area")
    doc.addPageTemplates(
        PageTemplate("page", [frame], onPage=_decorate(fonts, footer_line(stamp, exported_at)))
    )
    try:
        doc.build(_story(spec, report, fonts))
    except Exception as e:  # reportlab raises many kinds; a clerk gets one sentence, the cause stays chained
        raise PdfError("生成 PDF 时出错，请把报告文件（文件→导出报告文件）发给技术支持人员。") from e
    return buf.getvalue()


def write_pdf(path, spec: FormSpec, report: Report, *, exported_at: datetime | None = None) -> None:
    """Write the PDF whole or not at all; a PDF open in a viewer on Windows gives a message, not a traceback."""
    data = pdf_bytes(spec, report, exported_at=exported_at)
    path = Path(path)
    try:
        write_atomically(path, data)
    except FileNotFoundError:
        raise PdfError(f"文件夹“{path.parent}”不存在，请换一个文件夹保存 PDF。") from None
    except IsADirectoryError:
        raise PdfError(f"“{path}”是一个文件夹，请另起一个文件名保存 PDF。") from None
    except PermissionError:
        raise PdfError(
            f"无法写入“{path}”：这个文件可能正在 PDF 阅读器中打开，或者没有写入这个文件夹的权限。"
            "请关闭打开它的程序，或换一个文件夹后再导出。"
        ) from None
    except OSError as e:
        raise PdfError(
            f"无法写入“{path}”（{os_error_text(e)}），请换一个文件夹或检查磁盘空间后再导出。"
        ) from None
