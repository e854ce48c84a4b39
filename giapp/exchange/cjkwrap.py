"""Two fixes to reportlab's CJK paragraphs for Chinese typesetting: line-start marks and justified lines.

reportlab keeps only some closing marks (、。） and a few) off a line start, and it justifies a line by widening
spaces, which Chinese text has none of: lines end ragged and a mark hung at the end of a line sticks out past
the type area. Both are module globals of reportlab (textsplit, platypus.paragraph); `install()` completes the one and
wraps the other so that a CJK line is justified by spacing its characters (PDF Tc), as word processors do.
"""

from __future__ import annotations

from reportlab.lib import textsplit as _rl_split
from reportlab.platypus import paragraph as _rl

NO_LINE_START = "，；：！？”’》〉」』】〕〗…"

_original_justify = _rl._justifyDrawParaLine  # lines of one style: the text of the line as one word
_original_justify_x = _rl._justifyDrawParaLineX  # lines of mixed styles (a 楷体 heading, then 仿宋 text)


def _spread(tx, extra: float, glyphs: int, last) -> bool:
    """Share the space left over on a full line (or missing, when a closing mark was pulled onto it) between
    its characters; False when the line is the last of its paragraph or has nothing to share."""
    if last or glyphs < 2 or abs(extra) < 1e-6:
        return False
    tx.setCharSpace(extra / (glyphs - 1))
    return True


def _justify(tx, offset, extraspace, words, last=0):
    if len(words) == 1 and _spread(tx, extraspace, len(words[0]), last):
        try:
            return _original_justify(tx, offset, 0, words, last)
        finally:
            tx.setCharSpace(0)
    return _original_justify(tx, offset, extraspace, words, last)


def _justify_x(tx, offset, line, last=0):
    if getattr(line, "kind", 0) == 1 and not line.lineBreak:
        glyphs = sum(len(w.text) for w in line.words if not hasattr(w, "cbDefn"))
        if _spread(tx, line.extraSpace, glyphs, last):
            try:
                return _original_justify_x(tx, offset, line, last=1)  # 1: no word spacing on top
            finally:
                tx.setCharSpace(0)
    return _original_justify_x(tx, offset, line, last)


def install() -> None:
    """Idempotent; called when the PDF module is imported."""
    # both copies: one-style paragraphs break in textsplit, mixed-style ones in paragraph
    for module in (_rl_split, _rl):
        if not set(NO_LINE_START) <= set(module.ALL_CANNOT_START):
            module.ALL_CANNOT_START += NO_LINE_START
    _rl._justifyDrawParaLine = _justify
    _rl._justifyDrawParaLineX = _justify_x
