"""The four CJK type roles of an official document (宋体 仿宋 黑体 楷体), registered once with reportlab."""

from __future__ import annotations

import os
import unicodedata
import zlib
from dataclasses import dataclass
from functools import cache
from pathlib import Path

from reportlab.pdfbase import pdfmetrics
from reportlab.pdfbase.ttfonts import TTFError, TTFont

from giapp.paths import resource

ROLES = ("song", "fang", "hei", "kai")
# The Windows fonts every Chinese Windows PC has had since XP; TrueType outlines, so reportlab embeds them.
WINDOWS_FILES = {"song": "simsun.ttc", "fang": "simfang.ttf", "hei": "simhei.ttf", "kai": "simkai.ttf"}
FALLBACK_FILE = "wqy-microhei.ttc"
# A character no font here has is printed as this mark (the traditional 〓 of Chinese typesetting), never dropped,
# so a reader sees that something stood there.
MISSING_MARK = "〓"


class FontUnavailable(RuntimeError):
    """No usable CJK font: the program's own font is missing or damaged; str() is the Chinese message."""


@dataclass(frozen=True)
class FontSet:
    """Registered reportlab font names per role, what each can print, and where they came from."""

    names: dict[str, str]
    coverage: dict[str, dict[int, int]]  # code point → glyph, per role
    sources: dict[str, str]
    mark: dict[str, str]

    def printable(self, text: str, role: str) -> str:
        """The text with every character the role's font lacks (emoji, 𠮷, control codes) replaced by 〓."""
        cmap = self.coverage[role]
        if all(ord(ch) in cmap for ch in text):  # the common case, no copy
            return text
        mark = self.mark[role]
        out = []
        for ch in text:
            if ord(ch) in cmap:
                out.append(ch)
            elif unicodedata.category(ch) in ("Mn", "Me", "Cf", "Sk") and out and out[-1] == mark:
                continue  # a variation selector or joiner after a missing emoji: one mark is enough
            else:
                out.append(mark)
        return "".join(out)


def windows_fonts_dir() -> Path:
    return Path(os.environ.get("WINDIR", r"C:\Windows")) / "Fonts"


def _load(path: Path, name: str) -> TTFont | None:
    try:
        return TTFont(name, str(path), subfontIndex=0)
    except (TTFError, OSError, ValueError, KeyError, IndexError, AssertionError):
        # a damaged or CFF-outline font: the bundled font prints instead
        return None


def font_set(windows_dir: Path | None = None) -> FontSet:
    """The fonts, registered once per process: the Windows fonts where present, else the bundled font."""
    return _font_set(windows_fonts_dir() if windows_dir is None else Path(windows_dir))


@cache
def _font_set(windows_dir: Path) -> FontSet:
    fonts: dict[str, TTFont] = {}
    sources: dict[str, str] = {}
    fallback: TTFont | None = None
    for role in ROLES:
        path = windows_dir / WINDOWS_FILES[role]
        # the name carries the file's path so a second font folder (tests) never replaces a registered font
        name = f"giapp-{role}-{zlib.crc32(str(path).encode()):08x}"
        font = _load(path, name) if path.is_file() else None
        if font is None:
            if fallback is None:
                fallback = _load(resource("fonts", FALLBACK_FILE), "giapp-fallback")
                if fallback is None:
                    raise FontUnavailable(
                        f"找不到可用的中文字体（程序自带的 {FALLBACK_FILE} 缺失或已损坏），无法生成 PDF。请重新安装本程序。"
                    )
                pdfmetrics.registerFont(fallback)
            font, sources[role] = fallback, f"程序自带 {FALLBACK_FILE}"
        else:
            pdfmetrics.registerFont(font)
            sources[role] = str(path)
        fonts[role] = font
    coverage = {role: f.face.charToGlyph for role, f in fonts.items()}
    return FontSet(
        names={role: f.fontName for role, f in fonts.items()},
        coverage=coverage,
        sources=sources,
        mark={role: MISSING_MARK if ord(MISSING_MARK) in coverage[role] else "?" for role in ROLES},
    )
