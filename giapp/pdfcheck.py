"""Just enough PDF reading for the self-test: is it whole, how many pages, A4, and is a given text in it.

The frozen program carries no PDF library (pypdf is a developer tool only), and these facts need none: reportlab
writes plain objects whose streams are Flate and ASCII85 encoded, and with `ttfAsciiReadable` (its default) ASCII
text such as the fingerprint stays readable inside the embedded-font strings.
"""

from __future__ import annotations

import base64
import re
import zlib
from dataclasses import dataclass

_PAGE = re.compile(rb"/Type\s*/Page(?![A-Za-z])")
_A4 = re.compile(rb"/MediaBox\s*\[\s*0(?:\.0+)?\s+0(?:\.0+)?\s+595(?:\.\d+)?\s+841(?:\.\d+)?\s*\]")
_STREAM = re.compile(rb"(?<!end)stream\r?\n")
_ESCAPE = re.compile(rb"\\([0-7]{1,3}|[\s\S])")
_FILTERS = re.compile(rb"/(FlateDecode|ASCII85Decode|ASCIIHexDecode|Fl|A85|AHx)\b")


@dataclass(frozen=True)
class PdfFacts:
    pages: int
    a4: bool
    text: bytes  # the file with every stream it could decode appended, to search in

    def contains(self, ascii_text: str) -> bool:
        """True when the text is there literally, or as UTF-16 (document information and hex strings)."""
        raw = ascii_text.encode("ascii")
        utf16 = ascii_text.encode("utf-16-be")
        return any(
            needle in self.text for needle in (raw, utf16, utf16.hex().encode(), utf16.hex().upper().encode())
        )


class NotAPdf(ValueError):
    """The bytes are not a complete PDF; str() says why, in Chinese."""


def pdf_facts(data: bytes) -> PdfFacts:
    if not data.startswith(b"%PDF-"):
        raise NotAPdf("不是PDF文件（开头不是 %PDF-）")
    if b"%%EOF" not in data[-2048:]:
        raise NotAPdf("PDF文件不完整（没有结尾标记 %%EOF）")
    decoded = [_decode(data, m.end()) for m in _STREAM.finditer(data)]
    text = b"\n".join([data, *(d for d in decoded if d)])
    # pages may also sit inside compressed object streams, hence counting in the decoded text too
    pages = len(_PAGE.findall(text))
    a4 = _A4.search(text) is not None
    # literal strings escape bytes as \ddd (UTF-16 metadata is full of \000): search the unescaped text too
    text += b"\n" + _ESCAPE.sub(_unescape, text)
    return PdfFacts(pages=pages, a4=a4, text=text)


def _unescape(m: re.Match) -> bytes:
    code = m.group(1)
    if code[0] in b"01234567":
        return bytes([int(code, 8) & 0xFF])
    return {b"n": b"\n", b"r": b"\r", b"t": b"\t", b"b": b"\b", b"f": b"\f"}.get(code, code)


def _decode(data: bytes, start: int) -> bytes | None:
    end = data.find(b"endstream", start)
    if end < 0:
        return None
    head = data[max(0, data.rfind(b"obj", 0, start)) : start]
    body = data[start:end].rstrip(b"\r\n")
    try:
        for name in _FILTERS.findall(head):
            if name in (b"FlateDecode", b"Fl"):
                body = zlib.decompressobj().decompress(body)
            elif name in (b"ASCII85Decode", b"A85"):
                body = body.strip()
                if not body.endswith(b"~>"):
                    body += b"~>"
                body = base64.a85decode(body, adobe=True, ignorechars=b" \t\r\n")
            else:
                body = bytes.fromhex(body.strip().rstrip(b">").decode("ascii"))
    except (zlib.error, ValueError):
        return None  # an image or font stream in a filter we do not need
    return body
