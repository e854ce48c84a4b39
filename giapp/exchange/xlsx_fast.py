"""Read the cells of a plain workbook straight from its XML parts; anything unusual is left to openpyxl."""

from __future__ import annotations

import posixpath
import re
import zipfile
from functools import lru_cache
from pathlib import Path
from xml.etree.ElementTree import Element, ParseError, fromstring

from openpyxl.cell.text import Text
from openpyxl.packaging.core import DocumentProperties
from openpyxl.packaging.custom import CustomPropertyList
from openpyxl.packaging.manifest import Manifest
from openpyxl.packaging.relationship import RelationshipList, get_rels_path
from openpyxl.packaging.workbook import WorkbookPackage
from openpyxl.styles.numbers import builtin_format_code, is_date_format
from openpyxl.utils.cell import coordinate_to_tuple, range_boundaries
from openpyxl.xml.constants import SHARED_STRINGS, XLSM, XLSX, XLTM, XLTX

M = "{http://schemas.openxmlformats.org/spreadsheetml/2006/main}"
ROW, CELL, VALUE, FORMULA, INLINE, SI, T = (M + t for t in ("row", "c", "v", "f", "is", "si", "t"))
WORKSHEET = "http://schemas.openxmlformats.org/officeDocument/2006/relationships/worksheet"
SUFFIXES = (".xlsx", ".xlsm", ".xltx", ".xltm")  # openpyxl refuses a file by any other name
# Parts of a plain workbook as giapp, Excel, WPS and LibreOffice write it. Anything else (drawings, comments,
# pivot tables, external links, custom XML …) sends the file to openpyxl, which knows what to make of it.
KNOWN_PARTS = re.compile(
    r"\[Content_Types\]\.xml|_rels/\.rels|docProps/(app|core|custom)\.xml|xl/(workbook\.xml|_rels/workbook\.xml\.rels"
    r"|styles\.xml|sharedStrings\.xml|calcChain\.xml|theme/theme\d+\.xml|worksheets/sheet\d+\.xml"
    r"|worksheets/_rels/sheet\d+\.xml\.rels|printerSettings/printerSettings\d+\.bin)"
)
XML_DECL_ENCODING = re.compile(rb"""encoding\s*=\s*["']([^"']*)["']""")
DIMENSION = re.compile(r"[A-Z]{1,3}[1-9]\d*(:[A-Z]{1,3}[1-9]\d*)?")


class Unsupported(Exception):
    """Something the fast reader does not fully understand: openpyxl reads the file instead."""


def xml_part(z: zipfile.ZipFile, name: str) -> Element:
    """A part parsed by the C parser, only if it is UTF-8 and has no DTD at all: no DTD means no entity can be
    declared or fetched (a stricter rule than defusedxml's); every other part goes to openpyxl and defusedxml."""
    data = z.read(name)
    body = data[3:] if data.startswith(b"\xef\xbb\xbf") else data
    if b"\0" in body or b"<!" in body:  # NUL: UTF-16/32, which would hide "<!DOCTYPE" from this byte test
        raise Unsupported(f"{name}: DTD, comment or not UTF-8")
    if body.startswith(b"<?xml"):
        found = XML_DECL_ENCODING.search(body[: body.find(b"?>")])
        if found and found.group(1).lower() not in (b"utf-8", b"utf8"):
            raise Unsupported(f"{name}: encoding {found.group(1)!r}")
    elif not body.startswith(b"<"):
        raise Unsupported(f"{name}: not XML")
    try:
        return fromstring(data)
    except ParseError as e:
        raise Unsupported(f"{name}: {e}") from None


def text_of(node: Element) -> str:
    """What openpyxl's Text.from_tree(node).content gives, without building objects for a plain string."""
    if not node.attrib and len(node) == 1 and node[0].tag == T and not len(node[0]):
        return node[0].text or ""
    return Text.from_tree(node).content  # rich text, phonetic runs …: openpyxl's own reading


def shared_strings(root: Element) -> list[str]:
    strings = [text_of(si).replace("x005F_", "") for si in root if si.tag == SI]
    if root.tag != M + "sst" or len(strings) != len(root) or sum(1 for _ in root.iter(SI)) != len(strings):
        raise Unsupported("shared strings")
    return strings


def date_styles(root: Element) -> set[int]:
    """Cell styles whose number format shows a date or time (openpyxl turns such numbers into datetimes)."""
    custom = {int(f.get("numFmtId", "")): f.get("formatCode") for f in root.iterfind(f"{M}numFmts/{M}numFmt")}
    xfs = root.find(M + "cellXfs")
    if xfs is None or not len(xfs):
        raise Unsupported("no cell styles")
    found = set()
    for i, xf in enumerate(xfs):
        if xf.tag != M + "xf":
            raise Unsupported("cell styles")
        n = int(xf.get("numFmtId", "0"))
        if is_date_format(custom[n] if n in custom else builtin_format_code(n)):
            found.add(i)
    return found


@lru_cache(maxsize=4096)
def _column(coordinate: str, row: int) -> int:
    r, c = coordinate_to_tuple(coordinate)
    if r != row:
        raise Unsupported(f"cell {coordinate} in row {row}")
    return c


def _number(text: str) -> int | float:
    # openpyxl's rule: a point or an exponent makes a float
    return float(text) if "." in text or "E" in text or "e" in text else int(text)


class FastBook:
    """The sheets of a workbook as openpyxl's read-only values would give them, from one pass over the zip."""

    def __init__(self, path: Path):
        if path.suffix.lower() not in SUFFIXES:
            raise Unsupported("suffix")
        with zipfile.ZipFile(path) as z:
            names = z.namelist()
            if len(set(names)) != len(names) or not all(KNOWN_PARTS.fullmatch(n) for n in names):
                raise Unsupported("parts")
            manifest = Manifest.from_tree(xml_part(z, "[Content_Types].xml"))
            main = next((p for p in map(manifest.find, (XLTM, XLTX, XLSM, XLSX)) if p), None)
            if main is None or main.PartName != "/xl/workbook.xml" or "xl/styles.xml" not in names:
                raise Unsupported("workbook part")
            strings = manifest.find(SHARED_STRINGS)
            self.strings = shared_strings(xml_part(z, strings.PartName[1:])) if strings is not None else []
            package = WorkbookPackage.from_tree(xml_part(z, "xl/workbook.xml"))
            for optional, kind in (
                ("docProps/core.xml", DocumentProperties),
                ("docProps/custom.xml", CustomPropertyList),
            ):
                if optional in names:
                    kind.from_tree(xml_part(z, optional))
            self.dates = date_styles(xml_part(z, "xl/styles.xml"))
            targets = self._targets(z, "xl/_rels/workbook.xml.rels")
            self.sheets: dict[str, Element] = {}
            for sheet in package.sheets:
                kind, target = targets[sheet.id]
                if kind != WORKSHEET or target not in names or sheet.name in self.sheets:
                    raise Unsupported(f"sheet {sheet.name}")
                if get_rels_path(target) in names:
                    self._targets(z, get_rels_path(target))
                self.sheets[sheet.name] = xml_part(z, target)
        self.sheetnames = list(self.sheets)
        for name in self.sheetnames:  # openpyxl reads every sheet's <dimension> when it opens the workbook
            self.max_row(name)

    @staticmethod
    def _targets(z: zipfile.ZipFile, rels: str) -> dict[str, tuple[str, str]]:
        """Relationship id → (type, part), resolved as openpyxl's get_dependents does."""
        parent = posixpath.split(posixpath.dirname(rels))[0]
        out = {}
        for r in RelationshipList.from_tree(xml_part(z, rels)):
            if r.TargetMode == "External":
                continue
            target = (
                r.Target[1:]
                if r.Target.startswith("/")
                else posixpath.normpath(posixpath.join(parent, r.Target))
            )
            out[r.Id] = (r.Type, target)
        return out

    def max_row(self, sheet: str) -> int | None:
        """The last row the sheet's <dimension> declares, which is where openpyxl stops when not told."""
        root = self.sheets[sheet]
        if sum(1 for _ in root.iter(M + "dimension")) != sum(1 for el in root if el.tag == M + "dimension"):
            raise Unsupported("dimension out of place")
        for el in root:
            if el.tag == M + "sheetData":
                return None
            if el.tag == M + "dimension":
                ref = el.get("ref", "")
                if not DIMENSION.fullmatch(ref):
                    raise Unsupported(f"dimension {ref}")
                return range_boundaries(ref)[3]
        return None

    def rows(self, sheet: str, max_row: int | None, max_col: int, data_only: bool = False) -> list[tuple]:
        """Rows 1…max_row of columns 1…max_col as values, the rows openpyxl's iter_rows(values_only=True) yields."""
        root = self.sheets[sheet]
        data = [el for el in root if el.tag == M + "sheetData"]
        if (
            len(data) != 1
            or any(el.tag != ROW for el in data[0])
            or len(data[0]) != sum(1 for _ in root.iter(ROW))
        ):
            raise Unsupported("sheet data")
        out: list[tuple] = []
        blank = (None,) * max_col
        last = 0
        for row in data[0]:
            r = row.get("r", "")
            if not (r.isascii() and r.isdigit()) or int(r) <= last:
                raise Unsupported(f"row {r!r}")
            last = int(r)
            values = self._row(row, last, max_col, data_only)  # openpyxl reads the first row past the end too
            if max_row is not None and last > max_row:
                # openpyxl then yields blank rows down to max_row (the row count matters for the giapp sheet)
                return out + [blank] * (max_row - len(out))
            out.extend([blank] * (last - 1 - len(out)))
            out.append(values)
        return out

    def _row(self, row: Element, r: int, max_col: int, data_only: bool) -> tuple:
        values: list = [None] * max_col
        last = 0
        for c in row:
            if c.tag != CELL:
                raise Unsupported("row content")
            col = _column(c.get("r", ""), r)
            if col <= last:
                raise Unsupported(f"cell order in row {r}")
            last = col
            value = self._value(c, data_only)
            if col <= max_col:
                values[col - 1] = value
        return tuple(values)

    def _value(self, c: Element, data_only: bool):
        """One cell as openpyxl's WorkSheetParser.parse_cell gives it; dates and shared formulas are not ours."""
        kind = c.get("t", "n")
        style = c.get("s", "")
        if style and not (style.isascii() and style.isdigit()):
            raise Unsupported(f"style {style!r}")
        formula = None if data_only else c.find(FORMULA)
        if formula is not None:
            if formula.get("t", "normal") != "normal":
                raise Unsupported("shared, array or table formula")
            return "=" + (formula.text or "")
        if kind == "inlineStr":
            inline = c.find(INLINE)
            return None if inline is None else text_of(inline)
        value = c.findtext(VALUE) or None
        if value is None:
            return None
        if kind == "n":
            if int(style or "0") in self.dates:  # no s="…" is style 0, which may be a date format too
                raise Unsupported("date")
            return _number(value)
        if kind == "s":
            return self.strings[int(value)]
        if kind == "b":
            return bool(int(value))
        if kind == "d":
            raise Unsupported("ISO date")
        return value  # "str", "e" (#N/A …) and unknown types stay text, as in openpyxl
