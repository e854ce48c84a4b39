"""What a clerk types into a cell, turned into a value (int or Decimal) or a plain Chinese refusal."""

from __future__ import annotations

import re
import unicodedata
from decimal import Decimal, InvalidOperation

Value = int | Decimal | None

MAX_VALUE = 999_999_999
MAX_DECIMALS = 6

# Everything a Chinese IME, Excel/WPS or a web page may put around or inside a number.
_MINUS = "-−－—–﹣‐"
_PLUS = "+＋﹢"
_SEPARATORS = ",， \u00a0\u2009\u202f\u3000'’"
_DOT = ".．。"
_NUMBER = re.compile(r"^([0-9]+)(?:\.([0-9]*))?$")  # ASCII digits only: NFKC has made full-width ones so


class InputError(ValueError):
    """A typed value that cannot go into its cell; str() is the Chinese message for the clerk."""


KIND_RULES = {
    "count": "应为不小于 0 的整数",
    "signed": "应为整数（减少时填负数）",
    "money": "应为不小于 0 的金额",
    "derived": "由程序自动计算",
}


def parse_value(text: str | int | Decimal | None, kind: str) -> Value:
    """Parse what was typed (or pasted) for a cell of `kind`; blank gives None, which is not 0."""
    if text is None:
        return None
    if isinstance(text, bool):
        raise InputError("请填写数字。")
    if isinstance(text, int | Decimal):
        if isinstance(text, Decimal) and not text.is_finite():
            raise InputError("请填写数字。")
        return _check_range(Decimal(text), kind, str(text))
    raw = str(text)
    if any(unicodedata.category(ch) == "No" for ch in raw):  # ①, ², ½: NFKC would turn 10² into 102
        raise InputError(f"“{raw.strip()[:20]}”不是数字，请只填写阿拉伯数字。")
    s = unicodedata.normalize("NFKC", raw).strip()
    s = s.strip("\u200b\ufeff").strip()
    if not s:
        return None
    shown = raw.strip()[:20]
    if s[0] == "=":
        raise InputError(f"“{shown}”是公式，请直接填写数字。")
    negative = False
    if s[0] in _MINUS:
        negative, s = True, s[1:].lstrip()
    elif s[0] in _PLUS:
        s = s[1:].lstrip()
    if s.endswith("%"):
        raise InputError(f"“{shown}”是百分数，这里应填写数字。")
    for ch in _DOT:
        s = s.replace(ch, ".")
    if any(ch in s for ch in _SEPARATORS):
        s = _strip_thousands(s, shown)
    m = _NUMBER.match(s)
    if not m:
        raise InputError(f"“{shown}”不是数字，请只填写阿拉伯数字。")
    whole, frac = m.group(1), m.group(2)
    if frac is not None and frac.strip("0") and kind != "money":
        raise InputError(f"“{shown}”有小数，{_what(kind)}只能填写整数。")
    if frac is not None and len(frac.rstrip("0")) > MAX_DECIMALS:
        raise InputError(f"“{shown}”的小数位数太多，最多保留 {MAX_DECIMALS} 位。")
    try:
        number = Decimal(f"{whole}.{frac}" if frac else whole)
    except InvalidOperation:  # pragma: no cover - the regex admits only digits
        raise InputError(f"“{shown}”不是数字。") from None
    if negative:
        number = -number
    return _check_range(number, kind, shown)


def _strip_thousands(s: str, shown: str) -> str:
    """Accept 1,234,567 (and its full-width and space forms); refuse 1,23 or 12,3456 as a likely typo."""
    whole, dot, frac = s.partition(".")
    parts = re.split(f"[{re.escape(_SEPARATORS)}]", whole)
    if any(ch in frac for ch in _SEPARATORS):
        raise InputError(f"“{shown}”的写法看不明白，请只填写数字。")
    if not parts[0] or len(parts[0]) > 3 or any(len(p) != 3 for p in parts[1:]):
        raise InputError(f"“{shown}”的千位分隔符位置不对，请去掉逗号或空格后重新填写。")
    return "".join(parts) + (f".{frac}" if dot else "")


def _what(kind: str) -> str:
    return {"count": "这一格", "signed": "这一格", "money": "金额"}.get(kind, "这一格")


def _check_range(number: Decimal, kind: str, shown: str) -> Value:
    if kind == "derived":
        raise InputError("这一格是合计，由程序自动计算，不能填写。")
    if number < 0 and kind != "signed":
        what = "金额" if kind == "money" else "这一格"
        raise InputError(f"“{shown}”是负数，{what}不能为负数。")
    if abs(number) > MAX_VALUE:
        raise InputError(f"“{shown}”太大了，最大只能填 999,999,999。请核对是否多打了数字。")
    if kind == "money":
        return plain_money(number)
    if number != number.to_integral_value():
        raise InputError(f"“{shown}”有小数，这一格只能填写整数。")
    return int(number)


def plain_money(number: Decimal) -> Decimal:
    """An amount without trailing zeros and never in exponent form: 12.50 → 12.5, 1000.0 → 1000 (not 1E+3)."""
    if number == number.to_integral_value():
        return Decimal(int(number))
    return number.normalize()


def format_value(value: Value, decimals: int | None = None) -> str:
    """The canonical text of a value, as stored and as exported: "12", "-3", "4068.208", "" for blank."""
    if value is None:
        return ""
    if isinstance(value, Decimal):
        if decimals is not None:
            value = value.quantize(Decimal(1).scaleb(-decimals)) if decimals else value.to_integral_value()
        text = format(value, "f")
        if "." in text and decimals is None:
            text = text.rstrip("0").rstrip(".")
        return text
    return str(value)


def value_ok(value: Value, kind: str) -> bool:
    """Whether a stored value fits its kind (I4); used on values that came from a file, not a keyboard."""
    if value is None:
        return True
    if kind == "money":
        if type(value) is Decimal and not value.is_finite():
            return False
        return type(value) in (int, Decimal) and 0 <= value <= MAX_VALUE
    if type(value) is not int:
        return False
    return (-MAX_VALUE if kind == "signed" else 0) <= value <= MAX_VALUE
