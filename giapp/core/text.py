"""Texts that come from outside (a file, a paste from Word): line breaks made plain, invisible controls removed."""

from __future__ import annotations

import re

# C0/C1 control characters other than tab and newline: Word's vertical tab (\x0b) is its manual line break,
# the rest are invisible and some (\x07, \x1b …) cannot even be stored in an Excel cell.
_CONTROLS = re.compile(r"[\x00-\x08\x0c\x0e-\x1f\x7f-\x9f]")
_LINE_BREAKS = re.compile(r"\r\n|[\r\x0b\u2028\u2029\x85]")


def clean_text(text: str) -> str:
    """A narrative as it will print: every kind of line break as "\\n", invisible control characters gone."""
    return _CONTROLS.sub("", _LINE_BREAKS.sub("\n", text))


def clean_line(text: str) -> str:
    """A one-line field (agency name, draft name): line breaks become spaces, ends trimmed."""
    return re.sub(r"\s*\n\s*", " ", clean_text(text)).strip()
